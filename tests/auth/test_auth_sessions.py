"""Sessions and tokens live in the database: logout, disabling and a new password end them."""

from __future__ import annotations

import hashlib

from fastapi.testclient import TestClient
from sqlmodel import select

from tests.conftest import PASSWORD
from tests.helpers import page_csrf as _page_with_csrf
from tests.helpers import sign_in


def _token(client, email: str, password: str = PASSWORD) -> dict[str, str]:
    response = client.post("/api/v1/auth/token", data={"username": email, "password": password})
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


def _me(client, headers: dict[str, str] | None = None) -> int:
    return client.get("/api/v1/auth/me", headers=headers or {}).status_code


def test_api_logout_revokes_only_the_token_it_is_called_with(client, world):
    first = _token(client, "olena@auc.org.ua")
    second = _token(client, "olena@auc.org.ua")
    response = client.post("/api/v1/auth/logout", headers=first)
    assert response.status_code == 204 and response.content == b""
    assert _me(client, first) == 401
    assert client.get("/api/v1/requests", headers=first).status_code == 401
    assert _me(client, second) == 200
    assert client.post("/api/v1/auth/logout", headers=first).status_code == 401
    assert client.post("/api/v1/auth/logout").status_code == 401


def test_web_logout_ends_the_session_on_the_server(client, app, world):
    sign_in(client, "olena@auc.org.ua")
    stolen = client.cookies.get("tracker_session")
    assert _me(client) == 200
    token = _page_with_csrf(client)
    client.post("/logout", data={"csrf_token": token}, follow_redirects=False)
    # Someone who kept a copy of the cookie (another tab, a shared computer) gets nothing.
    with TestClient(app, raise_server_exceptions=False) as other:
        other.cookies.set("tracker_session", stolen)
        assert _me(other) == 401
        page = other.get("/requests", follow_redirects=False)
        assert page.status_code == 303 and page.headers["location"].startswith("/login")


def test_signing_in_again_ends_the_session_the_browser_had(client, app, world):
    sign_in(client, "olena@auc.org.ua")
    before = client.cookies.get("tracker_session")
    with TestClient(app, raise_server_exceptions=False) as copy:
        copy.cookies.set("tracker_session", before)
        assert _me(copy) == 200
        # The same browser signs in again, as someone else, from the sign-in form.
        login = client.post(
            "/login",
            data={
                "email": "needs@poltava.gov.ua",
                "password": PASSWORD,
                "csrf_token": _page_with_csrf(client),
            },
            follow_redirects=False,
        )
        assert login.status_code == 303
        assert client.get("/api/v1/auth/me").json()["email"] == "needs@poltava.gov.ua"
        assert _me(copy) == 401


def test_only_a_hash_of_the_secret_is_stored(client, world, session):
    from tracker.auth.models import AuthSession

    headers = _token(client, "ukraine-hilfe@jena.de")
    import jwt

    jti = jwt.decode(headers["Authorization"][7:], options={"verify_signature": False})["jti"]
    rows = session.exec(select(AuthSession).where(AuthSession.user_id == world.users["jena"])).all()
    stored = {row.token_hash for row in rows}
    assert hashlib.sha256(jti.encode()).hexdigest() in stored and jti not in stored
    api_rows = [row for row in rows if row.user_agent == "testclient"]
    assert api_rows and api_rows[0].kind == "api" and api_rows[0].address == "testclient"


def test_disabling_ends_every_session_and_enabling_brings_none_back(client, app, world, session):
    from tracker.auth import service
    from tracker.auth.models import User

    sign_in(client, "hospital@brovary-rada.gov.ua")
    token = _token(client, "hospital@brovary-rada.gov.ua")
    fixture_token = world.h("brovary")
    assert _me(client) == 200 and _me(client, token) == 200
    service.disable_user(session, world.users["brovary"])
    assert _me(client, token) == 401 and _me(client, fixture_token) == 401
    assert _me(client) == 401
    service.enable_user(session, session.get(User, world.users["brovary"]))
    assert _me(client, token) == 401 and _me(client, fixture_token) == 401
    with TestClient(app, raise_server_exceptions=False) as fresh:
        assert _me(fresh, _token(fresh, "hospital@brovary-rada.gov.ua")) == 200


