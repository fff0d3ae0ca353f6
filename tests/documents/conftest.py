"""Fixtures for the PDF documents: the seed world (Jena → Brovary, Kalmar → Poltava,
Höör → Kopychyntsi) and helpers that read PDFs the way a person would (text, QR code)."""

from __future__ import annotations

import hashlib
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal

import pytest

from tracker.documents import (
    CertificateLine,
    DonationCertificateData,
    Party,
    ReceiptData,
    ReceiptLine,
    ReportData,
    ReportRow,
    ReportSection,
    WaybillData,
    WaybillLine,
)

BASE_URL = "https://tracker.example.org"
GENERATED = datetime(2024, 5, 6, 12, 0, tzinfo=UTC)
KYIV = timezone(timedelta(hours=3))
ESCAPE_ITEM = "Generator <50 kW> & cables"


@pytest.fixture
def jena() -> Party:
    return Party(
        "Stadt Jena",
        place="Jena",
        country="DE",
        address="Am Anger 15, 07743 Jena",
        contact="Büro für Städtepartnerschaften",
    )


@pytest.fixture
def brovary() -> Party:
    return Party(
        "Броварська міська територіальна громада",
        place="Бровари",
        region="Київська область",
        country="UA",
    )


@pytest.fixture
def kalmar() -> Party:
    return Party("Kalmar kommun", place="Kalmar", country="SE")


@pytest.fixture
def poltava() -> Party:
    return Party(
        "Полтавська міська територіальна громада",
        place="Полтава",
        region="Полтавська область",
        country="UA",
    )


@pytest.fixture
def hoor() -> Party:
    return Party("Höörs kommun", place="Höör", country="SE", address="Storgatan 36")


@pytest.fixture
def kopychyntsi() -> Party:
    return Party(
        "Копичинецька міська територіальна громада",
        place="Копичинці",
        region="Тернопільська область",
        country="UA",
    )


@pytest.fixture
def waybill(jena: Party, brovary: Party) -> WaybillData:
    return WaybillData(
        reference="WB-2024-000123",
        consignor=jena,
        consignee=brovary,
        lines=[
            WaybillLine("Генератор 100 кВт", "generator", 1, "pcs", Decimal("45000"), "EUR"),
            WaybillLine(
                "Ultraschallgerät",
                "medical_equipment",
                2,
                "pcs",
                Decimal("3900000"),
                "UAH",
                note="Klinikum Jena",
            ),
            WaybillLine("Шкільний автобус", "vehicle", 1, "pcs", Decimal("85000.50"), "EUR"),
            WaybillLine(ESCAPE_ITEM, "generator", Decimal("2.5"), "t"),
        ],
        status="dispatched",
        dispatch_date=date(2024, 5, 3),
        carrier="Spedition Müller GmbH",
        vehicle="MAN TGX, J-AB 123",
        declaration_code="UA-HD-2024-0007731",
        driver_name="Андрій Коваль",
        driver_phone="+380 67 123 45 67",
        transport_document="CMR 0458812",
        seal_numbers="UA 118 204, UA 118 205",
        gross_weight_kg=Decimal("1840.5"),
        volume_m3=Decimal("6.50"),
        qr_url=f"{BASE_URL}/shipments/17",
        generated_at=GENERATED,
    )


@pytest.fixture
def receipt(jena: Party, brovary: Party) -> ReceiptData:
    code = "RCPT-7K3Q-M2XA"
    return ReceiptData(
        code=code,
        shipment_reference="WB-2024-000123",
        consignor=jena,
        consignee=brovary,
        lines=[
            ReceiptLine("Генератор 100 кВт", "pcs", 1, 1, "good"),
            ReceiptLine("Ultraschallgerät", "pcs", 2, 1, "damaged", "Корпус тріснув"),
            ReceiptLine("Шкільний автобус", "pcs", 1, 1, "good"),
            ReceiptLine(ESCAPE_ITEM, "t", Decimal("2.5"), Decimal("2.5"), "good"),
        ],
        received_by="Олена Шевчук",
        received_by_role="начальниця відділу освіти",
        received_at=datetime(2024, 5, 6, 14, 30, tzinfo=KYIV),
        sha256=hashlib.sha256(b"receipt RCPT-7K3Q-M2XA").hexdigest(),
        verify_url=f"{BASE_URL}/verify/{code}",
        generated_at=GENERATED,
    )


