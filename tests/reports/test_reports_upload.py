"""The coordinators' upload form for bulk imports."""

from __future__ import annotations

import re

from tests.helpers import sign_in

CSV = (
    "community;category;item;quantity;unit;priority;needed_by;destination\n"
    "Brovary;generator;Генератор 30 кВт;2;pcs;critical;2026-12-20;Бровари\n"
    "Poltava;heating;Обігрівач;five;pcs;high;2026-12-24;Полтава\n"
    "Atlantis;water_sanitation;Фільтри;10;box;normal;2026-12-24;Бровари\n"
)


def _token(client) -> str:
    html = client.get("/import").text
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


def test_upload_reports_bad_rows_and_writes_nothing(client, world):
    sign_in(client, "olena@auc.org.ua")
    response = client.post(
        "/import",
        data={"kind": "requests", "csrf_token": _token(client)},
        files={"file": ("needs.csv", CSV.encode("utf-8-sig"), "text/csv")},
        headers={"Accept-Language": "uk"},
    )
    assert response.status_code == 422
    assert "Рядок 3" in response.text and "quantity" in response.text
    # The findings are in the page's language too; column names stay as in the file.
    rule = "quantity: має бути цілим числом, більшим за 0 (отримано &#39;five&#39;)"
    assert rule in response.text
    assert "Рядок 4: community &#39;Atlantis&#39; не знайдено" in response.text
    assert "must be" not in response.text and "is not known" not in response.text
    assert "нічого не записано" in response.text
    listed = client.get("/api/v1/requests", headers=world.h("coordinator")).json()
    assert listed["total"] == 0


def test_upload_writes_valid_rows_when_asked(client, world):
    sign_in(client, "olena@auc.org.ua")
    response = client.post(
        "/import",
        data={"kind": "requests", "skip_invalid": "true", "csrf_token": _token(client)},
        files={"file": ("needs.csv", CSV.encode("utf-8"), "text/csv")},
        headers={"Accept-Language": "en"},
    )
    assert "the 1 valid rows were written" in response.text
    items = client.get("/api/v1/requests", headers=world.h("coordinator")).json()["items"]
    assert [r["item"] for r in items] == ["Генератор 30 кВт"]


def test_only_coordinators_upload(client, world):
    sign_in(client, "hospital@brovary-rada.gov.ua")
    assert client.get("/import").status_code == 403
