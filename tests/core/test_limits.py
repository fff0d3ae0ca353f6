"""Request bodies over their limit are refused (413) before anything parses them."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from tracker.app import create_app
from tracker.limits import MAX_BODY_BYTES, BodyLimitMiddleware

BIG_JSON = json.dumps({"item": "x" * (2 * MAX_BODY_BYTES)}).encode()


def _chunks(data: bytes, size: int = 64 * 1024) -> Iterator[bytes]:
    for start in range(0, len(data), size):
        yield data[start : start + size]


def test_an_anonymous_large_json_body_is_refused_from_its_length(client, world):
    response = client.post(
        "/api/v1/requests", content=BIG_JSON, headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 413
    assert "larger than 1 MB" in response.json()["detail"]


def test_a_large_chunked_json_body_is_refused_while_streaming(client, world):
    response = client.post(
        "/api/v1/requests",
        content=_chunks(BIG_JSON),
        headers={"Content-Type": "application/json", **world.h("coordinator")},
    )
    assert "content-length" not in response.request.headers
    assert response.status_code == 413
    assert "larger than 1 MB" in response.json()["detail"]


def test_a_large_urlencoded_form_is_refused(client, world):
    response = client.post(
        "/api/v1/auth/token", data={"username": "a@b.c", "password": "x" * (2 * MAX_BODY_BYTES)}
    )
    assert response.status_code == 413


def test_browsers_get_a_short_page(client, world):
    response = client.post(
        "/login",
        content=b"x" * (MAX_BODY_BYTES + 1),
        headers={"Content-Type": "application/x-www-form-urlencoded", "Accept": "text/html"},
    )
    assert response.status_code == 413
    assert response.headers["content-type"].startswith("text/html")


def test_small_bodies_still_pass(client, world):
    response = client.post(
        "/api/v1/requests",
        content=json.dumps({"item": "x"}).encode(),
        headers={"Content-Type": "application/json", **world.h("brovary")},
    )
    assert response.status_code == 422  # read and validated, not refused for its size


def test_uploads_have_their_own_limit(settings, db):
    small = settings.model_copy(update={"max_upload_mb": 1})
    with TestClient(create_app(small), raise_server_exceptions=False) as client:
        over = client.post("/import", files={"file": ("a.csv", b"x" * (MAX_BODY_BYTES + 10))})
        assert over.status_code == 413
        streamed = client.post(
            "/import",
            content=_chunks(b"--b\r\n" + b"x" * (MAX_BODY_BYTES + 10)),
            headers={"Content-Type": "multipart/form-data; boundary=b"},
        )
        assert streamed.status_code == 413
    # Under the default 20 MB, a 2 MB upload is not refused for its size.
    with TestClient(create_app(settings), raise_server_exceptions=False) as client:
        response = client.post(
            "/import",
            files={"file": ("a.csv", b"x" * (2 * MAX_BODY_BYTES))},
            follow_redirects=False,
        )
        assert response.status_code != 413


def test_the_default_upload_limit_is_20_mb(settings):
    assert settings.max_upload_mb == 20


@pytest.mark.parametrize("declared", [b"10", None])
def test_a_lying_or_missing_length_is_counted(declared):
    """The body is counted as it arrives, whatever the header said."""
    read: list[int] = []

    async def app(scope, receive, send):  # type: ignore[no-untyped-def]
        total = 0
        while True:
            message = await receive()
            total += len(message.get("body", b""))
            if not message.get("more_body"):
                break
        read.append(total)
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"ok"})

    limited = BodyLimitMiddleware(app, upload_bytes=100, body_bytes=100)
    headers = [(b"content-type", b"application/json")]
    if declared is not None:
        headers.append((b"content-length", declared))
    scope = {"type": "http", "method": "POST", "path": "/api/v1/x", "headers": headers}
    parts = [b"x" * 60, b"x" * 60, b"x" * 60]
    sent: list[dict] = []

    async def receive():  # type: ignore[no-untyped-def]
        body = parts.pop(0)
        return {"type": "http.request", "body": body, "more_body": bool(parts)}

    async def send(message):  # type: ignore[no-untyped-def]
        sent.append(message)

    asyncio.run(limited(scope, receive, send))
    assert read == []
    assert sent[0]["status"] == 413
    assert len(parts) == 1  # stopped reading at the first chunk over the limit
