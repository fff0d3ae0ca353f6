"""Security headers on every response; Secure cookies behind https; no inline script or style."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from tests.helpers import INLINE_SCRIPT, sign_in

TEMPLATES = Path(__file__).resolve().parents[2] / "tracker" / "templates"

# One of each kind of response: a page, an error page, the API, an API error, static, health.
RESPONSES = [
    "/login",
    "/no-such-page",
    "/api/v1/categories",
    "/api/v1/requests",
    "/static/app.css",
    "/healthz",
]


def csp_directives(header: str) -> dict[str, list[str]]:
    directives = {}
    for part in header.split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


@pytest.mark.parametrize("path", RESPONSES)
def test_every_response_carries_the_security_headers(client, world, path):
    response = client.get(path)
    csp = csp_directives(response.headers["content-security-policy"])
    assert csp["script-src"] == ["'self'"]  # no 'unsafe-inline', no 'unsafe-eval'
    assert csp["style-src"] == ["'self'"]
    assert csp["default-src"] == ["'self'"]
    assert csp["object-src"] == ["'none'"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert "https://tile.openstreetmap.org" in csp["img-src"]  # the maps' tiles
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["referrer-policy"] == "strict-origin-when-cross-origin"
    assert response.headers["x-frame-options"] == "DENY"
    assert response.headers["strict-transport-security"].startswith("max-age=")


def _cookies(response) -> list[str]:  # type: ignore[no-untyped-def]
    return response.headers.get_list("set-cookie")


def test_cookies_are_secure_when_the_base_url_is_https(client, world):
    page = client.get("/login")
    language = client.get("/lang/en?next=/login", follow_redirects=False)
    sign_in(client, "olena@auc.org.ua")
    cookies = _cookies(page) + _cookies(language)
    assert {c.split("=")[0] for c in cookies} == {"tracker_session", "lang"}
    for cookie in cookies:
        assert "secure" in [a.strip().lower() for a in cookie.split(";")], cookie
    assert client.get("/requests", follow_redirects=False).status_code == 200  # still signed in


def test_cookies_are_not_secure_on_plain_http(settings, world):
    """`make run` serves http://127.0.0.1:8000: a Secure cookie would never come back there."""
    from tracker.app import create_app

    local = settings.model_copy(update={"base_url": "http://127.0.0.1:8000"})
    with TestClient(create_app(local), base_url="http://testserver") as client:
        page = client.get("/login")
        assert "secure" not in page.headers["set-cookie"].lower()
        assert "strict-transport-security" not in page.headers
        assert "frame-ancestors 'none'" in page.headers["content-security-policy"]
        sign_in(client, "olena@auc.org.ua")
        assert client.get("/requests", follow_redirects=False).status_code == 200


INLINE_HANDLER = re.compile(r"<[^>]*\son[a-z]+\s*=", re.I)
INLINE_STYLE = re.compile(r"<[^>]*\sstyle\s*=|<style\b", re.I)
HX_EVAL = re.compile(r"\shx-on|[\"']js:|[\"']javascript:", re.I)


@pytest.mark.parametrize("template", sorted(TEMPLATES.rglob("*.html")), ids=lambda p: p.name)
def test_templates_have_no_inline_script_or_style(template):
    """The CSP refuses them: inline code belongs in static/js, styles in static/app.css."""
    text = template.read_text()
    for pattern in (INLINE_SCRIPT, INLINE_HANDLER, INLINE_STYLE, HX_EVAL):
        assert not pattern.search(text), f"{template.name}: {pattern.search(text)}"


def test_pdfs_go_without_the_page_policy(client, world):
    """Browsers show PDFs in a built-in viewer that `object-src 'none'` could block."""
    from tests.helpers import Flow

    flow = Flow(client, world)
    request = flow.request(quantity=1, item="Генератор 100 кВт")
    pledge = flow.pledge(quantity=1, item="Stromgenerator 100 kVA")
    shipment = flow.ship([flow.allocate(request["id"], pledge["id"], 1)["id"]])
    response = client.get(
        f"/api/v1/shipments/{shipment['id']}/waybill.pdf", headers=world.h("jena")
    )
    assert response.headers["content-type"] == "application/pdf"
    assert "content-security-policy" not in response.headers
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["x-frame-options"] == "DENY"
