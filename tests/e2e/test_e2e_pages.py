"""Every page of the contract in a real browser: axe-core, phone layout, screenshots, weight.

Pages are visited as the role that sees them, on demo records looked up by name (the demo
world is loaded once for the session; tests that add records do not change these).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from pprint import pformat
from typing import Any

import pytest
from playwright.sync_api import Browser, Page

from tests.e2e.conftest import (
    DESKTOP,
    PHONE,
    TILES,
    Api,
    axe_violations,
    new_context,
    sign_in,
    sign_in_quietly,
)

WEIGHT_LIMIT = 150 * 1024
PHONES = {
    "uk": PHONE,
    "de": PHONE | {"locale": "de-DE", "lang": "de"},
    "sv": PHONE | {"locale": "sv-SE", "lang": "sv"},
}
# What a thumb taps on a phone must be at least 44 px tall.
SMALL_TARGETS = """() => [...document.querySelectorAll(
    'header.top a, header.top button, nav.pagination a, nav.tabs a, a.button, button, select,'
    + ' input[type=text], input[type=search], input[type=email], input[type=password]')]
  .filter((e) => e.offsetParent !== null && e.getBoundingClientRect().height < 44)
  .map((e) => e.outerHTML.slice(0, 80))"""
HEADINGS = """() => {
  const probe = (tag) => { const e = document.createElement(tag); document.body.append(e);
    const px = parseFloat(getComputedStyle(e).fontSize); e.remove(); return px; };
  return [probe("h1"), probe("h2")];
}"""


@dataclass(frozen=True)
class Demo:
    """Ids of demo records the pages are shown with."""

    request: int
    pledge: int
    moving: int
    arrived: int
    code: str


@pytest.fixture(scope="session")
def demo(coordinator_api: Api) -> Demo:
    def one(path: str, **params: Any) -> dict[str, Any]:
        return coordinator_api.get(path, **params)["items"][0]

    arrived = next(
        s
        for s in coordinator_api.get("/shipments", status="arrived", limit=200)["items"]
        if s["carrier"] == "Engagement Global"
    )
    delivered = min(
        s["id"] for s in coordinator_api.get("/shipments", status="delivered", limit=200)["items"]
    )
    receipt_id = coordinator_api.get(f"/shipments/{delivered}")["receipt_id"]
    receipt = coordinator_api.get(f"/receipts/{receipt_id}")
    return Demo(
        request=one("/requests", q="Генератор 100 кВт")["id"],
        pledge=one("/pledges", q="Stromgenerator 100 kVA")["id"],
        moving=one("/shipments", status="at_customs")["id"],
        arrived=arrived["id"],
        code=receipt["code"],
    )


def pages_of(role: str, demo: Demo) -> dict[str, str]:
    """Name → path of the pages `role` is shown (the name is used for screenshots)."""
    if role == "anonymous":
        return {"login": "/login", "verify": f"/verify/{demo.code}"}
    if role == "brovary":
        return {
            "dashboard": "/",
            "requests": "/requests",
            "request-new": "/requests/new",
            "request": f"/requests/{demo.request}",
            "shipments": "/shipments",
            "shipment": f"/shipments/{demo.moving}",
            "receipt": f"/shipments/{demo.arrived}/receipt",
            "map": "/map",
        }
    if role == "jena":
        return {
            "dashboard": "/",
            "pledges": "/pledges",
            "pledge-new": "/pledges/new",
            "pledge": f"/pledges/{demo.pledge}",
            "requests": "/requests",
        }
    return {
        "dashboard": "/",
        "request": f"/requests/{demo.request}",
        "matching": f"/matching?request_id={demo.request}",
        "matching-plan": "/matching?propose=1",
        "shipment": f"/shipments/{demo.moving}",
        "shipments": "/shipments",
        "map": "/map",
    }


ROLES = ["anonymous", "brovary", "jena", "coordinator"]


def open_page(page: Page, path: str) -> None:
    page.goto(path)
    if path.startswith("/map"):
        page.wait_for_selector("#map .leaflet-marker-icon, #map .leaflet-interactive")


def check_pages(
    browser: Browser, live_server: str, demo: Demo, role: str, device: dict[str, Any], out: Path
) -> dict[str, Any]:
    """Visit the role's pages: axe, screenshot, width; returns what went wrong by page."""
    context = new_context(browser, live_server, device)
    problems: dict[str, Any] = {}
    try:
        page = context.new_page()
        if role != "anonymous":
            sign_in(page, role)
        width = device["viewport"]["width"]
        for name, path in pages_of(role, demo).items():
            open_page(page, path)
            assert page.url.endswith(path), f"{path} went to {page.url}"
            found = axe_violations(page)
            if found:
                problems[f"{path} axe"] = found
            page.screenshot(path=str(out / f"{role}-{name}-{width}.png"), full_page=True)
            scroll = page.evaluate("document.documentElement.scrollWidth")
            if scroll > width:
                problems[f"{path} width"] = scroll
            if html_lang := device.get("lang"):
                shown = page.evaluate("document.documentElement.lang")
                if shown != html_lang:
                    problems[f"{path} language"] = shown
            if width < 600:
                small = page.evaluate(SMALL_TARGETS)
                if small:
                    problems[f"{path} tap targets"] = small
                h1, h2 = page.evaluate(HEADINGS)
                if not h1 > h2:
                    problems[f"{path} headings"] = (h1, h2)
    finally:
        context.close()
    return problems


