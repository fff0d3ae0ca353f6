"""Which language a page speaks: ?lang=, the user's setting, the switcher's cookie, the
browser's Accept-Language, then Ukrainian; all four languages offered everywhere."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from starlette.requests import Request

from tests.helpers import sign_in
from tracker.web.render import language, user_language


def _request(headers: dict[str, str] | None = None, user=None, query: str = "") -> Request:
    raw = [(k.lower().encode(), v.encode()) for k, v in (headers or {}).items()]
    scope = {"type": "http", "method": "GET", "path": "/", "headers": raw}
    scope["query_string"] = query.encode()
    if user is not None:
        scope["tracker.user"] = user
    return Request(scope)


@pytest.mark.parametrize(
    ("accept", "expected", "word"),
    [
        ("de-DE,de;q=0.9,en;q=0.5", "de", "Anmelden"),
        ("sv-SE,sv;q=0.9", "sv", "Logga in"),
        ("en-GB,en;q=0.9", "en", "Sign in"),
        ("fr-FR,fr;q=0.9", "uk", "Увійти"),
    ],
)
def test_a_signed_out_browser_gets_its_own_language(client, world, accept, expected, word):
    page = client.get("/login", headers={"Accept-Language": accept})
    assert f'<html lang="{expected}">' in page.text
    assert word in page.text


def test_no_accept_language_means_ukrainian(client, world):
    page = client.get("/login", headers={"Accept-Language": ""})
    assert '<html lang="uk">' in page.text


@pytest.mark.parametrize(("code", "word"), [("de", "Anmelden"), ("sv", "Logga in")])
def test_the_switch_works_signed_out(client, world, code, word):
    response = client.get(
        f"/lang/{code}?next=/login", headers={"Accept-Language": "uk"}, follow_redirects=False
    )
    assert response.status_code == 303 and response.headers["location"] == "/login"
    page = client.get("/login", headers={"Accept-Language": "uk"})
    assert f'<html lang="{code}">' in page.text and word in page.text


def test_the_switcher_offers_all_four(client, world):
    sign_in(client, "olena@auc.org.ua", "/")
    page = client.get("/", headers={"Accept-Language": "sv"}).text
    for code, name in [("uk", "Українська"), ("en", "English"), ("de", "Deutsch")]:
        assert f'href="/lang/{code}?next=/"' in page and name in page
    assert 'hreflang="sv" aria-current="true">Svenska' in page


def test_an_unknown_code_changes_nothing(client, world):
    client.get("/lang/xx?next=/login")
    assert "lang" not in client.cookies


def test_the_users_setting_beats_the_cookie_and_the_browser():
    user = SimpleNamespace(language="de")
    request = _request({"Accept-Language": "sv", "Cookie": "lang=en"}, user)
    assert language(request) == "de"
    assert language(_request({"Accept-Language": "sv", "Cookie": "lang=en"})) == "en"
    assert language(_request({"Accept-Language": "sv"}, SimpleNamespace())) == "sv"
    assert language(_request({"Accept-Language": "sv"}, user, query="lang=uk")) == "uk"


def test_a_setting_that_is_not_a_page_language_is_ignored():
    assert user_language(SimpleNamespace(language="fr")) is None
    assert user_language(SimpleNamespace(language=None)) is None
    assert user_language(None) is None
