"""Signing in: tokens, wrong credentials, expired and forged tokens, user creation."""

from __future__ import annotations

import time

import pytest

from tests.conftest import PASSWORD


def _token(client, email: str, password: str):
    return client.post("/api/v1/auth/token", data={"username": email, "password": password})


def test_password_gives_a_bearer_token_that_works(client, world):
    response = _token(client, "olena@auc.org.ua", PASSWORD)
    assert response.status_code == 200
    body = response.json()
    assert body["token_type"] == "bearer"
    me = client.get("/api/v1/auth/me", headers={"Authorization": f"Bearer {body['access_token']}"})
    assert me.status_code == 200
    assert me.json()["email"] == "olena@auc.org.ua" and me.json()["role"] == "coordinator"
    assert "password_hash" not in me.json()


def test_email_is_case_insensitive(client, world):
    assert _token(client, "Olena@AUC.org.ua", PASSWORD).status_code == 200


@pytest.mark.parametrize(
    "email,password",
    [("olena@auc.org.ua", "wrong-password-123"), ("nobody@nowhere.example", PASSWORD)],
)
def test_wrong_credentials_are_401_with_the_same_message(client, world, email, password):
    response = _token(client, email, password)
    assert response.status_code == 401
    assert response.json() == {"detail": "Wrong e-mail or password."}


def test_unknown_user_takes_as_long_as_a_wrong_password(client, world):
    def timed(email: str) -> float:
        start = time.perf_counter()
        for _ in range(3):
            _token(client, email, "wrong-password-123")
        return time.perf_counter() - start

    known, unknown = timed("olena@auc.org.ua"), timed("nobody@nowhere.example")
    # Both verify an argon2 hash; without the dummy hash the unknown case is ~100x faster.
    assert unknown > known * 0.5


def test_no_token_is_401(client, world):
    response = client.get("/api/v1/requests")
    assert response.status_code == 401
    assert "Sign in" in response.json()["detail"]


def test_forged_token_is_401(client, world, settings):
    from tracker.auth.security import create_token

    forged = create_token(world.users["admin"], "another-secret-key-of-enough-length", 5)
    response = client.get("/api/v1/requests", headers={"Authorization": f"Bearer {forged}"})
    assert response.status_code == 401
    assert response.json()["detail"] == "The access token is not valid; sign in again."


def test_expired_token_is_401(client, world, settings):
    from tracker.auth.security import create_token

    expired = create_token(world.users["admin"], settings.secret_key, -1)
    response = client.get("/api/v1/requests", headers={"Authorization": f"Bearer {expired}"})
    assert response.status_code == 401
    assert "expired" in response.json()["detail"]


def test_a_token_that_worked_still_expires_on_time(client, world, settings, session, monkeypatch):
    """Verified tokens are remembered; their expiry is not."""
    from datetime import timedelta

    import tracker.auth.security as security
    from tracker.auth.sessions import issue_api_token

    token = issue_api_token(session, world.users["admin"], settings.secret_key, 5)
    session.commit()
    headers = {"Authorization": f"Bearer {token}"}
    assert client.get("/api/v1/auth/me", headers=headers).status_code == 200
    later = security.utcnow() + timedelta(minutes=5, seconds=1)
    monkeypatch.setattr(security, "utcnow", lambda: later)
    response = client.get("/api/v1/auth/me", headers=headers)
    assert response.status_code == 401
    assert "expired" in response.json()["detail"]


def test_a_token_without_expiry_is_refused(client, world, settings):
    import jwt

    claims = {"sub": str(world.users["admin"]), "aud": "tracker-api"}
    endless = jwt.encode(claims, settings.secret_key, algorithm="HS256")
    response = client.get("/api/v1/auth/me", headers={"Authorization": f"Bearer {endless}"})
    assert response.status_code == 401
    assert response.json()["detail"] == "The access token is not valid; sign in again."


def test_admin_creates_users_with_validated_fields(client, world):
    body = {
        "email": "likar@brovary-rada.gov.ua",
        "password": "Bezpeka-2026!",
        "role": "community",
        "organization_id": world.orgs["Brovary"],
    }
    created = client.post("/api/v1/users", json=body, headers=world.h("admin"))
    assert created.status_code == 201, created.text
    assert created.json()["organization_id"] == world.orgs["Brovary"]
    assert _token(client, body["email"], body["password"]).status_code == 200
    again = client.post("/api/v1/users", json=body, headers=world.h("admin"))
    assert again.status_code == 409
    wrong_kind = body | {"email": "x@jena.de", "organization_id": world.orgs["Jena"]}
    refused = client.post("/api/v1/users", json=wrong_kind, headers=world.h("admin"))
    assert refused.status_code == 422 and "community organization" in refused.json()["detail"]
    bad = client.post(
        "/api/v1/users",
        json=body | {"email": "not-an-email", "password": "short"},
        headers=world.h("admin"),
    )
    assert bad.status_code == 422
    fields = {tuple(e["loc"]) for e in bad.json()["detail"]}
    assert ("body", "email") in fields and ("body", "password") in fields
    assert (
        client.post("/api/v1/users", json=body, headers=world.h("coordinator")).status_code == 403
    )


def _disable(session, user_id: int) -> None:
    from tracker.auth.models import User

    user = session.get(User, user_id)
    user.is_active = False
    session.add(user)
    session.commit()


def test_a_disabled_account_is_refused_at_once(client, world, session):
    """No server remembers an account: the next call after a disable is refused."""
    headers = world.h("jena")
    assert client.get("/api/v1/requests", headers=headers).status_code == 200
    _disable(session, world.users["jena"])
    response = client.get("/api/v1/requests", headers=headers)
    assert response.status_code == 401
    assert response.json()["detail"] == (
        "This token was revoked or its account is disabled; sign in again."
    )
    assert client.get("/api/v1/auth/me", headers=world.h("erlangen")).status_code == 200
