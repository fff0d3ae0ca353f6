"""Receipts and waybills per second on one core, and their sizes.

Every document rendered is distinct (its own code, reference and QR URL), so nothing is served
from the QR cache. Run: `.venv/bin/python benchmarks/documents_bench.py [--seconds 5]`.
Writes benchmarks/results/documents.json and prints it.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import platform
import statistics
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path

import reportlab

from tracker.documents import (
    Party,
    ReceiptData,
    ReceiptLine,
    WaybillData,
    WaybillLine,
    render_receipt,
    render_waybill,
)

RESULTS = Path(__file__).parent / "results" / "documents.json"
JENA = Party("Stadt Jena", place="Jena", country="DE", address="Am Anger 15, 07743 Jena")
BROVARY = Party(
    "Броварська міська територіальна громада",
    place="Бровари",
    region="Київська область",
    country="UA",
)
ITEMS = [
    ("Генератор 100 кВт", "generator", 1, "pcs", Decimal("45000"), "EUR"),
    ("Ultraschallgerät", "medical_equipment", 2, "pcs", Decimal("3900000"), "UAH"),
    ("Шкільний автобус", "vehicle", 1, "pcs", Decimal("85000"), "EUR"),
    ("Ковдри вовняні", "shelter", 300, "pcs", Decimal("150000"), "UAH"),
    ("Höörs vinterjackor", "clothing", 12, "box", Decimal("24000"), "SEK"),
    ("Бензин А-95", "other", 2000, "l", None, None),
]


def waybill(n: int) -> WaybillData:
    return WaybillData(
        reference=f"WB-2024-{n:06d}",
        consignor=JENA,
        consignee=BROVARY,
        lines=[WaybillLine(*item) for item in ITEMS],
        status="dispatched",
        dispatch_date=date(2024, 5, 3),
        carrier="Spedition Müller GmbH",
        vehicle="MAN TGX, J-AB 123",
        declaration_code=f"UA-HD-2024-{n:07d}",
        driver_name="Андрій Коваль",
        driver_phone="+380 67 123 45 67",
        transport_document=f"CMR {n:07d}",
        seal_numbers="UA 118 204, UA 118 205",
        gross_weight_kg=Decimal("1840.5"),
        volume_m3=Decimal("6.50"),
        qr_url=f"https://tracker.example.org/shipments/{n}",
        generated_at=datetime(2024, 5, 6, 12, tzinfo=UTC),
    )


def receipt(n: int) -> ReceiptData:
    code = f"RCPT-{n:04X}-M2XA"
    return ReceiptData(
        code=code,
        shipment_reference=f"WB-2024-{n:06d}",
        consignor=JENA,
        consignee=BROVARY,
        lines=[
            ReceiptLine(
                item, unit, qty, qty if i != 1 else qty - 1, "good" if i != 1 else "damaged"
            )
            for i, (item, _, qty, unit, _, _) in enumerate(ITEMS)
        ],
        received_by="Олена Шевчук",
        received_by_role="начальниця відділу освіти",
        received_at=datetime(2024, 5, 6, 14, 30, tzinfo=timezone(timedelta(hours=3))),
        sha256=hashlib.sha256(code.encode()).hexdigest(),
        verify_url=f"https://tracker.example.org/verify/{code}",
        generated_at=datetime(2024, 5, 6, 12, tzinfo=UTC),
    )


def measure(render: Callable[[int], bytes], seconds: float, lang: str) -> dict[str, object]:
    render(0)  # fonts registered, styles built, modules warm
    sizes: list[int] = []
    n = 1
    start, cpu_start = time.perf_counter(), time.process_time()
    while time.perf_counter() - start < seconds:
        sizes.append(len(render(n)))
        n += 1
    elapsed = time.perf_counter() - start
    cpu = time.process_time() - cpu_start
    return {
        "lang": lang,
        "documents": len(sizes),
        "seconds": round(elapsed, 3),
        "per_second": round(len(sizes) / elapsed, 1),
        "per_cpu_second": round(len(sizes) / cpu, 1),
        "ms_per_document": round(1000 * elapsed / len(sizes), 2),
        "cpu_ms_per_document": round(1000 * cpu / len(sizes), 2),
        "size_bytes_median": int(statistics.median(sizes)),
        "size_bytes_max": max(sizes),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=5.0, help="time per document kind")
    args = parser.parse_args()
    results: dict[str, object] = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "python": platform.python_version(),
        "reportlab": reportlab.Version,
        "machine": platform.machine(),
        "lines_per_document": len(ITEMS),
        "note": (
            "one process, one core; each document distinct (own code and QR URL); "
            "per_cpu_second discounts time the shared machine gave to other processes"
        ),
    }
    for lang in ("uk", "en"):
        results[f"receipt_{lang}"] = measure(
            lambda n, lang=lang: render_receipt(receipt(n), lang=lang), args.seconds, lang
        )
        results[f"waybill_{lang}"] = measure(
            lambda n, lang=lang: render_waybill(waybill(n), lang=lang), args.seconds, lang
        )
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    print(json.dumps(results, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
