"""The Content-Security-Policy holds in a real browser: every main page of every role loads,
runs its scripts (htmx, the maps) and shows its styles without a single CSP violation."""

from __future__ import annotations

from pprint import pformat

import pytest
from playwright.sync_api import Browser, ConsoleMessage, Page, Route

from tests.e2e.conftest import DESKTOP, new_context, sign_in
from tests.e2e.test_e2e_pages import ROLES, Demo, demo, open_page, pages_of  # noqa: F401

RECORD_VIOLATIONS = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__csp.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`);
});
"""


def refused(message: ConsoleMessage) -> bool:
    text = message.text
    return "Content Security Policy" in text or text.startswith("Refused to")


def visit(page: Page, path: str, console: list[str]) -> list[str]:
    """Open `path`; what the policy refused there (events and console messages)."""
    console.clear()
    open_page(page, path)
    page.wait_for_load_state("networkidle")
    return [*page.evaluate("window.__csp"), *console]


@pytest.mark.parametrize("role", ROLES)
def test_pages_load_without_csp_violations(
    browser: Browser,
    live_server: str,
    demo: Demo,  # noqa: F811 (the fixture imported above)
    role: str,
) -> None:
    context = new_context(browser, live_server, DESKTOP)
    context.add_init_script(RECORD_VIOLATIONS)
    console: list[str] = []
    problems: dict[str, list[str]] = {}
    try:
        page = context.new_page()
        page.on("console", lambda m: refused(m) and console.append(m.text))
        if role != "anonymous":
            sign_in(page, role)
        for path in pages_of(role, demo).values():
            found = visit(page, path, console)
            if found:
                problems[path] = found
            if path.startswith("/map"):  # an htmx swap of the list, then the markers again
                page.select_option("select[name=kind]", index=1)
                page.wait_for_load_state("networkidle")
                found = [*page.evaluate("window.__csp"), *console]
                if found:
                    problems[f"{path} after filtering"] = found
    finally:
        context.close()
    assert not problems, pformat(problems)


def test_api_docs_work_offline_under_the_csp(browser: Browser, live_server: str) -> None:
    """Swagger UI renders the operations with every request off the server refused."""
    context = new_context(browser, live_server, DESKTOP)
    context.add_init_script(RECORD_VIOLATIONS)
    elsewhere: list[str] = []

    def offline(route: Route) -> None:
        elsewhere.append(route.request.url)
        route.abort()

    context.route(lambda url: not url.startswith(live_server), offline)
    console: list[str] = []
    try:
        page = context.new_page()
        page.on("console", lambda m: refused(m) and console.append(m.text))
        page.goto("/docs")
        page.wait_for_selector('.swagger-ui .opblock-summary-path[data-path="/api/v1/requests"]')
        page.wait_for_load_state("networkidle")
        found = [*page.evaluate("window.__csp"), *console]
    finally:
        context.close()
    assert found == []
    assert elsewhere == []
