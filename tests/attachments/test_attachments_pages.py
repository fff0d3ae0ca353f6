"""The forms on the pages: attach a photo to a damaged receipt line, attach to a request,
write and hide comments — plain form posts, no JavaScript."""

from __future__ import annotations

import pytest

from tests.attachments.conftest import phone_photo, small_png
from tests.helpers import csrf_of as _csrf
from tests.helpers import sign_in


@pytest.fixture(autouse=True)
def _english(client):  # type: ignore[no-untyped-def]
    client.headers["Accept-Language"] = "en"


def test_damaged_line_invites_a_photo_and_the_form_attaches_it(client, flow, delivered):
    shipment, receipt = delivered["shipment"], delivered["receipt"]
    line = receipt["lines"][0]
    sign_in(client, "hospital@brovary-rada.gov.ua", f"/shipments/{shipment['id']}")
    page = client.get(f"/shipments/{shipment['id']}")
    assert "damaged. A photo of the damage helps" in page.text
    assert 'accept="image/*,application/pdf" capture="environment"' in page.text
    assert f'name="receipt_line_id" value="{line["id"]}"' in page.text
    response = client.post(
        f"/receipts/{receipt['id']}/attachments",
        data={"csrf_token": _csrf(page.text), "receipt_line_id": str(line["id"])},
        files={"file": ("damage.jpg", phone_photo((1600, 1200), 90), "image/jpeg")},
        follow_redirects=False,
    )
    assert response.status_code == 303
    assert response.headers["location"] == f"/shipments/{shipment['id']}#receipt-attachments"
    page = client.get(f"/shipments/{shipment['id']}")
    assert "Photo attached" in page.text and "damage.jpg" in page.text
    listed = flow.get(f"/api/v1/receipts/{receipt['id']}/attachments", who="jena")["items"]
    assert listed[0]["receipt_line_id"] == line["id"]
    assert f'src="{listed[0]["thumbnail_url"]}"' in page.text


def test_refused_file_says_why_and_leads_back(client, delivered):
    request_id = delivered["request"]["id"]
    sign_in(client, "hospital@brovary-rada.gov.ua", f"/requests/{request_id}")
    page = client.get(f"/requests/{request_id}")
    assert "Attach a photo or a scan" in page.text
    response = client.post(
        f"/requests/{request_id}/attachments",
        data={"csrf_token": _csrf(page.text)},
        files={"file": ("spec.jpg", b"<?php echo 1; ?>", "image/jpeg")},
    )
    assert response.status_code == 422
    assert "not a JPEG, PNG or WebP photo nor a PDF" in response.text
    assert f'href="/requests/{request_id}#attachments"' in response.text
    no_token = client.post(
        f"/requests/{request_id}/attachments",
        files={"file": ("spec.png", small_png(), "image/png")},
    )
    assert no_token.status_code == 403


def test_comment_thread_on_the_request_page(client, flow, delivered):
    request_id = delivered["request"]["id"]
    sign_in(client, "ukraine-hilfe@jena.de", f"/requests/{request_id}")
    page = client.get(f"/requests/{request_id}")
    assert "No comments yet" in page.text
    response = client.post(
        f"/requests/{request_id}/comments",
        data={"csrf_token": _csrf(page.text), "body": "Need 400 V?\n<b>three-phase</b>"},
        follow_redirects=False,
    )
    assert response.status_code == 303
    page = client.get(f"/requests/{request_id}")
    assert "Need 400 V?\n&lt;b&gt;three-phase&lt;/b&gt;" in page.text  # escaped, never HTML
    assert "Jena" in page.text
    assert 'class="secondary">Hide' not in page.text  # partners may not hide
    client.cookies.clear()
    sign_in(client, "olena@auc.org.ua", f"/requests/{request_id}")
    page = client.get(f"/requests/{request_id}")
    comment_id = flow.get(f"/api/v1/requests/{request_id}/comments")["items"][0]["id"]
    hidden = client.post(
        f"/comments/{comment_id}/hide",
        data={"csrf_token": _csrf(page.text)},
        follow_redirects=False,
    )
    assert hidden.status_code == 303
    client.cookies.clear()
    sign_in(client, "hospital@brovary-rada.gov.ua", f"/requests/{request_id}")
    page = client.get(f"/requests/{request_id}")
    assert "hidden by a coordinator" in page.text and "three-phase" not in page.text
