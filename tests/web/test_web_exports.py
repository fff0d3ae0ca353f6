"""Export buttons on the lists (keeping the list's filters) and the import templates."""

from __future__ import annotations

import html
import re

import pytest

from tests.helpers import Flow, sign_in
from tests.helpers import csrf_of as _csrf
from tracker.web.render import export_url


def _links(page: str) -> list[str]:
    return [html.unescape(h) for h in re.findall(r'href="(/api/v1/export/[^"]+)"', page)]


def test_export_urls_keep_only_the_filters_the_export_reads():
    filters = {"status": "open", "category": "", "q": "генератор", "request_id": 7}
    assert export_url("requests", filters) == (
        "/api/v1/export/requests.csv?status=open&q=%D0%B3%D0%B5%D0%BD%D0%B5%D1%80%D0%B0%D1%82%D0%BE%D1%80"
    )
    assert export_url("pledges", {}, hxl=True) == "/api/v1/export/pledges.csv?hxl=true"


def test_the_request_list_exports_what_it_shows(client, world):
    flow = Flow(client, world)
    flow.request(item="Генератор для лікарні", category="generator")
    flow.request(item="Ковдри", category="shelter")
    sign_in(client, "olena@auc.org.ua", "/requests")
    page = client.get("/requests?category=shelter", headers={"Accept-Language": "de"}).text
    assert "CSV herunterladen" in page and "CSV mit HXL-Tags" in page
    plain, hxl = _links(page)
    assert plain == "/api/v1/export/requests.csv?category=shelter"
    assert hxl == "/api/v1/export/requests.csv?category=shelter&hxl=true"
    csv_text = client.get(plain).text  # the session cookie opens the export
    assert "Ковдри" in csv_text and "Генератор для лікарні" not in csv_text
    assert "#item" in client.get(hxl).text


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/pledges?status=offered", "/api/v1/export/pledges.csv?status=offered"),
        ("/shipments?status=planned", "/api/v1/export/shipments.csv?status=planned"),
        ("/shipments", "/api/v1/export/shipments.csv"),
    ],
)
def test_pledge_and_shipment_lists_have_export_buttons(client, world, path, expected):
    sign_in(client, "olena@auc.org.ua", "/")
    page = client.get(path).text
    assert _links(page) == [expected, f"{expected}{'&' if '?' in expected else '?'}hxl=true"]
    assert client.get(expected).status_code == 200


@pytest.mark.parametrize(
    ("lang", "word"),
    [("uk", "Генератор"), ("en", "generator"), ("de", "Stromgenerator"), ("sv", "Elverk")],
)
def test_the_import_template_passes_a_check_as_it_is(client, world, lang, word):
    sign_in(client, "olena@auc.org.ua", "/import")
    page = client.get("/import", headers={"Accept-Language": lang}).text
    assert 'href="/import/template-requests.csv"' in page
    template = client.get("/import/template-requests.csv", headers={"Accept-Language": lang})
    assert template.status_code == 200 and "attachment" in template.headers["content-disposition"]
    text = template.content.decode("utf-8-sig")
    header, example = text.splitlines()
    assert header.startswith("community,category,item,quantity,unit")
    assert word in example
    checked = client.post(
        "/import",
        data={"csrf_token": _csrf(page), "kind": "requests", "dry_run": "true"},
        files={"file": ("t.csv", template.content, "text/csv")},
    )
    assert checked.status_code == 200, checked.text


def test_the_pledge_template_passes_a_check_too(client, world):
    sign_in(client, "olena@auc.org.ua", "/import")
    page = client.get("/import").text
    template = client.get("/import/template-pledges.csv", headers={"Accept-Language": "sv"})
    assert "Värmefläktar" in template.content.decode("utf-8-sig")
    checked = client.post(
        "/import",
        data={"csrf_token": _csrf(page), "kind": "pledges", "dry_run": "true"},
        files={"file": ("t.csv", template.content, "text/csv")},
    )
    assert checked.status_code == 200, checked.text
    assert client.get("/import/template-other.csv").status_code == 404
