"""Import/export benchmark: a 10,000-row CSV import and a 100,000-row streamed CSV export.

Run: `.venv/bin/python benchmarks/import_bench.py [--rows 10000] [--export-rows 100000]
[--backends sqlite,postgresql]`. Writes benchmarks/results/import.json and prints a summary.

For each backend a fresh database (a SQLite file in a temp dir; a PostgreSQL database
`tracker_bench_import_<random>` created for the run and dropped at the end, also on failure)
is migrated and given 24 communities. The import file has Ukrainian item names and places
drawn from real Ukrainian towns (a few misspelt or unknown ones, saved without coordinates),
so the geocoder is exercised; it goes through `tracker.reports.importer.import_csv` exactly as
`tracker import requests FILE` does (validation, geocoding each distinct place once, one
transaction, an audit row per request). The gazetteer is loaded before the clock starts (a
once-per-process cost, reported separately). Target: the import under 10 s.

The export test then fills the table to `--export-rows` requests (Core executemany) and
streams `tracker.reports.export.iter_csv` to nowhere, measuring the Python heap peak with
tracemalloc for a tenth of the rows and for all of them: constant memory means the two peaks
are about the same.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import datetime as dt
import io
import json
import os
import platform
import random
import sys
import tempfile
import time
import tracemalloc
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("TRACKER_DATA_DIR", str(ROOT / "data"))
os.environ.setdefault("TRACKER_SECRET_KEY", "import-bench-secret-key-" + "x" * 32)

from sqlalchemy import create_engine, insert, text  # noqa: E402
from sqlalchemy.engine import Engine, make_url  # noqa: E402
from sqlmodel import Session  # noqa: E402

from tracker.db import make_engine  # noqa: E402
from tracker.geo import service as geo  # noqa: E402
from tracker.migrate import upgrade  # noqa: E402
from tracker.orgs.models import Organization  # noqa: E402
from tracker.reports.export import ExportFilters, iter_csv  # noqa: E402
from tracker.reports.importer import import_csv  # noqa: E402
from tracker.requests.models import AidRequest  # noqa: E402

RESULTS = Path(__file__).parent / "results" / "import.json"
DEFAULT_PG_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
IMPORT_TARGET_S = 10.0

# Real Ukrainian towns as people type them (Ukrainian spelling), and a few that are not.
TOWNS = [
    "Бровари",
    "Полтава",
    "Херсон",
    "Харків",
    "Суми",
    "Чернігів",
    "Житомир",
    "Вінниця",
    "Черкаси",
    "Кропивницький",
    "Миколаїв",
    "Одеса",
    "Запоріжжя",
    "Дніпро",
    "Кривий Ріг",
    "Львів",
    "Тернопіль",
    "Івано-Франківськ",
    "Ужгород",
    "Чернівці",
    "Луцьк",
    "Рівне",
    "Хмельницький",
    "Біла Церква",
    "Ірпінь",
    "Буча",
    "Фастів",
    "Ніжин",
    "Прилуки",
    "Конотоп",
    "Шостка",
    "Ізюм",
    "Куп'янськ",
    "Лозова",
    "Краматорськ",
    "Слов'янськ",
    "Павлоград",
    "Нікополь",
    "Умань",
    "Сміла",
    "Бердичів",
    "Коростень",
    "Ковель",
    "Дубно",
    "Калуш",
    "Коломия",
    "Мукачево",
    "Стрий",
    "Дрогобич",
    "Кременчук",
    "Миргород",
    "Лубни",
    "Охтирка",
    "Ромни",
    "Бориспіль",
    "Васильків",
    "Обухів",
    "Вишневе",
    "Славутич",
    "Ладижин",
    "Жмеринка",
    "Козятин",
    "Бахмач",
    "Новгород-Сіверський",
    "Балаклія",
    "Чугуїв",
    "Первомайськ",
    "Вознесенськ",
    "Ізмаїл",
    "Подільськ",
    "Білгород-Дністровський",
    "Олександрія",
    "Знам'янка",
    "Кам'янське",
    "Жовті Води",
    "Марганець",
    "Енергодар",
    "Нова Каховка",
    "Берислав",
    "Скадовськ",
]
UNKNOWN = ["Нове Село Десь", "Бровари-Північ-7", "Хутір Невідомий"]
COMMUNITIES = TOWNS[:24]
ITEMS = {
    "generator": ["Генератор 100 кВт", "Генератор 30 кВт", "Генератор 5 кВт"],
    "heating": ["Обігрівач", "Твердопаливний котел"],
    "medical_equipment": ["Апарат УЗД", "Апарат ШВЛ", "Дефібрилятор"],
    "medical_supplies": ["Інсулін", "Перев'язувальні матеріали"],
    "food": ["Борошно", "Крупа гречана", "Консерви"],
    "water_sanitation": ["Фільтри для води", "Питна вода"],
    "clothing": ["Зимові куртки", "Ковдри"],
    "shelter": ["Модульне укриття", "Намет"],
    "vehicle": ["Шкільний автобус", "Карета швидкої допомоги"],
    "it_equipment": ["Ноутбук", "Starlink"],
}
UNITS = {"food": "t", "water_sanitation": "l", "medical_supplies": "box"}
PRIORITIES = ["critical", "high", "normal", "low"]
HEADER = [
    "community", "category", "item", "quantity", "unit", "priority", "needed_by",
    "destination", "justification",
]  # fmt: skip


def make_import_file(rows: int, seed: int = 7) -> bytes:
    rng = random.Random(seed)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(HEADER)
    start = dt.date(2026, 10, 1)
    for i in range(rows):
        category = rng.choice(list(ITEMS))
        place = rng.choice(UNKNOWN) if rng.random() < 0.01 else rng.choice(TOWNS)
        writer.writerow(
            [
                rng.choice(COMMUNITIES),
                category,
                rng.choice(ITEMS[category]),
                rng.randint(1, 500),
                UNITS.get(category, "pcs"),
                rng.choice(PRIORITIES),
                (start + dt.timedelta(days=rng.randint(0, 180))).isoformat(),
                place,
                f"Рядок {i + 2}: потреба громади під час відключень",
            ]
        )
    return buffer.getvalue().encode("utf-8")


def add_communities(engine: Engine) -> None:
    with Session(engine) as session:
        for name in COMMUNITIES:
            place = geo.geocode(name, prefer_country="UA")
            session.add(
                Organization(
                    name=name,
                    kind="community",
                    country="UA",
                    place=name,
                    latitude=place.latitude if place else None,
                    longitude=place.longitude if place else None,
                    admin1=place.admin1 if place else None,
                )
            )
        session.commit()


def fill_requests(engine: Engine, total: int) -> float:
    """Top the table up to `total` requests with Core executemany (not timed as the export)."""
    started = time.perf_counter()
    with engine.begin() as conn:
        have = conn.execute(text("SELECT count(*) FROM aid_request")).scalar_one()
        org = conn.execute(text("SELECT min(id) FROM organization")).scalar_one()
        now = dt.datetime.now(dt.UTC)
        batch: list[dict[str, Any]] = []
        for i in range(have, total):
            batch.append(
                {
                    "community_id": org,
                    "category": "food",
                    "item": f"Борошно, партія {i}",
                    "quantity": 1 + i % 900,
                    "unit": "t",
                    "priority": "normal",
                    "needed_by": dt.date(2026, 12, 1),
                    "destination": "Полтава",
                    "latitude": 49.5883,
                    "longitude": 34.5514,
                    "admin1": "Poltava Oblast",
                    "justification": "Запас на зиму для пунктів незламності",
                    "status": "open",
                    "quantity_allocated": 0,
                    "quantity_shipped": 0,
                    "quantity_delivered": 0,
                    "created_at": now,
                    "updated_at": now,
                }
            )
            if len(batch) == 10_000:
                conn.execute(insert(AidRequest.__table__), batch)  # type: ignore[attr-defined]
                batch = []
        if batch:
            conn.execute(insert(AidRequest.__table__), batch)  # type: ignore[attr-defined]
    return time.perf_counter() - started


def measure_export(engine: Engine, hxl: bool = True) -> dict[str, float | int]:
    """Stream the requests export to nowhere: time, bytes, rows and the heap peak."""
    tracemalloc.start()
    tracemalloc.reset_peak()
    base = tracemalloc.get_traced_memory()[0]
    size = chunks = 0
    for chunk in iter_csv(engine, "requests", ExportFilters(), None, hxl=hxl):
        size += len(chunk)
        chunks += 1
    peak = tracemalloc.get_traced_memory()[1] - base
    tracemalloc.stop()
    started = time.perf_counter()
    for _ in iter_csv(engine, "requests", ExportFilters(), None, hxl=hxl):
        pass
    seconds = time.perf_counter() - started
    return {
        "seconds": round(seconds, 2),
        "mb": round(size / 1e6, 1),
        "chunks": chunks,
        "peak_heap_mb": round(peak / 1e6, 2),
    }


def run_backend(url: str, rows: int, export_rows: int) -> dict[str, Any]:
    upgrade(url)
    engine = make_engine(url)
    try:
        add_communities(engine)
        content = make_import_file(rows)
        with Session(engine, expire_on_commit=False) as session:
            started = time.perf_counter()
            report = import_csv(session, "requests", content, actor=None)
            import_s = time.perf_counter() - started
        assert report.ok and report.created == rows, report.messages()[:5]
        with engine.connect() as conn:
            located = conn.execute(
                text("SELECT count(*) FROM aid_request WHERE latitude IS NOT NULL")
            ).scalar_one()
            audits = conn.execute(text("SELECT count(*) FROM audit_entry")).scalar_one()
        result: dict[str, Any] = {
            "import": {
                "rows": rows,
                "seconds": round(import_s, 2),
                "rows_per_s": round(rows / import_s),
                "distinct_places": len(set(TOWNS) | set(UNKNOWN)),
                "located": located,
                "unlocated_warnings": len(report.warnings),
                "audit_rows": audits,
                "target_s": IMPORT_TARGET_S,
                "meets_target": import_s < IMPORT_TARGET_S,
            }
        }
        small = max(export_rows // 10, rows)
        fill_s = fill_requests(engine, small)
        result["export_small"] = {"rows": small, **measure_export(engine)}
        fill_s += fill_requests(engine, export_rows)
        result["export"] = {"rows": export_rows, **measure_export(engine)}
        result["export"]["fill_seconds"] = round(fill_s, 1)
        ratio = result["export"]["peak_heap_mb"] / max(result["export_small"]["peak_heap_mb"], 0.01)
        result["export"]["peak_ratio_vs_tenth"] = round(ratio, 2)
        return result
    finally:
        engine.dispose()


def postgres_unavailable(admin_url: str) -> str | None:
    try:
        engine = create_engine(admin_url, connect_args={"connect_timeout": 3})
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        engine.dispose()
        return None
    except Exception as exc:  # noqa: BLE001 - any failure means "not available"
        return f"{type(exc).__name__}: {exc}".splitlines()[0]


@contextlib.contextmanager
def postgres_database(admin_url: str) -> Iterator[str]:
    name = f"tracker_bench_import_{uuid.uuid4().hex[:10]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(admin_url).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(
                text(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    "WHERE datname = :name AND pid <> pg_backend_pid()"
                ),
                {"name": name},
            )
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        admin.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--export-rows", type=int, default=100_000)
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument(
        "--postgres-url", default=os.environ.get("TRACKER_TEST_POSTGRES_URL", DEFAULT_PG_URL)
    )
    args = parser.parse_args()

    started = time.perf_counter()
    geo.geocode("Бровари", prefer_country="UA")  # load (or build) the gazetteer once
    report: dict[str, Any] = {
        "gazetteer_load_s": round(time.perf_counter() - started, 2),
        "machine": {"python": platform.python_version(), "cpus": os.cpu_count()},
        "backends": {},
    }
    for backend in args.backends.split(","):
        if backend == "sqlite":
            with tempfile.TemporaryDirectory(prefix="tracker-import-bench-") as tmp:
                url = f"sqlite:///{Path(tmp) / 'bench.db'}"
                report["backends"]["sqlite"] = run_backend(url, args.rows, args.export_rows)
        elif backend == "postgresql":
            reason = postgres_unavailable(args.postgres_url)
            if reason:
                report["backends"]["postgresql"] = {"skipped": reason}
                continue
            with postgres_database(args.postgres_url) as url:
                report["backends"]["postgresql"] = run_backend(url, args.rows, args.export_rows)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    print(f"gazetteer loaded in {report['gazetteer_load_s']} s (once per process)")
    for name, result in report["backends"].items():
        if "skipped" in result:
            print(f"{name}: skipped ({result['skipped']})")
            continue
        imp, exp, small = result["import"], result["export"], result["export_small"]
        print(
            f"{name}: import {imp['rows']:,} rows in {imp['seconds']} s "
            f"({imp['rows_per_s']:,}/s, {imp['located']:,} located, target < {IMPORT_TARGET_S} s: "
            f"{'met' if imp['meets_target'] else 'MISSED'}); "
            f"export {exp['rows']:,} rows ({exp['mb']} MB) in {exp['seconds']} s, heap peak "
            f"{exp['peak_heap_mb']} MB vs {small['peak_heap_mb']} MB for {small['rows']:,} rows"
        )
    print(f"written to {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
