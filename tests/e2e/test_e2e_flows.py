"""The core flow in a real browser: request, pledge, allocation, moves, the signed receipt.

Each test builds the records it needs (through the JSON API when the step is not the one being
tested) and starts from its own browser context; none depends on another's order.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from playwright.sync_api import Browser, Page, expect

from tests.e2e.conftest import (
    DESKTOP,
    PHONE,
    Api,
    build_pledge,
    build_request,
    build_shipment,
    new_context,
    sign_in,
    unique,
)


def file_request(page: Page, item: str) -> int:
    """Fill /requests/new as community staff and submit; returns the new request's id."""
    page.goto("/requests/new")
    page.select_option("#category", "generator")
    page.fill("#item", item)
    page.fill("#quantity", "2")
    page.select_option("#unit", "pcs")
    page.select_option("#priority", "high")
    page.fill("#needed_by", (date.today() + timedelta(days=21)).isoformat())
    page.fill("#destination", "Бровари")
    page.fill("#justification", "Резервне живлення для котельні")
    page.click("#request-form button[type=submit]")
    page.wait_for_url(re.compile(r"/requests/\d+$"))
    return int(page.url.rsplit("/", 1)[1])


def post_move(page: Page, status: str, location: str) -> None:
    """Report a move through the shipment page's form."""
    page.select_option("#move-status", status)
    page.fill("#move-location", location)
    page.click("form.move-form button[type=submit]")


def test_community_files_a_request_on_a_phone(phone: Page) -> None:
    item = unique("Генератор 50 кВт для котельні")
    sign_in(phone, "brovary", "/requests/new")
    phone.goto("/requests/new")
    hint = phone.locator("#destination-hint")
    phone.fill("#destination", "Зззгггххх")
    expect(hint.locator(".hint-bad")).to_contain_text("Місце не знайдено")
    phone.fill("#destination", "Княжичі")
    expect(hint.locator(".hint-ok")).to_contain_text("Kniazhychi, Kyiv Oblast")

    request_id = file_request(phone, item)

    expect(phone.locator("h1")).to_have_text(item)
    expect(phone.locator("main")).to_contain_text("Бровари")
    phone.goto("/requests")
    expect(phone.locator(f"#results a[href='/requests/{request_id}']")).to_have_text(item)


def test_partner_pledges_a_generator(desktop: Page) -> None:
    item = unique("Stromgenerator 60 kVA")
    sign_in(desktop, "jena", "/pledges/new")
    desktop.goto("/pledges/new")
    desktop.select_option("#category", "generator")
    desktop.fill("#item", item)
    desktop.fill("#quantity", "2")
    desktop.select_option("#unit", "pcs")
    desktop.fill("#origin", "Jena")
    expect(desktop.locator("#origin-hint .hint-ok")).to_contain_text("Jena")
    desktop.fill("#available_from", (date.today() + timedelta(days=7)).isoformat())
    desktop.fill("#value_amount", "24000")
    desktop.fill("#currency", "EUR")
    desktop.click("#pledge-form button[type=submit]")
    desktop.wait_for_url(re.compile(r"/pledges/\d+$"))
    pledge_id = int(desktop.url.rsplit("/", 1)[1])

    expect(desktop.locator("h1")).to_have_text(item)
    expect(desktop.locator("main")).to_contain_text("Jena")
    desktop.goto("/pledges")
    expect(desktop.locator(f"main a[href='/pledges/{pledge_id}']").first).to_have_text(item)


def test_coordinator_allocates_in_one_click_and_moves_the_shipment(
    desktop: Page, coordinator_api: Api
) -> None:
    item = unique("Generator 80 kW")
    request_id = build_request(coordinator_api, item, 3)
    pledge_id = build_pledge(coordinator_api, item, 3, request_id)
    sign_in(desktop, "coordinator", f"/matching?request_id={request_id}")
    desktop.goto(f"/matching?request_id={request_id}")
    row = desktop.locator("#suggestions tr", has=desktop.locator(f"a[href='/pledges/{pledge_id}']"))
    expect(row.locator("input[name=quantity]")).to_have_value("3")
    row.get_by_role("button", name="Allocate").click()
    expect(desktop.locator("#suggestions .status.ok")).to_have_text(
        f"Allocated 3 pcs from pledge #{pledge_id}."
    )
    expect(desktop.locator("#suggestions")).to_contain_text("Nothing is missing")
    assert "allocated=" not in desktop.url, "htmx swapped the suggestions; no page load"

    allocation_ids = coordinator_api.allocation_ids(request_id)
    assert len(allocation_ids) == 1
    shipment = coordinator_api.post(
        "/shipments", {"allocation_ids": allocation_ids, "carrier": "Jenaer Nahverkehr"}
    )
    desktop.goto(f"/shipments/{shipment['id']}")
    status = desktop.locator("#progress-title")
    expect(status).to_have_text("Status: planned")
    for code, place, shown in (
        ("dispatched", "Jena", "dispatched"),
        ("in_transit", "Krakovets", "in transit"),
        ("arrived", "Бровари", "arrived"),
    ):
        post_move(desktop, code, place)
        expect(status).to_have_text(f"Status: {shown}")
        expect(desktop.locator("ol.timeline li").first).to_contain_text(place)
    expect(desktop.locator("form.move-form")).to_have_count(0)
    assert coordinator_api.get(f"/shipments/{shipment['id']}")["status"] == "arrived"


