"""What holds for every document: A4, fonts embedded, page X of Y on long tables, escaping,
size, determinism, language fallback."""

from __future__ import annotations

import io
from dataclasses import replace
from decimal import Decimal

import pytest
from pypdf import PdfReader
from reportlab.platypus import Paragraph

from tracker.documents import (
    ReceiptLine,
    WaybillLine,
    render_community_report,
    render_donation_certificate,
    render_partner_report,
    render_receipt,
    render_waybill,
)
from tracker.documents.labels import LABELS
from tracker.documents.layout import esc, styles, wrap_text

A4 = (595.2756, 841.8898)  # 210 × 297 mm in points
MAX_BYTES = 60 * 1024


@pytest.fixture
def all_documents(waybill, receipt, certificate, partner_report, community_report):
    return {
        "waybill": lambda lang: render_waybill(waybill, lang=lang),
        "receipt": lambda lang: render_receipt(receipt, lang=lang),
        "certificate": lambda lang: render_donation_certificate(certificate, lang=lang),
        "partner_report": lambda lang: render_partner_report(partner_report, lang=lang),
        "community_report": lambda lang: render_community_report(community_report, lang=lang),
    }


@pytest.mark.parametrize("lang", ["uk", "en", "de", "sv"])
def test_every_document_is_a4_small_and_embeds_its_fonts(all_documents, lang: str) -> None:
    for name, render in all_documents.items():
        pdf = render(lang)
        assert pdf.startswith(b"%PDF-"), name
        assert len(pdf) < MAX_BYTES, f"{name} is {len(pdf)} bytes"
        reader = PdfReader(io.BytesIO(pdf))
        for page in reader.pages:
            box = page.mediabox
            assert (float(box.width), float(box.height)) == pytest.approx(A4, abs=0.01), name
            for font in page["/Resources"]["/Font"].values():
                font = font.get_object()
                assert font["/Subtype"] == "/TrueType", (name, font["/BaseFont"])
                assert "/FontFile2" in font["/FontDescriptor"], (name, font["/BaseFont"])
                assert "DejaVuSans" in font["/BaseFont"]


def test_same_input_gives_the_same_bytes(all_documents) -> None:
    for name, render in all_documents.items():
        assert render("uk") == render("uk"), name


def test_long_waybill_repeats_its_header_and_numbers_its_pages(waybill, pdf_text) -> None:
    lines = [
        WaybillLine(
            f"Генератор {n} кВт — Ölfilter & Sägeblatt",
            "generator",
            n,
            "pcs",
            Decimal(n * 100),
            "EUR",
        )
        for n in range(1, 121)
    ]
    pdf = render_waybill(replace(waybill, lines=lines), lang="en")
    assert len(pdf) < MAX_BYTES
    pages = len(PdfReader(io.BytesIO(pdf)).pages)
    assert pages >= 3
    for page in range(1, pages + 1):
        text = pdf_text(pdf, page=page)
        assert f"Page {page} of {pages}" in text
        assert "WB-2024-000123" in text  # the running header names the document
        rows = pdf_text(pdf, page=page, raw=True, layout=True).splitlines()
        header = [
            r for r in rows if r.split() == ["No.", "Item", "Category", "Quantity", "Unit", "Value"]
        ]
        if page < pages or "120" in text:
            assert len(header) == 1, f"no header row on page {page}"
    whole = pdf_text(pdf)
    for n in (1, 60, 120):
        assert f"Генератор {n} кВт — Ölfilter & Sägeblatt" in whole
    assert "7,260 pcs" in whole and "726,000.00 EUR" in whole


def test_long_receipt_spans_pages_in_ukrainian(receipt, pdf_text) -> None:
    lines = [ReceiptLine(f"Ковдра № {n}", "pcs", 10, 10 if n % 7 else 9) for n in range(1, 121)]
    pdf = render_receipt(replace(receipt, lines=lines), lang="uk")
    pages = len(PdfReader(io.BytesIO(pdf)).pages)
    assert pages >= 3 and len(pdf) < MAX_BYTES
    for page in range(1, pages + 1):
        assert f"Сторінка {page} з {pages}" in pdf_text(pdf, page=page)
    assert receipt.sha256 in pdf_text(pdf)


def test_markup_in_user_text_is_printed_literally(waybill, receipt, pdf_text) -> None:
    tricky = "Generator <50 kW> & <b>cables</b> &amp; <i>plugs</i>"
    pdf = render_waybill(
        replace(waybill, carrier=tricky, lines=[WaybillLine(tricky, "other", 1, "pcs")])
    )
    assert pdf_text(pdf).count(tricky) == 2
    pdf = render_receipt(replace(receipt, received_by=tricky))
    assert tricky in pdf_text(pdf)


def test_unknown_language_falls_back_to_english(waybill, pdf_text) -> None:
    assert "Humanitarian waybill" in pdf_text(render_waybill(waybill, lang="pl"))
    assert "Накладна на гуманітарний вантаж" in pdf_text(render_waybill(waybill, lang="uk-UA"))


def test_every_language_has_every_label() -> None:
    for lang, labels in LABELS.items():
        assert set(labels) >= set(LABELS["en"]) - {"none"}, lang


@pytest.mark.parametrize("width", [20, 40, 57.06, 90, 180, 400])
@pytest.mark.parametrize(
    "text",
    [
        "Дата / Номер",
        "Дизель-генераторна установка 200 кВт з автоматичним введенням резерву",
        "Олександра Костянтинівна Шевчук-Вишневецька, начальниця відділу освіти",
        "https://tracker.example.org/verify/RCPT-7K3Q-M2XA",
        "130\u00a0000,00\u00a0EUR; 5\u00a0284\u00a0567,89\u00a0UAH;  24\u00a0000,00\u00a0SEK",
    ],
)
def test_table_text_breaks_where_a_paragraph_would(text: str, width: float) -> None:
    """Tables wrap their text themselves (far cheaper than Paragraphs), at the same places."""
    st = styles()
    for style in (st.cell, st.head, st.big):
        paragraph = Paragraph(esc(text), style)
        paragraph.wrap(width, 1000)
        expected = [" ".join(words) for _, words in paragraph.blPara.lines]
        assert wrap_text(text, style.fontName, style.fontSize, width) == expected
