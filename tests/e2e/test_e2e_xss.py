"""Stored XSS: what people type is shown as text on every page and map, never run.

A hostile world is built once through the JSON API: every free-text field a user can fill
carries a payload that sets `window.__xss` if it ever runs. Each page that shows those records
is opened (markers' tooltips and popups opened too) and must show the payload's literal text,
with `window.__xss` still undefined and no dialog.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest
from playwright.sync_api import Browser, Page

from tests.e2e.conftest import DESKTOP, TILES, Api, build_shipment, sign_in

IMG = "<img src=x onerror=window.__xss=1>"
SCRIPT = '"><script>window.__xss=1</script>'
SVG = "<svg onload=window.__xss=1>"
JS_URL = "javascript:window.__xss=1"


TOKEN = uuid.uuid4().hex[:6]  # in every hostile text: lists are searched and markers found by it


def bad(label: str, payload: str) -> str:
    return f"{label} {payload} {TOKEN}"


@dataclass
class Hostile:
    """The hostile records' ids, and the texts each page must show literally."""

    ids: dict[str, int] = field(default_factory=dict)
    texts: dict[str, str] = field(default_factory=dict)
    code: str = ""


@pytest.fixture(scope="module")
def hostile(coordinator_api: Api) -> Hostile:
    """Two organizations, requests, pledges and two shipments (one signed for), every free
    text carrying a payload (organizations through the API: there is no form for them yet)."""
    api = coordinator_api
    world = Hostile()
    t = world.texts
    t |= {
        "community": bad("Громада", IMG),
        "community_place": bad("Село", SVG),
        "partner": bad("Stadt", SCRIPT),
        "partner_place": bad("Ort", IMG),
    }
    community = api.post(
        "/organizations",
        {
            "name": t["community"],
            "kind": "community",
            "country": "UA",
            "place": t["community_place"],
            "latitude": 49.1,
            "longitude": 32.1,
        },
    )["id"]
    partner = api.post(
        "/organizations",
        {
            "name": t["partner"],
            "kind": "partner",
            "country": "DE",
            "place": t["partner_place"],
            "latitude": 52.5,
            "longitude": 13.4,
        },
    )["id"]
    brovary = api.organization_id("Brovary")
    world.ids |= {"community": community, "partner": partner, "brovary": brovary}

    def request(key: str, community_id: int, quantity: int, lat: float, lon: float) -> int:
        t[f"{key}.item"] = bad(f"Генератор {key}", SCRIPT if key == "r1" else IMG)
        t[f"{key}.destination"] = bad(f"Бровари {key}", IMG if key == "r1" else SCRIPT)
        t[f"{key}.justification"] = bad(f"Котельня {key}", SVG)
        world.ids[key] = api.post(
            "/requests",
            {
                "community_id": community_id,
                "category": "generator",
                "item": t[f"{key}.item"],
                "quantity": quantity,
                "unit": "pcs",
                "priority": "high",
                "destination": t[f"{key}.destination"],
                "latitude": lat,
                "longitude": lon,
                "justification": t[f"{key}.justification"],
            },
        )["id"]
        return world.ids[key]

    def pledge(key: str, quantity: int, request_id: int, lat: float) -> int:
        t[f"{key}.item"] = bad(f"Stromgenerator {key}", IMG if key == "p1" else SCRIPT)
        t[f"{key}.origin"] = bad(f"Jena {key}", SVG)
        world.ids[key] = api.post(
            "/pledges",
            {
                "partner_id": partner,
                "category": "generator",
                "item": t[f"{key}.item"],
                "quantity": quantity,
                "unit": "pcs",
                "origin": t[f"{key}.origin"],
                "latitude": lat,
                "longitude": 11.6,
                "request_id": request_id,
            },
        )["id"]
        return world.ids[key]

    def allocate(request_id: int, pledge_id: int, quantity: int) -> int:
        body = {"request_id": request_id, "pledge_id": pledge_id, "quantity": quantity}
        return api.post("/allocations", body)["id"]

    a1 = allocate(
        request("r1", brovary, 2, 50.51, 30.79), pledge("p1", 2, world.ids["r1"], 50.9), 2
    )
    a3 = allocate(
        request("r3", brovary, 1, 50.30, 30.60), pledge("p3", 1, world.ids["r3"], 51.1), 1
    )
    allocate(request("r2", community, 1, 49.1, 32.1), pledge("p2", 1, world.ids["r2"], 50.7), 1)

    # Not allocated: their edit forms show the texts in the fields.
    pledge("p4", 1, request("r4", brovary, 1, 50.4, 30.5), 50.8)

    t |= {
        "carrier": bad("Spedition", IMG),
        "vehicle": bad("MAN", SVG),
        "reference": f"{SCRIPT} {TOKEN}",
        "driver_name": bad("Petro", IMG),
        "transport_document": bad("CMR", SVG)[:60],
        "seal_numbers": bad("S", IMG),
        "declaration_code": bad("D", SVG),
        "driver_phone": JS_URL,
    }
    s1 = api.post(
        "/shipments",
        {"allocation_ids": [a1]}
        | {
            k: t[k]
            for k in (
                "carrier",
                "vehicle",
                "reference",
                "driver_name",
                "driver_phone",
                "transport_document",
                "seal_numbers",
                "declaration_code",
            )
        },
    )["id"]
    s2 = api.post("/shipments", {"allocation_ids": [a3], "carrier": t["carrier"]})["id"]
    world.ids |= {"s1": s1, "s2": s2}
    moves = [("dispatched", 51.0, 14.0), ("in_transit", 50.2, 24.0), ("arrived", 50.5, 30.7)]
    for shipment, key in ((s1, "s1"), (s2, "s2")):
        for status, lat, lon in moves:
            t[f"{key}.{status}.location"] = bad(
                f"Place {status} {key}", SVG if key == "s1" else IMG
            )
            t[f"{key}.{status}.note"] = bad(f"Note {status} {key}", IMG if key == "s1" else SCRIPT)
            api.post(
                f"/shipments/{shipment}/events",
                {
                    "status": status,
                    "location": t[f"{key}.{status}.location"],
                    "note": t[f"{key}.{status}.note"],
                    "latitude": lat,
                    "longitude": lon,
                },
            )
    line = api.get(f"/shipments/{s1}")["lines"][0]["id"]
    t |= {
        "received_by": bad("Olena", IMG),
        "received_role": bad("Head", SVG),
        "line_note": bad("Good", SCRIPT),
    }
    receipt = api.post(
        f"/shipments/{s1}/receipt",
        {
            "received_by": t["received_by"],
            "received_role": t["received_role"],
            "lines": [
                {
                    "line_id": line,
                    "quantity_received": 2,
                    "condition": "good",
                    "note": t["line_note"],
                }
            ],
        },
    )
    world.code = receipt["code"]
    return world