@pytest.fixture
def certificate(kalmar: Party, poltava: Party) -> DonationCertificateData:
    return DonationCertificateData(
        number="DC-2024-0042",
        donor=kalmar,
        recipient=poltava,
        lines=[
            CertificateLine("Генератор 100 кВт", 2, "pcs", Decimal("90000"), "EUR"),
            CertificateLine("Sjukhussängar, elektriska", 12, "pcs", Decimal("240000"), "SEK"),
            CertificateLine("Ковдри", 300, "pcs", Decimal("150000"), "UAH"),
        ],
        issued_on=date(2024, 3, 14),
        shipment_reference="WB-2024-000077",
        place="Kalmar",
        signatory_name="Åsa Öberg",
        signatory_role="kommunstyrelsens ordförande",
        generated_at=GENERATED,
    )


@pytest.fixture
def partner_report(hoor: Party) -> ReportData:
    community = "Копичинецька міська територіальна громада"
    return ReportData(
        organization=hoor,
        period_start=date(2024, 1, 1),
        period_end=date(2024, 6, 30),
        sections=[
            ReportSection(
                "pledged",
                [
                    ReportRow(
                        "Generator 30 kVA",
                        3,
                        "pcs",
                        "generator",
                        date(2024, 1, 20),
                        "PL-31",
                        community,
                        Decimal("21000"),
                        "EUR",
                        "allocated",
                    ),
                    ReportRow(
                        "Vinterjackor för barn",
                        400,
                        "pcs",
                        "clothing",
                        date(2024, 2, 2),
                        "PL-32",
                        community,
                        Decimal("60000"),
                        "SEK",
                        "offered",
                    ),
                ],
            ),
            ReportSection(
                "shipped",
                [
                    ReportRow(
                        "Generator 30 kVA",
                        3,
                        "pcs",
                        "generator",
                        date(2024, 2, 11),
                        "WB-2024-000201",
                        community,
                        Decimal("21000"),
                        "EUR",
                        "delivered",
                    ),
                ],
            ),
            ReportSection(
                "delivered",
                [
                    ReportRow(
                        "Generator 30 kVA",
                        3,
                        "pcs",
                        "generator",
                        date(2024, 2, 15),
                        "WB-2024-000201",
                        community,
                        Decimal("21000"),
                        "EUR",
                        receipt_code="RCPT-H00R-K0PY",
                    ),
                ],
            ),
        ],
        generated_at=GENERATED,
    )


@pytest.fixture
def community_report(kopychyntsi: Party) -> ReportData:
    partner = "Höörs kommun"
    return ReportData(
        organization=kopychyntsi,
        period_start=date(2024, 1, 1),
        period_end=date(2024, 6, 30),
        sections=[
            ReportSection(
                "requested",
                [
                    ReportRow(
                        "Генератор 30 кВА",
                        5,
                        "pcs",
                        "generator",
                        date(2024, 1, 10),
                        "RQ-14",
                        "",
                        None,
                        None,
                        "pledged",
                    ),
                    ReportRow(
                        "Ліжка лікарняні",
                        20,
                        "pcs",
                        "medical_equipment",
                        date(2024, 1, 12),
                        "RQ-15",
                        "",
                        None,
                        None,
                        "open",
                    ),
                ],
            ),
            ReportSection(
                "received",
                [
                    ReportRow(
                        "Генератор 30 кВА",
                        3,
                        "pcs",
                        "generator",
                        date(2024, 2, 15),
                        "WB-2024-000201",
                        partner,
                        Decimal("21000"),
                        "EUR",
                        receipt_code="RCPT-H00R-K0PY",
                    ),
                ],
            ),
            ReportSection(
                "outstanding",
                [
                    ReportRow(
                        "Генератор 30 кВА",
                        2,
                        "pcs",
                        "generator",
                        None,
                        "RQ-14",
                        "",
                        status="pledged",
                    ),
                    ReportRow(
                        "Ліжка лікарняні",
                        20,
                        "pcs",
                        "medical_equipment",
                        None,
                        "RQ-15",
                        "",
                        status="open",
                    ),
                ],
            ),
        ],
        generated_at=GENERATED,
    )
