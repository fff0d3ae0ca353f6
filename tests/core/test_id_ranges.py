"""Ids, offsets and limits beyond what the columns hold are refused (422), never a 5xx."""

from __future__ import annotations

import pytest

from tests.helpers import sign_in

OVER_32 = str(2**31)  # one past PostgreSQL INTEGER
OVER_64 = str(2**64)  # past SQLite's and PostgreSQL's BIGINT

API_GETS = [
    "/api/v1/requests/{n}",
    "/api/v1/pledges/{n}",
    "/api/v1/shipments/{n}",
    "/api/v1/shipments/{n}/waybill.pdf",
    "/api/v1/shipments/{n}/donation-certificate.pdf",
    "/api/v1/receipts/{n}",
    "/api/v1/receipts/{n}.pdf",
    "/api/v1/organizations/{n}",
    "/api/v1/requests/{n}/suggestions",
    "/api/v1/reports/partners/{n}.pdf",
    "/api/v1/reports/communities/{n}.pdf",
    "/api/v1/requests?community_id={n}",
    "/api/v1/pledges?partner_id={n}",
    "/api/v1/pledges?request_id={n}",
    "/api/v1/shipments?community_id={n}",
    "/api/v1/partnerships?partner_id={n}",
    "/api/v1/audit?id={n}",
    "/api/v1/export/requests.csv?community_id={n}",
    "/api/v1/requests?offset={n}",
    "/api/v1/pledges?offset={n}",
    "/api/v1/shipments?offset={n}",
    "/api/v1/organizations?offset={n}",
]


@pytest.mark.parametrize("number", [OVER_32, OVER_64])
def test_ids_beyond_the_columns_are_refused(client, world, number):
    for path in API_GETS:
        response = client.get(path.format(n=number), headers=world.h("coordinator"))
        assert response.status_code == 422, (path, response.status_code, response.text)
    response = client.delete(f"/api/v1/allocations/{number}", headers=world.h("coordinator"))
    assert response.status_code == 422
    response = client.post(
        "/api/v1/allocations",
        json={"request_id": int(number), "pledge_id": 1, "quantity": 1},
        headers=world.h("coordinator"),
    )
    assert response.status_code == 422
    response = client.post(
        "/api/v1/shipments",
        json={"allocation_ids": [int(number)]},
        headers=world.h("coordinator"),
    )
    assert response.status_code == 422


def test_the_largest_id_is_simply_not_found(client, world):
    largest = str(2**31 - 1)
    for path in API_GETS[:4]:
        response = client.get(path.format(n=largest), headers=world.h("coordinator"))
        assert response.status_code == 404, (path, response.text)
    listed = client.get(f"/api/v1/requests?offset={largest}", headers=world.h("coordinator"))
    assert listed.status_code == 200 and listed.json()["items"] == []


@pytest.mark.parametrize("number", [OVER_32, OVER_64])
def test_pages_refuse_them_too(client, world, number):
    sign_in(client, "olena@auc.org.ua")
    for path in ("/requests/{n}", "/shipments/{n}", "/pledges/{n}/edit"):
        response = client.get(path.format(n=number))
        assert response.status_code in (404, 422), (path, response.text)
    for path in ("/requests?community_id={n}", "/requests?offset={n}", "/pledges?partner_id={n}"):
        response = client.get(path.format(n=number))
        assert response.status_code == 200, (path, response.text)  # an unusable filter is unset