@pytest.fixture
def watched(browser: Browser, live_server: str) -> Iterator[tuple[Page, list[str]]]:
    """A desktop page whose dialogs (alert, confirm…) are recorded and dismissed.

    The page ignores the Content-Security-Policy: it would refuse the payloads' inline
    handlers and so hide a missing escape; these tests check the escaping itself."""
    context = browser.new_context(
        viewport=DESKTOP["viewport"],
        base_url=live_server,
        locale=DESKTOP["locale"],
        extra_http_headers={"Accept-Language": DESKTOP["lang"]},
        bypass_csp=True,
    )
    context.route(TILES, lambda route: route.abort())
    page = context.new_page()
    dialogs: list[str] = []

    def _dialog(dialog) -> None:  # type: ignore[no-untyped-def]
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", _dialog)
    yield page, dialogs
    context.close()


def open_every_marker(page: Page, holder: str, titled: str | None = None) -> list[str]:
    """Hover and click each marker of the map in `holder` (only those whose title has
    `titled`, if given); returns the texts of the tooltips and popups they opened."""
    if titled:
        selector = f"{holder} .leaflet-marker-icon[title*='{titled}']"
    else:
        selector = f"{holder} .leaflet-interactive, {holder} .leaflet-marker-icon"
    page.wait_for_selector(selector)
    shown: list[str] = []
    markers = page.locator(selector)
    for i in range(markers.count()):
        marker = markers.nth(i)
        marker.dispatch_event("mouseover")
        shown += page.locator(f"{holder} .leaflet-tooltip").all_text_contents()
        marker.dispatch_event("click")
        shown += page.locator(f"{holder} .leaflet-popup-content").all_text_contents()
        marker.dispatch_event("mouseout")
    page.wait_for_timeout(300)  # an <img onerror> fires asynchronously
    return shown


