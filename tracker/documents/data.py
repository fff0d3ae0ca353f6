"""Plain inputs of the PDF builders.

The builders never read the database: the caller fills these dataclasses with the numbers the
database holds and passes them in. Quantities and amounts are `Decimal` (ints are accepted too).
Codes from the contract's vocabulary (`unit`, `category`, shipment/request `status`, receipt
`condition`) are translated in the document; any other text is printed as given.

`generated_at` is printed in every footer. Leave it `None` to print the current time; set it to
get byte-identical output for identical input (tests, caching).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

Number = Decimal | int


@dataclass(frozen=True)
class Party:
    """An organization on a document: the consignor/donor or the consignee/recipient."""

    name: str
    place: str = ""
    country: str = ""
    region: str = ""
    """Oblast / admin1, e.g. "Київська область"."""
    address: str = ""
    contact: str = ""


@dataclass(frozen=True)
class WaybillLine:
    item: str
    category: str
    quantity: Number
    unit: str
    value_amount: Number | None = None
    """Value of the whole line (not per unit), in `currency`."""
    currency: str | None = None
    note: str = ""


@dataclass(frozen=True)
class WaybillData:
    reference: str
    """Shipment reference, printed as the waybill number."""
    consignor: Party
    consignee: Party
    lines: list[WaybillLine]
    status: str = "planned"
    dispatch_date: date | None = None
    carrier: str = ""
    vehicle: str = ""
    declaration_code: str = ""
    """Humanitarian cargo declaration (АС ГД, good.gov.ua); printed only when given."""
    driver_name: str = ""
    driver_phone: str = ""
    transport_document: str = ""
    """CMR, ТТН or air waybill number."""
    seal_numbers: str = ""
    gross_weight_kg: Decimal | None = None
    volume_m3: Decimal | None = None
    qr_url: str = ""
    """URL of the shipment page; a QR code is printed only when given."""
    generated_at: datetime | None = None


@dataclass(frozen=True)
class ReceiptLine:
    item: str
    unit: str
    quantity_shipped: Number
    quantity_received: Number
    condition: str = "good"
    """`good`, `damaged` or `missing`."""
    note: str = ""

    @property
    def is_discrepancy(self) -> bool:
        return self.quantity_received < self.quantity_shipped or self.condition != "good"


@dataclass(frozen=True)
class ReceiptData:
    code: str
    """Receipt code, e.g. `RCPT-7K3Q-M2XA`."""
    shipment_reference: str
    consignor: Party
    consignee: Party
    lines: list[ReceiptLine]
    received_by: str
    received_at: datetime
    sha256: str
    """Hex digest of the receipt content, computed by the caller; printed in full."""
    verify_url: str
    """`{base_url}/verify/{code}`; printed as text and as a QR code."""
    received_by_role: str = ""
    generated_at: datetime | None = None
    attachments: list[AttachmentLine] = field(default_factory=list)
    """Photos and scans attached to the receipt, each with its SHA-256."""

    @property
    def discrepancies(self) -> list[ReceiptLine]:
        return [line for line in self.lines if line.is_discrepancy]


@dataclass(frozen=True)
class AttachmentLine:
    filename: str
    sha256: str
    line: int | None = None
    """The receipt line's number (1, 2, …) the photo shows, if any."""


@dataclass(frozen=True)
class CertificateLine:
    item: str
    quantity: Number
    unit: str
    value_amount: Number | None = None
    """Value of the whole line, in `currency`."""
    currency: str | None = None


@dataclass(frozen=True)
class DonationCertificateData:
    number: str
    """Certificate number; the shipment reference will do."""
    donor: Party
    recipient: Party
    lines: list[CertificateLine]
    issued_on: date
    shipment_reference: str = ""
    place: str = ""
    """Place of issue, printed next to the date."""
    signatory_name: str = ""
    signatory_role: str = ""
    generated_at: datetime | None = None


@dataclass(frozen=True)
class ReportRow:
    """One line of a report section.

    `counterpart` is the other side: the community in a partner report, the partner in a
    community report. `reference` is a request, pledge or shipment reference.
    """

    item: str
    quantity: Number
    unit: str
    category: str = ""
    on: date | None = None
    reference: str = ""
    counterpart: str = ""
    value_amount: Number | None = None
    currency: str | None = None
    status: str = ""
    receipt_code: str = ""


@dataclass(frozen=True)
class ReportSection:
    """A titled table of rows; its totals (quantity per unit, value per currency) are summed.

    `kind` names the section: for a partner report `pledged`, `shipped`, `delivered`; for a
    community report `requested`, `received`, `outstanding`. Any other kind is printed as given.
    """

    kind: str
    rows: list[ReportRow] = field(default_factory=list)


@dataclass(frozen=True)
class ReportData:
    organization: Party
    period_start: date
    period_end: date
    sections: list[ReportSection]
    generated_at: datetime | None = None
