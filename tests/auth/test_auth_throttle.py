"""Sign-in throttling kept in the database: per (account, address) and per address."""

from __future__ import annotations

from datetime import timedelta

from fastapi.testclient import TestClient

from tests.conftest import PASSWORD
from tracker.auth import ratelimit, throttle

VICTIM = "poltava@kalmar.se"


def _try(client, password: str, email: str = VICTIM):
    return client.post("/api/v1/auth/token", data={"username": email, "password": password})


def _from(app, address: str) -> TestClient:
    return TestClient(
        app, base_url="https://testserver", raise_server_exceptions=False, client=(address, 50000)
    )


def test_guessing_is_slowed_down_but_the_owner_signs_in_from_elsewhere(app, client, world):
    with _from(app, "198.51.100.7") as attacker, _from(app, "203.0.113.20") as owner:
        for _ in range(ratelimit.LOGIN_ACCOUNT_ADDRESS.free + 1):
            assert _try(attacker, "guess-guess-guess").status_code == 401
        blocked = _try(attacker, PASSWORD)
        assert blocked.status_code == 429
        assert "Try again in" in blocked.json()["detail"]
        # The owner, elsewhere, is not locked out of their own account.
        assert _try(owner, PASSWORD).status_code == 200
        # Other accounts from the attacker's address are not blocked by this account's count.
        assert _try(attacker, PASSWORD, "olena@auc.org.ua").status_code == 200


def test_the_sign_in_page_is_throttled_too(app, client, world, session):
    from tests.helpers import csrf_of as _csrf

    address = "198.51.100.8"
    for _ in range(ratelimit.LOGIN_ACCOUNT_ADDRESS.free + 1):
        ratelimit.login_failed(session, address, VICTIM)
    with _from(app, address) as browser:
        page = browser.get("/login")
        response = browser.post(
            "/login",
            data={"email": VICTIM, "password": PASSWORD, "csrf_token": _csrf(page.text)},
            headers={"Accept-Language": "en"},
            follow_redirects=False,
        )
        assert response.status_code == 429


def test_counters_are_shared_by_every_server(settings, client, world):
    """Two app instances (two workers, two machines) count the same failures."""
    from tracker.app import create_app

    first, second = create_app(settings), create_app(settings)
    try:
        with _from(first, "198.51.100.9") as a, _from(second, "198.51.100.9") as b:
            for i in range(ratelimit.LOGIN_ACCOUNT_ADDRESS.free + 1):
                assert _try(a if i % 2 else b, "guess-guess-guess").status_code == 401
            assert _try(a, PASSWORD).status_code == 429
            assert _try(b, PASSWORD).status_code == 429
    finally:
        first.state.engine.dispose()
        second.state.engine.dispose()


def test_an_address_that_guesses_at_many_accounts_is_slowed_down(app, client, world, session):
    address = "198.51.100.10"
    for i in range(ratelimit.LOGIN_ADDRESS.free + 1):
        ratelimit.login_failed(session, address, f"nobody{i}@example.org")
    with _from(app, address) as spray, _from(app, "198.51.100.11") as neighbour:
        assert _try(spray, PASSWORD, "olena@auc.org.ua").status_code == 429
        assert _try(neighbour, PASSWORD, "olena@auc.org.ua").status_code == 200


def test_a_success_clears_the_account_counter_but_not_the_address(session, world):
    address = "198.51.100.12"
    free = ratelimit.LOGIN_ACCOUNT_ADDRESS.free
    for _ in range(free):
        ratelimit.login_failed(session, address, VICTIM)
    ratelimit.login_succeeded(session, address, VICTIM)
    for _ in range(free):
        ratelimit.login_failed(session, address, VICTIM)
    ratelimit.check_login(session, address, VICTIM)  # not blocked: the count began again
    from tracker.auth.models import Throttle

    row = session.get(Throttle, ratelimit.LOGIN_ADDRESS.key(address))
    assert row.count == 2 * free


def test_delays_grow_and_the_window_starts_again(session, db):
    from tracker.db import utcnow

    rule = throttle.Rule(
        "test",
        free=2,
        window=timedelta(hours=1),
        first_delay=timedelta(seconds=2),
        max_delay=timedelta(seconds=30),
    )
    assert [rule.delay(n).total_seconds() for n in range(1, 9)] == [0, 0, 2, 4, 8, 16, 30, 30]
    key = rule.key("someone")
    start = utcnow()
    for n in range(1, 6):
        assert throttle.record(session, rule, key, start) == n
    session.commit()
    assert throttle.wait_seconds(session, [key], start) == 8  # the 5th event: 2 s × 2²
    assert throttle.wait_seconds(session, [key], start + timedelta(seconds=9)) == 0
    later = start + timedelta(hours=1, seconds=1)
    assert throttle.record(session, rule, key, later) == 1
    session.commit()
    assert throttle.wait_seconds(session, [key], later) == 0
