"""Partner and community reports: each section's rows, totals per unit and currency, codes."""

from __future__ import annotations

from dataclasses import replace

import pytest

from tracker.documents import (
    ReportData,
    ReportSection,
    render_community_report,
    render_partner_report,
)


@pytest.mark.parametrize("lang", ["en", "uk"])
def test_partner_report(partner_report: ReportData, pdf_text, lang: str) -> None:
    text = pdf_text(render_partner_report(partner_report, lang=lang))
    expected = {
        "en": [
            "Partner report",
            "Pledged",
            "Shipped",
            "Delivered",
            "Sweden",
            "Jan 1, 2024",
            "Jun 30, 2024",
            "21,000.00 EUR; 60,000.00 SEK",
            "allocated",
            "Community",
            "Receipt",
            "Generators",
            "Clothing",
        ],
        "uk": [
            "Звіт партнера",
            "Запропоновано",
            "Відвантажено",
            "Доставлено",
            "Швеція",
            "1 січ. 2024 р.",
            "30 черв. 2024 р.",
            "21 000,00 EUR; 60 000,00 SEK",
            "розподілено",
            "Громада",
            "Акт",
            "Генератори",
            "Одяг",
        ],
    }[lang]
    given = [
        "Höörs kommun",
        "Höör",
        "Storgatan 36",
        "Копичинецька міська територіальна громада",
        "Generator 30 kVA",
        "Vinterjackor för barn",
        "PL-31",
        "WB-2024-000201",
        "RCPT-H00R-K0PY",
    ]
    for value in given + expected:
        assert value in text, f"{value!r} missing from the {lang} partner report"
    # Quantities sum per unit: the pledged section holds 3 + 400 pieces.
    assert ("403 pcs" if lang == "en" else "403 шт.") in text


@pytest.mark.parametrize("lang", ["en", "uk"])
def test_community_report(community_report: ReportData, pdf_text, lang: str) -> None:
    text = pdf_text(render_community_report(community_report, lang=lang))
    expected = {
        "en": [
            "Community report",
            "Requested",
            "Received",
            "Outstanding",
            "Ukraine",
            "Partner",
            "25 pcs",
            "22 pcs",
            "21,000.00 EUR",
            "open",
            "pledged",
        ],
        "uk": [
            "Звіт громади",
            "Запитано",
            "Отримано",
            "Ще очікується",
            "Україна",
            "Партнер",
            "25 шт.",
            "22 шт.",
            "21 000,00 EUR",
            "відкритий",
            "запропоновано",
        ],
    }[lang]
    given = [
        "Копичинецька міська територіальна громада",
        "Копичинці",
        "Тернопільська область",
        "Генератор 30 кВА",
        "Ліжка лікарняні",
        "RQ-14",
        "RQ-15",
        "Höörs kommun",
        "RCPT-H00R-K0PY",
    ]
    for value in given + expected:
        assert value in text, f"{value!r} missing from the {lang} community report"


def test_empty_section_says_nothing_happened(partner_report: ReportData, pdf_text) -> None:
    report = replace(partner_report, sections=[ReportSection("pledged"), ReportSection("shipped")])
    text = pdf_text(render_partner_report(report, lang="en"))
    assert text.count("Nothing in this period.") == 2


@pytest.mark.parametrize("lang", ["en", "uk"])
def test_header_words_stay_whole_when_no_row_has_a_date(
    partner_report: ReportData, pdf_text, lang: str
) -> None:
    undated = [
        replace(section, rows=[replace(row, on=None, reference="#7") for row in section.rows])
        for section in partner_report.sections
    ]
    text = pdf_text(render_partner_report(replace(partner_report, sections=undated), lang=lang))
    header = {"en": "Date / Reference", "uk": "Дата / Номер"}[lang]
    assert header in text
