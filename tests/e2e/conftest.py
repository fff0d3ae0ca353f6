"""Browser tests: a live tracker server on a free port with a temporary database and the demo
world, driven by Playwright in Debian's Chromium (never a downloaded browser).

Without /usr/bin/chromium these tests are skipped with a message, unless
TRACKER_REQUIRE_BROWSER=1 (CI sets it), which turns the skip into a failure.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

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


@pytest.fixture
def phone(browser, live_server):  # type: ignore[no-untyped-def]
    """A 360 px wide page in Ukrainian, as community staff use it."""
    context = browser.new_context(
        viewport={"width": 360, "height": 740},
        base_url=live_server,
        locale="uk-UA",
        extra_http_headers={"Accept-Language": "uk"},
    )
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def desktop(browser, live_server):  # type: ignore[no-untyped-def]
    context = browser.new_context(
        viewport={"width": 1280, "height": 900},
        base_url=live_server,
        locale="en-GB",
        extra_http_headers={"Accept-Language": "en"},
    )
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture(scope="session")
def screenshots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Screenshots of the main pages, kept as test artifacts under pytest's tmp dir."""
    return tmp_path_factory.mktemp("screenshots")


def sign_in(page, who: str, next_path: str = "/") -> None:  # type: ignore[no-untyped-def]
    page.goto(f"/login?next={next_path}")
    page.fill("#email", ACCOUNTS[who])
    page.fill("#password", DEMO_PASSWORD)
    page.click("form[action='/login'] button[type=submit]")
    page.wait_for_load_state("networkidle")


def axe_violations(page) -> list[dict]:  # type: ignore[no-untyped-def]
    """Serious and critical accessibility violations on the current page (axe-core)."""
    page.add_script_tag(path=str(AXE))
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
