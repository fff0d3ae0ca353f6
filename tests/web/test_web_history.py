"""The change history in words: field names, values as the reader writes them, names, local
time — never raw field names or ISO timestamps."""

from __future__ import annotations

import re

from tests.helpers import Flow, sign_in


def _edit(client, world, request_id: int, **fields) -> None:  # type: ignore[no-untyped-def]
    response = client.patch(
        f"/api/v1/requests/{request_id}", json=fields, headers=world.h("brovary")
    )
    assert response.status_code == 200, response.text


def test_the_history_speaks_ukrainian(client, world):
    request = Flow(client, world).request(quantity=3, priority="normal")
    _edit(client, world, request["id"], quantity=4, priority="high", needed_by="2026-12-24")
    sign_in(client, "olena@auc.org.ua", f"/requests/{request['id']}")
    page = client.get(f"/requests/{request['id']}", headers={"Accept-Language": "uk"}).text
    history = page[page.index('id="audit"') :]
    assert "Кількість: 3 → 4" in history
    assert "Пріоритет: звичайний → високий" in history
    assert "Потрібно до: 20 груд. 2026\u202fр. → 24 груд. 2026\u202fр." in history
    assert "Brovary" in history  # the author's name, not only the e-mail
    assert re.search(r"\d\d:\d\d EES?T</time>", history)
    shown = re.sub(r'datetime="[^"]*"', "", history)
    assert not re.search(r"\d{4}-\d\d-\d\d", shown)  # no ISO dates or timestamps
    assert "updated_at" not in shown and "quantity" not in shown and "<code>" not in shown


def test_the_history_speaks_german(client, world):
    request = Flow(client, world).request(quantity=3, unit="box")
    _edit(client, world, request["id"], quantity=21)
    sign_in(client, "olena@auc.org.ua", f"/requests/{request['id']}")
    page = client.get(f"/requests/{request['id']}", headers={"Accept-Language": "de"}).text
    history = page[page.index('id="audit"') :]
    assert "Menge: 3 → 21" in history and "geändert" in history and "erste Fassung" in history
