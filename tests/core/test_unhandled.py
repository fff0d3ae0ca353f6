"""An error no handler expected answers 500 (JSON for the API, a page for browsers) and leaves
the keep-alive connection usable, on a real server."""

from __future__ import annotations

import httpx
import pytest

from tests.core.live_server import live_server


@pytest.fixture
def failing_app(settings):  # type: ignore[no-untyped-def]
    """The app with two routes that fail as a bug would (its own instance: the shared app's
    schema stays as published)."""
    from tracker.app import create_app

    app = create_app(settings)

    def broken() -> dict[str, str]:
        raise RuntimeError("a bug")

    app.add_api_route("/api/v1/test-broken", broken)
    app.add_api_route("/test-broken", broken)
    yield app
    app.state.engine.dispose()


def _client_port(response: httpx.Response) -> int:
    return response.extensions["network_stream"].get_extra_info("client_addr")[1]


def test_a_500_keeps_the_connection_usable(failing_app, db):  # type: ignore[no-untyped-def]
    with live_server(failing_app) as base, httpx.Client(base_url=base) as client:
        first = client.get("/api/v1/test-broken")
        assert first.status_code == 500
        assert first.json() == {
            "detail": "Something went wrong on our side. "
            "Check whether the change was saved before repeating it."
        }
        after = client.get("/healthz")
        assert after.status_code == 200
        # The same connection carried both, or the server said it would close it.
        closes = first.headers.get("connection", "").lower() == "close"
        assert closes or _client_port(after) == _client_port(first)


def test_browsers_get_the_error_page_in_their_language(failing_app, db):  # type: ignore[no-untyped-def]
    with live_server(failing_app) as base, httpx.Client(base_url=base) as client:
        page = client.get("/test-broken", headers={"Accept-Language": "uk"})
        assert page.status_code == 500
        assert page.headers["content-type"].startswith("text/html")
        assert "<html" in page.text and "перевірте, чи зміну збережено" in page.text
        assert client.get("/healthz").status_code == 200
