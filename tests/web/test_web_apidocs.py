"""/docs works offline: Swagger UI's files come from our own static/, nothing from a CDN."""

from __future__ import annotations

import re

from tests.helpers import INLINE_SCRIPT

ASSET = re.compile(r'(?:src|href)="([^"]+)"')


def test_docs_page_uses_only_same_origin_assets_and_they_are_served(client, world):
    page = client.get("/docs")
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    assets = ASSET.findall(page.text)
    assert any(a.endswith("swagger-ui-bundle.js") for a in assets), assets
    assert any(a.endswith("swagger-ui.css") for a in assets), assets
    for asset in assets:
        assert asset.startswith("/") and not asset.startswith("//"), asset
        served = client.get(asset)
        assert served.status_code == 200, asset
        kind = "text/css" if asset.endswith(".css") else "javascript"
        assert kind in served.headers["content-type"], asset
    assert not INLINE_SCRIPT.search(page.text), "the CSP would refuse an inline script"
    spec = re.search(r'data-openapi-url="([^"]+)"', page.text)
    assert spec, "the page does not say where the OpenAPI document is"
    assert client.get(spec[1]).json()["info"]["title"] == "tracker"


def test_docs_are_not_in_the_published_schema_and_redoc_is_gone(client, world):
    paths = client.get("/openapi.json").json()["paths"]
    assert "/docs" not in paths
    assert client.get("/redoc").status_code == 404  # its page would load ReDoc from a CDN
