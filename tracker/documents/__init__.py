"""PDF documents (reportlab): waybill, delivery receipt, donation certificate, reports.

Pure functions from plain dataclasses (`tracker.documents.data`) to PDF bytes: no database,
no HTTP. Every document is A4, embeds DejaVu (Cyrillic, German and Swedish letters), and is
labelled in `lang` ("uk", "en", "de", "sv"; anything else falls back to English).
"""

from tracker.documents.certificate import render_donation_certificate
from tracker.documents.data import (
    AttachmentLine,
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
from tracker.documents.labels import LANGUAGES, normalize_lang
from tracker.documents.receipt import render_receipt
from tracker.documents.reports import render_community_report, render_partner_report
from tracker.documents.waybill import render_waybill

__all__ = [
    "LANGUAGES",
    "CertificateLine",
    "DonationCertificateData",
    "Party",
    "AttachmentLine",
    "ReceiptData",
    "ReceiptLine",
    "ReportData",
    "ReportRow",
    "ReportSection",
    "WaybillData",
    "WaybillLine",
    "normalize_lang",
    "render_community_report",
    "render_donation_certificate",
    "render_partner_report",
    "render_receipt",
    "render_waybill",
]
