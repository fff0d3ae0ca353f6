"""The in-app inbox: API, page, bell; the user's language, zone and preferences."""

from __future__ import annotations

from tests.helpers import csrf_of as _csrf
from tests.helpers import sign_in
from tests.notifications.conftest import settle

JENA = "ukraine-hilfe@jena.de"


def test_the_api_lists_the_callers_notifications_newest_first(flow, client, world):
    first = flow.request(item="Generator A")
    flow.request(item="Generator B")
    response = client.get("/api/v1/notifications", headers=world.h("jena"))
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["total"] == 2
    newest, oldest = body["items"]
    assert set(newest) == {"id", "kind", "title", "body", "link", "created_at", "read_at"}
    assert newest["title"] == "Новий запит від Brovary: Generator B"
    assert oldest["link"] == f"/requests/{first['id']}"
    assert newest["kind"] == "request_created" and newest["read_at"] is None

    marked = client.post(f"/api/v1/notifications/{oldest['id']}/read", headers=world.h("jena"))
    assert marked.status_code == 200 and marked.json()["read_at"] is not None
    unread = client.get("/api/v1/notifications?unread=true", headers=world.h("jena")).json()
    assert [n["id"] for n in unread["items"]] == [newest["id"]] and unread["total"] == 1


def test_nobody_reads_or_marks_anothers_notifications(flow, client, world):
    flow.request()
    mine = client.get("/api/v1/notifications", headers=world.h("jena")).json()["items"][0]
    other = client.post(f"/api/v1/notifications/{mine['id']}/read", headers=world.h("kalmar"))
    assert other.status_code == 404
    assert client.get("/api/v1/notifications", headers=world.h("kalmar")).json()["total"] == 0
    assert client.get("/api/v1/notifications").status_code == 401
    missing = client.post("/api/v1/notifications/999999/read", headers=world.h("jena"))
    assert missing.status_code == 404


def test_users_me_reads_and_changes_language_zone_and_preferences(client, world):
    me = client.get("/api/v1/users/me", headers=world.h("jena")).json()
    assert me["language"] is None and me["timezone"] == "Europe/Kyiv"
    assert me["notifications"]["shipment_moved"] == "immediately"
    changed = settle(
        client,
        world,
        "jena",
        language="de",
        timezone="Europe/Berlin",
        notifications={"shipment_moved": "daily", "request_created": "off"},
    )
    assert changed["language"] == "de" and changed["timezone"] == "Europe/Berlin"
    assert changed["notifications"]["shipment_moved"] == "daily"
    assert changed["notifications"]["request_created"] == "off"
    for bad in (
        {"timezone": "Europe/Atlantis"},
        {"language": "fr"},
        {"notifications": {"shipment_moved": "hourly"}},
        {"notifications": {"gossip": "off"}},
    ):
        response = client.patch("/api/v1/users/me", json=bad, headers=world.h("jena"))
        assert response.status_code == 422, (bad, response.text)
    assert client.get("/api/v1/users/me", headers=world.h("jena")).json() == changed


def test_off_sends_no_email_but_the_inbox_keeps_it(flow, client, world, worker, inbox):
    settle(client, world, "jena", notifications={"request_created": "off"})
    flow.request()
    worker.deliver()
    assert not inbox.to(JENA) and inbox.to("partnerschaft@erlangen.de")
    assert client.get("/api/v1/notifications", headers=world.h("jena")).json()["total"] == 1


def test_the_bell_counts_unread_and_the_page_marks_them_read(flow, client, world):
    flow.request(item="Generator <b>A</b>")
    flow.request(item="Generator B")
    sign_in(client, JENA, "/notifications")
    page = client.get("/notifications")
    assert page.status_code == 200
    assert 'href="/notifications" class="bell"' in page.text
    assert '<span class="badge">2</span>' in page.text
    assert "Generator &lt;b&gt;A&lt;/b&gt;" in page.text
    first = client.get("/api/v1/notifications", headers=world.h("jena")).json()["items"][0]
    opened = client.post(
        f"/notifications/{first['id']}/read",
        data={"csrf_token": _csrf(page.text)},
        follow_redirects=False,
    )
    assert opened.status_code == 303 and opened.headers["location"] == first["link"]
    page = client.get("/notifications")
    assert '<span class="badge">1</span>' in page.text
    done = client.post(
        "/notifications/read-all", data={"csrf_token": _csrf(page.text)}, follow_redirects=False
    )
    assert done.status_code == 303
    assert 'class="badge"' not in client.get("/notifications").text
    assert client.post("/notifications/read-all", data={}).status_code == 403  # no CSRF


def test_the_preferences_page_saves_language_zone_and_choices(client, world):
    sign_in(client, JENA, "/notifications/preferences")
    page = client.get("/notifications/preferences")
    form = {"csrf_token": _csrf(page.text), "language": "sv", "timezone": "Europe/Stockholm"}
    form |= {"kind_shipment_moved": "daily", "kind_request_created": "off"}
    saved = client.post("/notifications/preferences", data=form)
    assert saved.status_code == 200 and "Налаштування збережено." in saved.text
    me = client.get("/api/v1/users/me", headers=world.h("jena")).json()
    assert me["language"] == "sv" and me["timezone"] == "Europe/Stockholm"
    assert me["notifications"]["shipment_moved"] == "daily"
    assert me["notifications"]["receipt_signed"] == "immediately"
    bad = client.post("/notifications/preferences", data=form | {"timezone": "Mars/Olympus"})
    assert bad.status_code == 422 and "Mars/Olympus" in bad.text


def test_strangers_are_sent_to_sign_in(client, world):
    response = client.get("/notifications", follow_redirects=False)
    assert response.status_code == 303 and "/login" in response.headers["location"]