@pytest.mark.parametrize("lang", list(PHONES))
@pytest.mark.parametrize("role", ROLES)
def test_pages_on_a_phone_are_accessible_and_fit(
    browser: Browser, live_server: str, demo: Demo, screenshots: Path, role: str, lang: str
) -> None:
    """360 px, in Ukrainian, German and Swedish: the page in that language, no serious axe
    violation, no horizontal scrolling, tap targets of 44 px, h1 above h2."""
    device = PHONES[lang]
    shots = screenshots / lang
    shots.mkdir(exist_ok=True)
    problems = check_pages(browser, live_server, demo, role, device, shots)
    assert not problems, pformat(problems)


@pytest.mark.parametrize("role", ROLES)
def test_pages_on_a_desktop_are_accessible(
    browser: Browser, live_server: str, demo: Demo, screenshots: Path, role: str
) -> None:
    """1280 px, English: no serious axe violation."""
    problems = check_pages(browser, live_server, demo, role, DESKTOP, screenshots)
    assert not problems, pformat(problems)


WEIGHED = [
    ("anonymous", "/login"),
    ("brovary", "/"),
    ("brovary", "/requests"),
    ("brovary", "/requests/new"),
    ("brovary", "/requests/{request}"),
    ("jena", "/pledges"),
    ("jena", "/pledges/new"),
    ("coordinator", "/matching?request_id={request}"),
    ("brovary", "/shipments"),
    ("brovary", "/shipments/{moving}"),
    ("brovary", "/map"),
    ("anonymous", "/verify/{code}"),
]


ENTRIES = """() => [
    ...performance.getEntriesByType("navigation"),
    ...performance.getEntriesByType("resource"),
].map((e) => ({name: e.name, transfer: e.transferSize, body: e.decodedBodySize}))"""


@pytest.mark.parametrize(("role", "path"), WEIGHED)
def test_first_load_weighs_under_150_kb(
    browser: Browser, live_server: str, demo: Demo, role: str, path: str
) -> None:
    """A fresh context (empty cache) loads the page: HTML + CSS + JS, map tiles excluded.

    Sizes come from the Performance API: transferSize is what crossed the network (headers
    and the body as sent), decodedBodySize the body once decompressed.
    """
    path = path.format(**demo.__dict__)
    context = new_context(browser, live_server, PHONE)
    try:
        if role != "anonymous":
            sign_in_quietly(context, role)
        page = context.new_page()
        # Contexts in one browser can share Blink's memory cache: make every load a first load.
        context.new_cdp_session(page).send("Network.setCacheDisabled", {"cacheDisabled": True})
        open_page(page, path)
        entries = [e for e in page.evaluate(ENTRIES) if not TILES.match(e["name"])]
    finally:
        context.close()
    total = sum(e["transfer"] for e in entries)
    detail = ", ".join(
        f"{e['name'].removeprefix(live_server)} {e['transfer'] / 1024:.1f}" for e in entries
    )
    print(
        f"\nweight {path} ({role}): {total / 1024:.1f} KB transferred, "
        f"{sum(e['body'] for e in entries) / 1024:.1f} KB decoded [{detail}]"
    )
    cached = [e["name"] for e in entries if not e["transfer"] and "favicon" not in e["name"]]
    assert not cached, f"{path}: came from a cache: {cached}"
    assert total < WEIGHT_LIMIT, f"{path}: {total / 1024:.1f} KB"