def test_community_signs_the_receipt_line_by_line_and_verifies_it(
    phone: Page, coordinator_api: Api
) -> None:
    shipment_id = build_shipment(
        coordinator_api,
        [(unique("Генератор"), 2), (unique("Обігрівач"), 5)],
        ["dispatched", "arrived"],
    )
    sign_in(phone, "brovary", f"/shipments/{shipment_id}")
    phone.goto(f"/shipments/{shipment_id}")
    phone.click(f"a[href='/shipments/{shipment_id}/receipt']")
    phone.wait_for_url(f"**/shipments/{shipment_id}/receipt")
    lines = phone.locator("fieldset.receipt-line")
    expect(lines).to_have_count(2)
    first, second = lines.nth(0), lines.nth(1)
    first.locator("input[name$='-quantity_received']").fill("2")
    first.locator("select[name$='-condition']").select_option("good")
    second.locator("input[name$='-quantity_received']").fill("4")
    second.locator("select[name$='-condition']").select_option("damaged")
    second.locator("input[name$='-note']").fill("Один обігрівач розбитий")
    phone.fill("#received_role", "Начальник соціальної служби")
    phone.click("#receipt-form button[type=submit]")

    phone.wait_for_url(re.compile(rf"/shipments/{shipment_id}$"))
    box = phone.locator(".receipt-box")
    expect(box).to_contain_text("Отримано й підписано")
    code = box.locator("code").inner_text()
    assert code
    box.locator(f"a[href='/verify/{code}']").click()
    phone.wait_for_url(f"**/verify/{code}")
    expect(phone.locator(".status.ok")).to_contain_text("Справжній акт")
    expect(phone.locator("main")).to_contain_text("Один обігрівач розбитий")
    assert coordinator_api.get(f"/shipments/{shipment_id}")["status"] == "delivered"


def test_the_core_flow_works_without_javascript(
    browser: Browser, live_server: str, coordinator_api: Api
) -> None:
    staff = new_context(browser, live_server, PHONE, javascript=False)
    coordinator = new_context(browser, live_server, DESKTOP, javascript=False)
    try:
        community = staff.new_page()
        sign_in(community, "brovary", "/requests/new")
        item = unique("Генератор без JavaScript")
        request_id = file_request(community, item)
        expect(community.locator("h1")).to_have_text(item)

        office = coordinator.new_page()
        sign_in(office, "coordinator", "/matching")
        pledge_id = build_pledge(coordinator_api, unique("Generator"), 2, request_id)
        office.goto(f"/matching?request_id={request_id}")
        row = office.locator(
            "#suggestions tr", has=office.locator(f"a[href='/pledges/{pledge_id}']")
        )
        row.get_by_role("button", name="Allocate").click()
        office.wait_for_url(re.compile(r"/matching\?request_id=\d+&allocated=\d+$"))
        allocation_id = int(office.url.rsplit("=", 1)[1])
        expect(office.locator("#suggestions .status.ok")).to_contain_text("Allocated 2 pcs")

        shipment = coordinator_api.post("/shipments", {"allocation_ids": [allocation_id]})
        office.goto(f"/shipments/{shipment['id']}")
        post_move(office, "dispatched", "Jena")
        office.wait_for_url(re.compile(rf"/shipments/{shipment['id']}$"))
        expect(office.locator("#progress-title")).to_have_text("Status: dispatched")

        community.goto(f"/shipments/{shipment['id']}/receipt")
        community.locator("input[name$='-quantity_received']").fill("2")
        community.click("#receipt-form button[type=submit]")
        community.wait_for_url(re.compile(rf"/shipments/{shipment['id']}$"))
        code = community.locator(".receipt-box code").inner_text()
        community.goto(f"/verify/{code}")
        expect(community.locator(".status.ok")).to_contain_text("Справжній акт")
    finally:
        staff.close()
        coordinator.close()