def assert_nothing_ran(page: Page, dialogs: list[str]) -> None:
    assert page.evaluate("typeof window.__xss") == "undefined", f"payload ran on {page.url}"
    assert dialogs == [], f"dialogs on {page.url}: {dialogs}"


@pytest.mark.parametrize("who", ["coordinator", "brovary"])
def test_shipment_map_shows_places_as_text(
    hostile: Hostile, watched: tuple[Page, list[str]], who: str
) -> None:
    """The events' places and the destination appear literally in tooltips and popups."""
    page, dialogs = watched
    sign_in(page, who)
    page.goto(f"/shipments/{hostile.ids['s2']}")
    shown = open_every_marker(page, "#shipment-map")
    assert_nothing_ran(page, dialogs)
    for key in ("s2.dispatched.location", "s2.arrived.location", "r3.destination"):
        assert any(hostile.texts[key] in text for text in shown), (key, shown)


def pages_for(role: str, w: Hostile) -> dict[str, list[str]]:
    """Path → keys of the hostile texts that page must show literally."""
    i = w.ids
    s1 = ["carrier", "vehicle", "reference", "driver_name", "transport_document"]
    s1 += ["seal_numbers", "s1.in_transit.location", "s1.in_transit.note", "received_by"]
    if role == "anonymous":
        return {f"/verify/{w.code}": ["received_by"]}
    if role == "brovary":
        return {
            "/": [],
            f"/requests/{i['r1']}": ["r1.item", "r1.destination", "r1.justification"],
            f"/requests/{i['r4']}/edit": ["r4.item", "r4.destination", "r4.justification"],
            f"/shipments/{i['s1']}": s1,
            f"/shipments/{i['s2']}": ["s2.arrived.location", "s2.arrived.note"],
            f"/shipments/{i['s2']}/receipt": ["p3.item"],
            "/shipments?status=arrived": ["r3.destination"],
            "/map": ["r1.item", "r3.item"],
            f"/reports/communities/{i['brovary']}": [],
            f"/verify/{w.code}": ["received_by"],
        }
    if role == "jena":
        return {
            "/": [],
            f"/requests?q={TOKEN}": ["r1.item", "r2.item"],
            f"/requests/{i['r2']}": ["r2.item", "community"],
            f"/pledges?q={TOKEN}": ["p1.item", "p2.item"],
            f"/pledges/{i['p1']}": ["p1.item", "p1.origin", "partner"],
            "/map": [],
        }
    return {
        "/": [],
        f"/requests?q={TOKEN}": ["r1.item", "r2.item", "r3.item"],
        f"/requests/{i['r2']}": ["r2.item", "r2.destination", "r2.justification", "community"],
        f"/requests/{i['r4']}/edit": ["r4.item", "r4.destination", "r4.justification"],
        f"/pledges?q={TOKEN}": ["p1.item", "p2.item", "p3.item"],
        f"/pledges/{i['p2']}": ["p2.item", "p2.origin", "partner"],
        f"/pledges/{i['p4']}/edit": ["p4.item", "p4.origin"],
        "/matching": [],
        f"/matching?request_id={i['r2']}": ["r2.item"],
        "/matching?propose=1": [],
        "/shipments/new": ["r2.item"],
        "/shipments?status=delivered": ["reference"],
        f"/shipments/{i['s1']}": s1,
        f"/shipments/{i['s2']}": ["s2.dispatched.location", "s2.dispatched.note"],
        "/map": ["r2.item", "p2.item", "reference"],
        f"/reports/partners/{i['partner']}": [],
        f"/reports/communities/{i['community']}": [],
        f"/verify/{w.code}": ["received_by", "line_note"],
    }


