"""Photos and files made in the test, and a delivered shipment with a damaged line."""

from __future__ import annotations

import io
from typing import Any

import pytest
from PIL import Image

from tests.workflow.conftest import Flow

GPS = {1: "N", 2: (50.0, 30.0, 36.5), 3: "E", 4: (30.0, 47.0, 27.2), 6: 112.0}


def phone_photo(size: tuple[int, int] = (4000, 3000), quality: int = 97) -> bytes:
    """A JPEG as a phone writes it: several MB, with camera make and GPS location in EXIF."""
    image = Image.effect_noise(size, 64).convert("RGB")
    exif = Image.Exif()
    exif[0x010F] = "Samsung"
    exif[0x0110] = "Galaxy A54"
    exif[0x8825] = GPS
    out = io.BytesIO()
    image.save(out, "JPEG", quality=quality, exif=exif.tobytes())
    return out.getvalue()


def small_png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 30, 30)).save(out, "PNG")
    return out.getvalue()


def small_pdf() -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def upload(flow: Flow, kind: str, parent_id: int, who: str, name: str, data: bytes, **form: Any):  # type: ignore[no-untyped-def]
    return flow.client.post(
        f"/api/v1/{kind}/{parent_id}/attachments",
        files={"file": (name, data, "application/octet-stream")},
        data={k: str(v) for k, v in form.items()},
        headers=flow.world.h(who),
    )


@pytest.fixture
def flow(client, world) -> Flow:  # type: ignore[no-untyped-def]
    return Flow(client, world)


@pytest.fixture
def delivered(flow: Flow) -> dict[str, Any]:
    request = flow.request(quantity=2)
    pledge = flow.pledge(quantity=2)
    allocation = flow.allocate(request["id"], pledge["id"], 2)
    shipment = flow.ship([allocation["id"]])
    flow.move(shipment["id"], "dispatched", "Jena", who="jena")
    shipment = flow.get(f"/api/v1/shipments/{shipment['id']}")
    line = shipment["lines"][0]["id"]
    receipt = flow.receive(shipment, {line: (1, "damaged")})
    return {"request": request, "shipment": shipment, "receipt": receipt, "line": line}
