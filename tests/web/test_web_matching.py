"""The matching board: ranked pledges, one-click allocation, the optimal plan."""

from __future__ import annotations

from tests.helpers import Flow, sign_in
from tests.helpers import csrf_of as _csrf

EN = {"Accept-Language": "en"}
HX = {"HX-Request": "true", **EN}


def _board_with_two_offers(client, world) -> tuple[Flow, dict, dict, dict]:
    """Brovary needs 5 generators; Kalmar (not a twin) and Jena (twin city) offer some."""
    flow = Flow(client, world)
    request = flow.request(quantity=5)
    kalmar = flow.pledge(who="kalmar", item="Kalmar generator", origin="Kalmar", quantity=3)
    jena = flow.pledge(who="jena", item="Jena generator", origin="Jena", quantity=4)
    sign_in(client, "olena@auc.org.ua", "/matching")
    return flow, request, kalmar, jena


def test_the_twin_city_pledge_comes_first_with_its_reason(client, world):
    _, request, _, _ = _board_with_two_offers(client, world)

    page = client.get(f"/matching?request_id={request['id']}", headers=EN)

    assert page.status_code == 200
    text = page.text
    assert text.index("Jena generator") < text.index("Kalmar generator")
    assert "twin city" in text
    assert "Jena" in text and "Kalmar kommun" in text
    # The default quantity is what fits: min(still needed 5, available 4).
    assert 'name="quantity" type="number"' in text and 'value="4"' in text
    assert "How pledges are ranked" in text and "Cost of one unit" in text


def test_picking_a_request_with_htmx_returns_only_the_board_part(client, world):
    _, request, _, _ = _board_with_two_offers(client, world)

    fragment = client.get(f"/matching?request_id={request['id']}", headers=HX)

    assert fragment.status_code == 200
    assert "<html" not in fragment.text
    assert 'id="picker"' in fragment.text and "Jena generator" in fragment.text


def test_one_click_allocation_makes_the_request_pledged(client, world):
    flow, request, _, jena = _board_with_two_offers(client, world)
    page = client.get(f"/matching?request_id={request['id']}", headers=EN)
    form = {"csrf_token": _csrf(page.text), "request_id": request["id"]}

    first = client.post(
        "/matching/allocate", data=form | {"pledge_id": jena["id"]}, follow_redirects=False
    )
    assert first.status_code == 303
    assert first.headers["location"].startswith(f"/matching?request_id={request['id']}")
    shown = client.get(first.headers["location"], headers=EN)
    assert "Allocated 4 pcs from pledge #" in shown.text

    left = flow.get(f"/api/v1/requests/{request['id']}")
    assert left["quantity_allocated"] == 4 and left["status"] == "open"

    # The last unit through htmx: the suggestions block comes back in place.
    kalmar_id = flow.get("/api/v1/pledges?partner_id=" + str(world.orgs["Kalmar kommun"]))
    kalmar_id = kalmar_id["items"][0]["id"]
    second = client.post(
        "/matching/allocate",
        data=form | {"pledge_id": kalmar_id, "quantity": "1"},
        headers=HX,
    )
    assert second.status_code == 200
    assert "<html" not in second.text and 'id="suggestions"' in second.text
    assert "Allocated 1 pcs from pledge" in second.text
    assert "pledged" in second.text
    assert flow.get(f"/api/v1/requests/{request['id']}")["status"] == "pledged"


def test_over_allocation_shows_the_conflict_on_the_board(client, world):
    flow, request, _, jena = _board_with_two_offers(client, world)
    page = client.get(f"/matching?request_id={request['id']}", headers=EN)

    response = client.post(
        "/matching/allocate",
        data={
            "csrf_token": _csrf(page.text),
            "request_id": request["id"],
            "pledge_id": jena["id"],
            "quantity": "9",
        },
        headers=EN,
    )

    assert response.status_code == 409
    assert "needs only 5 pcs more" in response.text
    assert "Matching board" in response.text  # the whole board, without JavaScript
    assert flow.get(f"/api/v1/requests/{request['id']}")["quantity_allocated"] == 0


def test_a_bad_quantity_is_explained_beside_the_field(client, world):
    _, request, _, jena = _board_with_two_offers(client, world)
    page = client.get(f"/matching?request_id={request['id']}", headers=EN)

    response = client.post(
        "/matching/allocate",
        data={
            "csrf_token": _csrf(page.text),
            "request_id": request["id"],
            "pledge_id": jena["id"],
            "quantity": "-2",
        },
        headers=HX,
    )

    assert response.status_code == 422
    assert 'class="field-error"' in response.text and "Must be greater than 0." in response.text


def test_allocating_needs_the_csrf_token(client, world):
    _, request, _, jena = _board_with_two_offers(client, world)
    response = client.post(
        "/matching/allocate",
        data={"request_id": request["id"], "pledge_id": jena["id"], "quantity": "1"},
    )
    assert response.status_code == 403


def test_plan_review_then_apply(client, world):
    flow, request, _, _ = _board_with_two_offers(client, world)
    poltava = flow.request(who="poltava", item="Poltava generator", quantity=2)

    review = client.get("/matching?propose=1&category=generator", headers=EN)

    assert review.status_code == 200
    assert "Proposed allocations" in review.text and "Apply plan" in review.text
    assert f'href="/requests/{request["id"]}"' in review.text
    assert f'href="/requests/{poltava["id"]}"' in review.text
    assert flow.get(f"/api/v1/requests/{request['id']}")["quantity_allocated"] == 0

    applied = client.post(
        "/matching/plan",
        data={"csrf_token": _csrf(review.text), "category": "generator"},
        headers=EN,
    )

    assert applied.status_code == 200
    assert "Plan applied" in applied.text
    assert "7 in all" in applied.text  # 5 for Brovary and 2 for Poltava from 7 offered
    assert flow.get(f"/api/v1/requests/{request['id']}")["status"] == "pledged"
    assert flow.get(f"/api/v1/requests/{poltava['id']}")["status"] == "pledged"


def test_applying_again_has_nothing_left_to_do(client, world):
    _board_with_two_offers(client, world)
    page = client.get("/matching?propose=1", headers=EN)
    token = _csrf(page.text)
    client.post("/matching/plan", data={"csrf_token": token}, headers=EN)

    again = client.post("/matching/plan", data={"csrf_token": token}, headers=HX)

    assert again.status_code == 200
    assert "<html" not in again.text and 'id="plan"' in again.text
    assert "0 allocations made" in again.text


def test_partners_may_not_use_the_board(client, world):
    sign_in(client, "ukraine-hilfe@jena.de", "/")
    page = client.get("/matching", headers=EN)
    assert page.status_code == 403
    assert "Only coordinators and administrators" in page.text
    refused = client.post(
        "/matching/allocate",
        data={"csrf_token": _csrf(client.get("/").text), "request_id": 1, "pledge_id": 1},
    )
    assert refused.status_code == 403


def test_the_board_explains_in_ukrainian(client, world):
    _, request, _, _ = _board_with_two_offers(client, world)

    text = client.get(f"/matching?request_id={request['id']}").text

    assert "Дошка підбору" in text and "місто-побратим" in text
    assert "Як упорядковуються пропозиції" in text
