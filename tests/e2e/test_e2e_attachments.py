"""On a 360 px phone: sign a receipt with a damaged line, then attach the photo of the damage
that the page asks for — with JavaScript and without."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from PIL import Image
from playwright.sync_api import Browser, expect

from tests.e2e.conftest import PHONE, Api, build_shipment, new_context, sign_in, unique


def _photo(path: Path) -> Path:
    image = Image.effect_noise((1600, 1200), 50).convert("RGB")
    exif = Image.Exif()
    exif[0x8825] = {1: "N", 2: (50.0, 30.0, 36.5), 3: "E", 4: (30.0, 47.0, 27.2)}
    out = io.BytesIO()
    image.save(out, "JPEG", quality=92, exif=exif.tobytes())
    path.write_bytes(out.getvalue())
    return path


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_photo_of_a_damaged_receipt_line_on_a_phone(
    browser: Browser, live_server: str, coordinator_api: Api, tmp_path: Path, javascript: bool
) -> None:
    item = unique("Обігрівач")
    shipment_id = build_shipment(coordinator_api, [(item, 3)], ["dispatched", "arrived"])
    context = new_context(browser, live_server, PHONE, javascript=javascript)
    try:
        page = context.new_page()
        sign_in(page, "brovary", f"/shipments/{shipment_id}/receipt")
        page.goto(f"/shipments/{shipment_id}/receipt")
        line = page.locator("fieldset.receipt-line")
        line.locator("input[name$='-quantity_received']").fill("3")
        line.locator("select[name$='-condition']").select_option("damaged")
        line.locator("input[name$='-note']").fill("Тріснув корпус")
        page.click("#receipt-form button[type=submit]")
        page.wait_for_url(re.compile(rf"/shipments/{shipment_id}$"))

        invite = page.locator(".photo-invite")
        expect(invite).to_contain_text(item)
        expect(invite).to_contain_text("пошкоджено")
        field = invite.locator("input[type=file]")
        assert field.get_attribute("capture") == "environment"
        assert field.get_attribute("accept") == "image/*,application/pdf"
        field.set_input_files(str(_photo(tmp_path / "IMG_20261204_1015.jpg")))
        invite.locator("button[type=submit]").click()
        page.wait_for_url(re.compile(rf"/shipments/{shipment_id}#receipt-attachments$"))

        expect(page.locator(".photo-invite")).to_contain_text("Фото додано")
        thumbnail = page.locator("#receipt-attachments .attachment-list img")
        expect(thumbnail).to_have_count(1)
        link = page.locator(
            "#receipt-attachments .attachment-list a", has_text="IMG_20261204_1015.jpg"
        )
        href = link.get_attribute("href")
        assert href and href.startswith("/api/v1/attachments/")
        served = context.request.get(href)
        assert served.status == 200 and served.headers["content-type"] == "image/jpeg"
        stored = Image.open(io.BytesIO(served.body()))
        assert not stored.getexif().get_ifd(0x8825)  # no location left on the server
        if javascript:
            assert thumbnail.evaluate("img => img.complete && img.naturalWidth > 0")
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= 360, f"the page scrolls sideways on a phone ({width} px)"
    finally:
        context.close()
