"""The public /verify page: limited per address, and it shows no one but the receiver."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from tracker.auth import ratelimit


def _from(app, address: str) -> TestClient:
    return TestClient(app, raise_server_exceptions=False, client=(address, 50000))


@pytest.fixture
def filer_named(session, world):
    """The receiving account gets a name of its own, to be sure the page never shows it."""
    from tracker.auth.models import User

    user = session.get(User, world.users["brovary"])
    user.full_name = "Oksana Account-Holder"
    session.add(user)
    session.commit()


def test_verify_is_limited_per_address_with_a_clear_page(app, session, delivered):  # noqa: F811
    code = delivered["receipt"]["code"]
    for _ in range(ratelimit.VERIFY_ADDRESS.free - 1):  # earlier views, counted quicker
        ratelimit.count_verify(session, "192.0.2.50")
    with _from(app, "192.0.2.50") as scraper, _from(app, "192.0.2.51") as other:
        assert scraper.get(f"/verify/{code}").status_code == 200
        assert scraper.get("/verify/RCPT-2345-6789").status_code == 404  # counted too
        page = scraper.get(f"/verify/{code}", headers={"Accept-Language": "en"})
        assert page.status_code == 429
        assert "Too many requests" in page.text and "Too many receipt checks" in page.text
        assert "Ihor Kovalenko" not in page.text
        posted = scraper.post(f"/verify/{code}", data={"sha256": "0" * 64})
        assert posted.status_code == 429
        uk = scraper.get(f"/verify/{code}", headers={"Accept-Language": "uk"})
        assert "Забагато перевірок квитанцій" in uk.text
        assert other.get(f"/verify/{code}").status_code == 200


def test_verify_shows_the_receiver_name_and_role_and_no_account(
    flow,  # noqa: F811
    filer_named,
    delivered,  # noqa: F811
):
    code = delivered["receipt"]["code"]
    html = flow.client.get(f"/verify/{code}", headers={"Accept-Language": "en"}).text
    main = html.split('<main id="main">')[1]
    assert "Ihor Kovalenko" in main and "Hospital director" in main
    for leak in ("Oksana Account-Holder", "@", "user_id", "received_by_user", "+380"):
        assert leak not in main, leak
    texts = [t.strip() for t in re.sub(r"<[^>]+>", "\n", main).splitlines() if t.strip()]
    received = texts[texts.index("Received by") + 1]
    assert received == "Ihor Kovalenko, Hospital director"
