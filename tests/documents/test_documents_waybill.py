"""The waybill shows every field the shipment holds, in Ukrainian and English, with a QR code."""

from __future__ import annotations

from dataclasses import replace

import pytest

from tracker.documents import WaybillData, render_waybill

EXPECTED = {
    "en": [
        "Humanitarian waybill",
        "Consignor",
        "Consignee",
        "Germany",
        "Ukraine",
        "dispatched",
        "May 3, 2024",
        "Humanitarian cargo declaration",
        "Generators",
        "Medical equipment",
        "Vehicles",
        "45,000.00 EUR",
        "3,900,000.00 UAH",
        "85,000.50 EUR",
        "4 pcs; 2.5 t",
        "130,000.50 EUR; 3,900,000.00 UAH",
        "Loaded by (dispatch)",
        "Transported by (carrier)",
        "Received by (arrival)",
        "Signature",
        "Stamp",
        "Page 1 of 1",
        "Generated May 6, 2024, 12:00 PM UTC",
        "Driver, phone",
        "Transport document (CMR)",
        "Seal numbers",
        "Gross weight, kg",
        "1,840.5",
        "Volume, m³",
        "6.5",
    ],
    "uk": [
        "Накладна на гуманітарний вантаж",
        "Вантажовідправник",
        "Вантажоодержувач",
        "Німеччина",
        "Україна",
        "відправлено",
        "3 трав. 2024 р.",
        "Декларація гуманітарної допомоги",
        "Генератори",
        "Медичне обладнання",
        "Транспорт",
        "45 000,00 EUR",
        "3 900 000,00 UAH",
        "85 000,50 EUR",
        "4 шт.; 2,5 т",
        "130 000,50 EUR; 3 900 000,00 UAH",
        "Завантажив (відправлення)",
        "Перевіз (перевізник)",
        "Прийняв (прибуття)",
        "Підпис",
        "Печатка",
        "Сторінка 1 з 1",
        "Створено 6 трав. 2024 р., 12:00 UTC",
        "Водій, телефон",
        "Транспортний документ (CMR, ТТН)",
        "Номери пломб",
        "Вага брутто, кг",
        "1 840,5",
        "Об’єм, м³",
        "6,5",
    ],
}


@pytest.mark.parametrize("lang", ["en", "uk"])
def test_waybill_shows_every_field(waybill: WaybillData, pdf_text, lang: str) -> None:
    text = pdf_text(render_waybill(waybill, lang=lang))
    given = [
        "WB-2024-000123",
        "Stadt Jena",
        "Am Anger 15, 07743 Jena",
        "Büro für Städtepartnerschaften",
        "Броварська міська територіальна громада",
        "Бровари",
        "Київська область",
        "Spedition Müller GmbH",
        "MAN TGX, J-AB 123",
        "UA-HD-2024-0007731",
        "Генератор 100 кВт",
        "Ultraschallgerät",
        "Шкільний автобус",
        "Klinikum Jena",
        "Generator <50 kW> & cables",
        "Андрій Коваль, +380 67 123 45 67",
        "CMR 0458812",
        "UA 118 204, UA 118 205",
    ]
    for value in given + EXPECTED[lang]:
        assert value in text, f"{value!r} missing from the {lang} waybill"


def test_waybill_lines_are_numbered(waybill: WaybillData, pdf_text) -> None:
    text = pdf_text(render_waybill(waybill), layout=True)
    for number, line in enumerate(waybill.lines, start=1):
        assert f"{number} {line.item}" in text


def test_waybill_qr_code_leads_to_the_shipment_page(waybill: WaybillData, qr_codes) -> None:
    assert qr_codes(render_waybill(waybill, lang="uk")) == [
        "https://tracker.example.org/shipments/17"
    ]


def test_waybill_without_declaration_or_qr(waybill: WaybillData, pdf_text, qr_codes) -> None:
    pdf = render_waybill(replace(waybill, declaration_code="", qr_url=""), lang="en")
    assert "declaration" not in pdf_text(pdf)
    assert qr_codes(pdf) == []


def test_waybill_swedish_and_german_labels(waybill: WaybillData, pdf_text) -> None:
    sv = pdf_text(render_waybill(waybill, lang="sv"))
    assert "Humanitär fraktsedel" in sv and "Avsändare" in sv and "Tyskland" in sv
    assert "45 000,00 EUR" in sv and "Sida 1 av 1" in sv
    de = pdf_text(render_waybill(waybill, lang="de"))
    assert "Humanitärer Frachtbrief" in de and "Empfänger" in de and "Deutschland" in de
    assert "45.000,00 EUR" in de and "3. Mai 2024" not in de and "03.05.2024" in de


def test_waybill_leaves_transport_boxes_to_fill_by_hand(waybill: WaybillData, pdf_text) -> None:
    """A waybill printed before the truck is known still has the boxes to write them in."""
    blank = replace(
        waybill,
        driver_name="",
        driver_phone="",
        transport_document="",
        seal_numbers="",
        gross_weight_kg=None,
        volume_m3=None,
    )
    text = pdf_text(render_waybill(blank, lang="uk"))
    assert "Водій, телефон" in text and "Номери пломб" in text and "Вага брутто, кг" in text
    assert "Андрій Коваль" not in text and "CMR 0458812" not in text
