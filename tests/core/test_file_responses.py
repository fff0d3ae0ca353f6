"""File names in `Content-Disposition`: any reference, in any script, gives a working header."""

from __future__ import annotations

from urllib.parse import unquote

import pytest

from tests.helpers import Flow
from tracker.pdf_response import content_disposition


@pytest.fixture
def flow(client, world) -> Flow:  # type: ignore[no-untyped-def]
    return Flow(client, world)


@pytest.mark.parametrize("reference", ["ШІП-001", "R€F-2026", "Größe 7"])
def test_waybill_and_certificate_of_a_non_ascii_reference(flow, reference):
    request = flow.request(quantity=2)
    pledge = flow.pledge(quantity=2, value_amount="100.00")
    allocation = flow.allocate(request["id"], pledge["id"], 2)
    shipment = flow.ship([allocation["id"]], reference=reference)
    for path, prefix in [("waybill.pdf", "waybill"), ("donation-certificate.pdf", "donation")]:
        response = flow.client.get(
            f"/api/v1/shipments/{shipment['id']}/{path}", headers=flow.world.h("coordinator")
        )
        assert response.status_code == 200, response.text
        assert response.content.startswith(b"%PDF")
        header = response.headers["content-disposition"]
        assert header.startswith('inline; filename="')
        encoded = header.split("filename*=UTF-8''")[1]
        assert unquote(encoded) == f"{prefix}-{reference}.pdf"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("waybill-SHP-1.pdf", 'attachment; filename="waybill-SHP-1.pdf"'),
        (
            "waybill-ШІП-001.pdf",
            'attachment; filename="waybill--001.pdf"; '
            "filename*=UTF-8''waybill-%D0%A8%D0%86%D0%9F-001.pdf",
        ),
        ("a\r\nSet-Cookie: x=1.pdf", 'attachment; filename="aSet-Cookie: x=1.pdf"'),
        (
            'say "hi".csv',
            "attachment; filename=\"say _hi_.csv\"; filename*=UTF-8''say%20%22hi%22.csv",
        ),
        (
            "ШІП.pdf",
            "attachment; filename=\"download.pdf\"; filename*=UTF-8''%D0%A8%D0%86%D0%9F.pdf",
        ),
        ("\x00\x01", 'attachment; filename="download"'),
    ],
)
def test_content_disposition(name, expected):
    value = content_disposition(name)
    assert value == expected
    value.encode("latin-1")  # what the server sends must be a valid header value
    assert "\r" not in value and "\n" not in value


def test_csv_exports_use_the_same_header(client, world):
    response = client.get("/api/v1/export/requests.csv?hxl=true", headers=world.h("jena"))
    assert response.headers["content-disposition"] == 'attachment; filename="requests-hxl.csv"'