def test_enabling_ends_tokens_that_outlived_a_disable_made_by_hand(client, world, session):
    """Even if `is_active` was set in the database directly, old tokens stay dead."""
    from tracker.auth import service
    from tracker.auth.models import User

    headers = world.h("kalmar")
    user = session.get(User, world.users["kalmar"])
    user.is_active = False
    session.add(user)
    session.commit()
    service.enable_user(session, user.id)
    assert _me(client, headers) == 401


def test_a_new_password_ends_every_session_but_the_one_kept(client, world, session):
    from tracker.auth import service
    from tracker.errors import Invalid

    first = _token(client, "partnerschaft@erlangen.de")
    second = _token(client, "partnerschaft@erlangen.de")
    kept = client.get("/api/v1/auth/me", headers=second).status_code
    assert kept == 200
    try:
        service.set_password(session, world.users["erlangen"], "Kalmar-Erlangen-Brücke", "wrong")
        raise AssertionError("a wrong current password was accepted")
    except Invalid as exc:
        assert exc.status_code == 422 and exc.field == "current_password"
    try:
        service.set_password(session, world.users["erlangen"], "aaaaaaaaaaaaaaa", PASSWORD)
        raise AssertionError("a weak password was accepted")
    except Invalid as exc:
        assert exc.status_code == 422 and exc.field == "password"
    assert _me(client, first) == 200  # refused changes end nothing

    from tracker.auth.models import AuthSession

    second_id = session.exec(
        select(AuthSession.id)
        .where(AuthSession.user_id == world.users["erlangen"])
        .order_by(AuthSession.id)
    ).all()[-1]
    service.set_password(
        session, world.users["erlangen"], "Kalmar-Erlangen-Brücke", PASSWORD, keep_session=second_id
    )
    assert _me(client, first) == 401 and _me(client, world.h("erlangen")) == 401
    assert _me(client, second) == 200
    bad = client.post(
        "/api/v1/auth/token", data={"username": "partnerschaft@erlangen.de", "password": PASSWORD}
    )
    assert bad.status_code == 401
    assert _me(client, _token(client, "partnerschaft@erlangen.de", "Kalmar-Erlangen-Brücke")) == 200


def test_sign_out_everywhere(client, world, session):
    from tracker.auth import service
    from tracker.auth.models import User

    sign_in(client, "needs@poltava.gov.ua")
    token = _token(client, "needs@poltava.gov.ua")
    ended = service.revoke_all_sessions(session, session.get(User, world.users["poltava"]))
    assert ended == 3  # the fixture's token, this browser and this token
    assert _me(client) == 401 and _me(client, token) == 401
    assert _me(client, world.h("coordinator")) == 200


def test_a_signed_token_without_a_session_row_opens_nothing(client, world, settings):
    from tracker.auth.security import create_token

    forged_row = create_token(world.users["admin"], settings.secret_key, 5)
    assert _me(client, {"Authorization": f"Bearer {forged_row}"}) == 401


def test_a_session_past_its_expiry_is_refused(client, world, session):
    from datetime import timedelta

    from sqlalchemy import update

    from tracker.auth.models import AuthSession
    from tracker.db import utcnow

    sign_in(client, "olena@auc.org.ua")
    assert _me(client) == 200
    session.exec(
        update(AuthSession)
        .where(AuthSession.user_id == world.users["coordinator"], AuthSession.kind == "web")
        .values(expires_at=utcnow() - timedelta(seconds=1))
    )
    session.commit()
    assert _me(client) == 401
