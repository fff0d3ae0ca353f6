"""The delivery receipt: every field, the discrepancies, the SHA-256 and a QR code to /verify."""

from __future__ import annotations

import io
import re
from dataclasses import replace

import pytest
from pypdf import PdfReader

from tracker.documents import ReceiptData, ReceiptLine, render_receipt

EXPECTED = {
    "en": [
        "Delivery receipt (goods received note)",
        "Receipt code",
        "From",
        "To",
        "Shipped",
        "Received",
        "Condition",
        "good",
        "damaged",
        "Discrepancies",
        "Received by",
        "May 6, 2024, 2:30 PM UTC+03:00",
        "Delivered by (driver / carrier)",
        "Verify this receipt",
        "Page 1 of 1",
    ],
    "uk": [
        "Акт приймання гуманітарної допомоги",
        "Код акта",
        "Від",
        "Кому",
        "Відвантажено",
        "Отримано",
        "Стан",
        "належний",
        "пошкоджено",
        "Розбіжності",
        "Отримав",
        "6 трав. 2024 р., 14:30 UTC+03:00",
        "Доставив (водій / перевізник)",
        "Перевірити цей акт",
        "Сторінка 1 з 1",
    ],
}


@pytest.mark.parametrize("lang", ["en", "uk"])
def test_receipt_shows_every_field(receipt: ReceiptData, pdf_text, lang: str) -> None:
    text = pdf_text(render_receipt(receipt, lang=lang))
    given = [
        "RCPT-7K3Q-M2XA",
        "WB-2024-000123",
        "Stadt Jena",
        "Броварська міська територіальна громада",
        "Бровари",
        "Київська область",
        "Генератор 100 кВт",
        "Ultraschallgerät",
        "Шкільний автобус",
        "Корпус тріснув",
        "Generator <50 kW> & cables",
        "Олена Шевчук",
        "начальниця відділу освіти",
        receipt.sha256,
        "https://tracker.example.org/verify/RCPT-7K3Q-M2XA",
    ]
    for value in given + EXPECTED[lang]:
        assert value in text, f"{value!r} missing from the {lang} receipt"


def test_receipt_prints_the_sha256_in_full(receipt: ReceiptData, pdf_text) -> None:
    text = pdf_text(render_receipt(receipt), raw=True)
    digests = re.findall(r"\b[0-9a-f]{64}\b", re.sub(r"(?<=[0-9a-f])\n(?=[0-9a-f])", "", text))
    assert digests == [receipt.sha256]


def test_receipt_qr_code_leads_to_the_verify_page(receipt: ReceiptData, qr_codes) -> None:
    assert qr_codes(render_receipt(receipt, lang="uk")) == [
        "https://tracker.example.org/verify/RCPT-7K3Q-M2XA"
    ]


def test_discrepancies_list_short_and_damaged_lines(receipt: ReceiptData, pdf_text) -> None:
    text = pdf_text(render_receipt(receipt, lang="en"), layout=True)
    section = text.split("Discrepancies", 1)[1].split("SHA-256", 1)[0]
    assert "2 Ultraschallgerät 2 pcs 1 pcs 1 pcs damaged Корпус тріснув" in section
    assert "Генератор 100 кВт" not in section and "Шкільний автобус" not in section

    missing = replace(
        receipt,
        lines=[*receipt.lines, ReceiptLine("Kabeltrommel 50 m", "pcs", 4, 4, "missing")],
    )
    section = pdf_text(render_receipt(missing)).split("Discrepancies", 1)[1]
    assert "Kabeltrommel 50 m" in section and "missing" in section


def test_no_discrepancies_says_so(receipt: ReceiptData, pdf_text) -> None:
    whole = [
        ReceiptLine(ln.item, ln.unit, ln.quantity_shipped, ln.quantity_shipped)
        for ln in receipt.lines
    ]
    text = pdf_text(render_receipt(replace(receipt, lines=whole), lang="uk"))
    assert "Немає: усе отримано повністю й у належному стані." in text


def test_receipt_embeds_two_faces_only(receipt: ReceiptData) -> None:
    """Every face costs a font subset each time a PDF is saved: the hash is set in Sans."""
    page = PdfReader(io.BytesIO(render_receipt(receipt))).pages[0]
    faces = {
        f.get_object()["/BaseFont"].split("+")[-1] for f in page["/Resources"]["/Font"].values()
    }
    assert faces == {"DejaVuSans", "DejaVuSans-Bold"}


def test_receiver_signs_with_name_and_function_in_their_boxes(receipt: ReceiptData, pdf_text):
    text = pdf_text(render_receipt(receipt, lang="en"), layout=True, raw=True)
    rows = [line.strip() for line in text.splitlines()]
    signature_row = [line for line in rows if line.startswith("Received by")][-1]
    name, function = re.split(r"\s{2,}", signature_row)[1:3]
    assert (name, function) == ("Олена Шевчук", "начальниця")  # the function wraps in its box