def form_values(page: Page) -> str:
    """What the page's form fields hold (a filled-in form shows data in values, not text)."""
    return page.evaluate(
        "[...document.querySelectorAll('input, textarea')].map((e) => e.value).join('\\n')"
    )


@pytest.mark.parametrize("role", ["anonymous", "brovary", "jena", "coordinator"])
def test_hostile_text_shows_as_text_on_every_page(
    hostile: Hostile, watched: tuple[Page, list[str]], role: str
) -> None:
    page, dialogs = watched
    if role != "anonymous":
        sign_in(page, role)
    missing: dict[str, list[str]] = {}
    for path, keys in pages_for(role, hostile).items():
        response = page.goto(path)
        assert response is not None and response.status == 200, (path, response)
        page.wait_for_load_state("networkidle")
        shown = form_values(page) if path.endswith("/edit") else page.inner_text("body")
        if page.locator("#map .leaflet-pane").count():
            shown += "\n".join(open_every_marker(page, "#map", TOKEN))
        if page.locator("#shipment-map .leaflet-pane").count():
            shown += "\n".join(open_every_marker(page, "#shipment-map"))
        page.wait_for_timeout(200)
        assert_nothing_ran(page, dialogs)
        lost = [k for k in keys if hostile.texts[k] not in shown]
        if lost:
            missing[path] = lost
        for link in page.locator("a[href^='javascript:' i]").all():
            raise AssertionError(f"{path}: a javascript: link {link.get_attribute('href')}")
    assert not missing, missing


def test_payloads_typed_into_the_forms_show_as_text(
    coordinator_api: Api, watched: tuple[Page, list[str]]
) -> None:
    """Through the pages themselves: a refused form shows the typed text back in its fields,
    the saved request and the htmx-swapped shipment timeline and map show it as text."""
    page, dialogs = watched
    sign_in(page, "brovary", "/requests/new")
    page.goto("/requests/new")
    item, justification = bad("Насос", IMG), bad("Водоканал", SCRIPT)
    page.select_option("#category", "water_sanitation")
    page.fill("#item", item)
    page.fill("#quantity", "0")  # refused: the form comes back with what was typed
    page.select_option("#unit", "pcs")
    page.fill("#destination", "Бровари")
    page.fill("#justification", justification)
    page.eval_on_selector("#request-form form", "(form) => form.noValidate = true")
    page.click("#request-form form button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert_nothing_ran(page, dialogs)
    assert page.input_value("#item") == item
    assert page.input_value("#justification") == justification
    page.fill("#quantity", "2")
    page.click("#request-form form button[type=submit]")
    page.wait_for_url(re.compile(r"/requests/\d+$"))
    page.wait_for_load_state("networkidle")
    assert_nothing_ran(page, dialogs)
    body = page.inner_text("main")
    assert item in body and justification in body

    shipment = build_shipment(coordinator_api, [(bad("Generator", SVG), 1)], ["dispatched"])
    with page.expect_navigation():
        page.click("form[action='/logout'] button[type=submit]")
    sign_in(page, "coordinator", f"/shipments/{shipment}")
    page.goto(f"/shipments/{shipment}")
    page.select_option("#move-status", "in_transit")
    place, note = bad("Київ", IMG), bad("Затримка", SCRIPT)
    page.fill("#move-location", place)
    page.fill("#move-note", note)
    page.click("form.move-form button[type=submit]")
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(300)
    assert_nothing_ran(page, dialogs)
    shown = page.inner_text("main") + form_values(page)
    assert place in shown and note in shown
