"""A place that could not be placed is shown to coordinators, never placed by guess."""

from __future__ import annotations

from tests.helpers import Flow, sign_in


def test_coordinator_dashboard_lists_places_to_check(client, world) -> None:
    flow = Flow(client, world)
    unclear = flow.request(destination="Петрівка")
    placed = flow.request(destination="Бровари", item="Помпа для водоканалу")
    flow.pledge(origin="Atlantis City")
    sign_in(client, "olena@auc.org.ua")
    page = client.get("/", headers={"Accept-Language": "uk"}).text
    assert "Місця, які треба перевірити" in page
    assert f'href="/requests/{unclear["id"]}"' in page and "«Петрівка»" in page
    assert "«Atlantis City»" in page
    assert f'href="/requests/{placed["id"]}"' not in page.split("places-to-check")[1]


def test_nothing_to_check_says_so(client, world) -> None:
    Flow(client, world).request(destination="Бровари")
    sign_in(client, "olena@auc.org.ua")
    page = client.get("/", headers={"Accept-Language": "uk"}).text
    assert "Усі введені місця є на мапі." in page
