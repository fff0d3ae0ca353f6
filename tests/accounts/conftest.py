"""The real SMTP server and delivery worker of tests/notifications, and page helpers."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from tests.notifications.conftest import (  # noqa: F401 - fixtures
    _service_settings,
    inbox,
    smtp,
    text_of,
    worker,
)


def csrf(html: str) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert match, "no CSRF field on the page"
    return match.group(1)


def link_in(message, kind: str) -> str:  # type: ignore[no-untyped-def]
    """The path of the /reset/… or /invite/… link the e-mail carries (text and HTML agree)."""
    found = re.findall(rf"https?://\S+/{kind}/[A-Za-z0-9_-]+", text_of(message))
    assert len(found) == 1, text_of(message)
    html = message.get_body(("html",)).get_content()
    assert found[0] in html
    return urlsplit(found[0]).path


def set_password(client, path: str, password: str, again: str | None = None):  # type: ignore[no-untyped-def]
    page = client.get(path)
    assert page.status_code == 200, page.text
    data = {"password": password, "password2": again or password, "csrf_token": csrf(page.text)}
    return client.post(path, data=data, follow_redirects=False)
