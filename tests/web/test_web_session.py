"""Signing in with the browser: session cookie, CSRF, redirects, sign-out, language."""

from __future__ import annotations

from tests.conftest import PASSWORD
from tests.helpers import csrf_of as _csrf
from tests.helpers import page_csrf as _page_with_csrf
from tests.helpers import sign_in


def test_pages_send_strangers_to_login_and_back(client, world):
    response = client.get("/verify/RCPT-2345-6789")
    assert response.status_code == 404  # public page: no sign-in needed
    sign_in(client, "olena@auc.org.ua", "/requests?status=open")
    cookie = client.cookies.get("tracker_session")
    assert cookie


def test_session_cookie_is_httponly_and_samesite(client, world):
    page = client.get("/login")
    header = page.headers["set-cookie"].lower()
    assert "httponly" in header and "samesite=lax" in header


def test_wrong_password_shows_a_message_on_the_form(client, world):
    page = client.get("/login", headers={"Accept-Language": "uk"})
    response = client.post(
        "/login",
        data={"email": "olena@auc.org.ua", "password": "nope-nope", "csrf_token": _csrf(page.text)},
        headers={"Accept-Language": "uk"},
    )
    assert response.status_code == 401
    assert "Неправильна електронна пошта або пароль." in response.text
    assert 'value="olena@auc.org.ua"' in response.text


def test_login_without_csrf_is_refused(client, world):
    client.get("/login")
    response = client.post("/login", data={"email": "olena@auc.org.ua", "password": PASSWORD})
    assert response.status_code == 400
    assert client.get("/api/v1/auth/me").status_code == 401


def test_next_never_leaves_the_site(client, world):
    page = client.get("/login")
    response = client.post(
        "/login",
        data={
            "email": "olena@auc.org.ua",
            "password": PASSWORD,
            "next": "//evil.example/x",
            "csrf_token": _csrf(page.text),
        },
        follow_redirects=False,
    )
    assert response.headers["location"] == "/"


def test_api_with_the_session_cookie_needs_the_csrf_header_to_write(client, world):
    sign_in(client, "olena@auc.org.ua")
    assert client.get("/api/v1/auth/me").json()["email"] == "olena@auc.org.ua"
    body = {
        "category": "food",
        "item": "Консерви",
        "quantity": 3,
        "unit": "box",
        "destination": "Бровари",
        "community_id": world.orgs["Brovary"],
    }
    refused = client.post("/api/v1/requests", json=body)
    assert refused.status_code == 403 and "CSRF" in refused.json()["detail"]
    token = _page_with_csrf(client)
    accepted = client.post("/api/v1/requests", json=body, headers={"X-CSRF-Token": token})
    assert accepted.status_code == 201


def test_sign_out_needs_csrf_and_ends_the_session(client, world):
    sign_in(client, "olena@auc.org.ua")
    assert client.post("/logout", follow_redirects=False).status_code == 403
    token = _page_with_csrf(client)
    response = client.post("/logout", data={"csrf_token": token}, follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/login"
    assert client.get("/api/v1/auth/me").status_code == 401


def test_language_switch_is_remembered(client, world):
    response = client.get("/lang/en?next=/login", follow_redirects=True)
    assert response.status_code == 200
    assert '<html lang="en">' in response.text and "Sign in" in response.text
    uk = client.get("/lang/uk?next=/login", follow_redirects=True)
    assert '<html lang="uk">' in uk.text and "Увійти" in uk.text
