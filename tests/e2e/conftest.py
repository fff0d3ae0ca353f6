"""Browser tests: a live tracker server on a free port with a temporary database and the demo
world, driven by Playwright in Debian's Chromium (never a downloaded browser).

Without /usr/bin/chromium these tests are skipped with a message, unless
TRACKER_REQUIRE_BROWSER=1 (CI sets it), which turns the skip into a failure.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import httpx
import pytest

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, Page, Route

CHROMIUM = os.environ.get("TRACKER_CHROMIUM", "/usr/bin/chromium")
REQUIRE_BROWSER = os.environ.get("TRACKER_REQUIRE_BROWSER") == "1"
DEMO_PASSWORD = "Demo-Password-2026"
AXE = Path(__file__).parent / "vendor" / "axe-4.14.1.min.js"
ROOT = Path(__file__).resolve().parents[2]
ACCOUNTS = {
    "coordinator": "coordinator@auc.demo",
    "brovary": "staff@brovary.demo",
    "poltava": "staff@poltava.demo",
    "jena": "partner@jena.demo",
    "kalmar": "partner@kalmar.demo",
    "admin": "admin@tracker.demo",
}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app served by uvicorn in its own process, with the demo world loaded."""
    workdir = tmp_path_factory.mktemp("live")
    env = os.environ | {
        "DATABASE_URL": f"sqlite:///{workdir / 'tracker.db'}",
        "TRACKER_SECRET_KEY": "e2e-secret-key-that-is-long-enough-0123456789",
        "TRACKER_ENV": "test",
        "TRACKER_DEMO_PASSWORD": DEMO_PASSWORD,
    }
    port = _free_port()
    base_url = f"http://127.0.0.1:{port}"
    env["TRACKER_BASE_URL"] = base_url
    tracker = [sys.executable, "-m", "tracker.cli"]
    subprocess.run([*tracker, "db", "upgrade"], env=env, check=True, cwd=ROOT, capture_output=True)
    subprocess.run([*tracker, "demo"], env=env, check=True, cwd=ROOT, capture_output=True)
    log = (workdir / "server.log").open("w")
    server = subprocess.Popen(
        [*tracker, "serve", "--port", str(port)],
        env=env,
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{base_url}/readyz", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if server.poll() is not None:
                raise RuntimeError((workdir / "server.log").read_text())
            time.sleep(0.3)
        else:
            raise RuntimeError("the server did not become ready in 60 s")
        yield base_url
    finally:
        server.terminate()
        server.wait(timeout=10)
        log.close()


@pytest.fixture(scope="session")
def browser():  # type: ignore[no-untyped-def]
    if not Path(CHROMIUM).exists() or shutil.which(CHROMIUM) is None:
        message = f"Chromium not found at {CHROMIUM} (Debian: apt-get install chromium)."
        if REQUIRE_BROWSER:
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    playwright = sync_playwright().start()
    instance = playwright.chromium.launch(
        executable_path=CHROMIUM,
        args=[
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-quic",
        ],
    )
    yield instance
    instance.close()
    playwright.stop()


TILES = re.compile(r"^https?://([a-z0-9-]+\.)*openstreetmap\.org/")
PHONE = {"viewport": {"width": 360, "height": 740}, "locale": "uk-UA", "lang": "uk"}
DESKTOP = {"viewport": {"width": 1280, "height": 900}, "locale": "en-GB", "lang": "en"}


def _abort(route: Route) -> None:
    route.abort()


def new_context(
    browser: Browser, base_url: str, device: dict[str, Any], *, javascript: bool = True
) -> BrowserContext:
    """A fresh context (empty cache, no cookies) that never contacts the tile server."""
    context = browser.new_context(
        viewport=device["viewport"],
        base_url=base_url,
        locale=device["locale"],
        extra_http_headers={"Accept-Language": device["lang"]},
        java_script_enabled=javascript,
    )
    context.route(TILES, _abort)
    return context


@pytest.fixture
def phone(browser: Browser, live_server: str) -> Iterator[Page]:
    """A 360 px wide page in Ukrainian, as community staff use it."""
    context = new_context(browser, live_server, PHONE)
    yield context.new_page()
    context.close()


@pytest.fixture
def desktop(browser: Browser, live_server: str) -> Iterator[Page]:
    """A 1280 px wide page in English."""
    context = new_context(browser, live_server, DESKTOP)
    yield context.new_page()
    context.close()


@pytest.fixture(scope="session")
def screenshots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Screenshots of the main pages, kept as test artifacts under pytest's tmp dir."""
    return tmp_path_factory.mktemp("screenshots")


def sign_in(page: Page, who: str, next_path: str = "/") -> None:
    page.goto(f"/login?next={next_path}")
    page.fill("#email", ACCOUNTS[who])
    page.fill("#password", DEMO_PASSWORD)
    with page.expect_navigation():
        page.click("form[action='/login'] button[type=submit]")


def axe_violations(page: Page) -> list[dict[str, Any]]:
    """Serious and critical accessibility violations on the current page (axe-core)."""
    # Evaluated through the DevTools protocol: the page's CSP refuses an added inline <script>.
    page.evaluate(AXE.read_text())
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        {
            "id": v["id"],
            "impact": v["impact"],
            "help": v["help"],
            "nodes": [n["target"] for n in v["nodes"]][:5],
        }
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def sign_in_quietly(context: BrowserContext, who: str) -> None:
    """Sign in through the context's request API: cookies set, browser cache left empty."""
    login = context.request.get("/login")
    token = re.search(r'name="csrf_token" value="([^"]+)"', login.text())
    assert token, "no CSRF token on /login"
    response = context.request.post(
        "/login",
        form={
            "email": ACCOUNTS[who],
            "password": DEMO_PASSWORD,
            "next": "/",
            "csrf_token": token[1],
        },
        max_redirects=0,
    )
    assert response.status == 303, response.text()


class Api:
    """The JSON API as one demo account (bearer token), to build what a test needs."""

    def __init__(self, base_url: str, who: str) -> None:
        self.client = httpx.Client(base_url=f"{base_url}/api/v1", timeout=30)
        token = self.client.post(
            "/auth/token", data={"username": ACCOUNTS[who], "password": DEMO_PASSWORD}
        )
        token.raise_for_status()
        self.client.headers["Authorization"] = f"Bearer {token.json()['access_token']}"

    def get(self, path: str, **params: Any) -> Any:
        response = self.client.get(path, params=params)
        response.raise_for_status()
        return response.json()

    def post(self, path: str, body: dict[str, Any]) -> Any:
        response = self.client.post(path, json=body)
        assert response.status_code in (200, 201), response.text
        return response.json()

    def organization_id(self, name: str) -> int:
        found = self.get("/organizations", q=name, limit=50)["items"]
        return next(org["id"] for org in found if org["name"] == name)

    def allocation_ids(self, request_id: int) -> list[int]:
        """Allocations made for a request, read from the audit trail (there is no list route)."""
        entries = self.get("/audit", entity="allocation", limit=200)["items"]
        return [
            e["entity_id"]
            for e in entries
            if e["action"] == "create" and (e["after"] or {}).get("request_id") == request_id
        ]


@pytest.fixture(scope="session")
def coordinator_api(live_server: str) -> Iterator[Api]:
    api = Api(live_server, "coordinator")
    yield api
    api.client.close()


def unique(text: str) -> str:
    """A name no other test (or earlier run on the same server) has used."""
    return f"{text} {uuid.uuid4().hex[:6]}"


def build_request(api: Api, item: str, quantity: int, category: str = "generator") -> int:
    """A Brovary request, filed by the coordinator."""
    return api.post(
        "/requests",
        {
            "community_id": api.organization_id("Brovary"),
            "category": category,
            "item": item,
            "quantity": quantity,
            "unit": "pcs",
            "priority": "critical",
            "destination": "Бровари",
        },
    )["id"]


def build_pledge(
    api: Api, item: str, quantity: int, request_id: int | None = None, category: str = "generator"
) -> int:
    """A Jena pledge, made by the coordinator on Jena's behalf."""
    return api.post(
        "/pledges",
        {
            "partner_id": api.organization_id("Jena"),
            "category": category,
            "item": item,
            "quantity": quantity,
            "unit": "pcs",
            "origin": "Jena",
            "request_id": request_id,
        },
    )["id"]


def build_shipment(api: Api, lines: list[tuple[str, int]], moves: list[str]) -> int:
    """Jena → Brovary: one request, pledge and allocation per line, then the moves posted."""
    allocation_ids = []
    for item, quantity in lines:
        request_id = build_request(api, item, quantity)
        pledge_id = build_pledge(api, item, quantity, request_id)
        allocation = api.post(
            "/allocations",
            {"request_id": request_id, "pledge_id": pledge_id, "quantity": quantity},
        )
        allocation_ids.append(allocation["id"])
    shipment_id = api.post(
        "/shipments", {"allocation_ids": allocation_ids, "carrier": "JenaUA e.V."}
    )["id"]
    for status in moves:
        api.post(f"/shipments/{shipment_id}/events", {"status": status, "location": "Jena"})
    return shipment_id
