"""Offline geocoder benchmark: build/load time, memory, and per-lookup latency.

Run: `.venv/bin/python benchmarks/geocode_bench.py [--queries 10000] [--rebuild]`.
Writes benchmarks/results/geocode.json. Uses a private data dir under /tmp unless
TRACKER_DATA_DIR is set, so the app's own cache is not touched.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import random
import statistics
import tempfile
import time
import tracemalloc
from pathlib import Path

RESULTS = Path(__file__).parent / "results" / "geocode.json"

# Typed forms of the places tracker sees: Latin, Cyrillic, prefixes, qualifiers, typos, misses.
BASE_QUERIES = [
    "Brovary", "Бровари", "м. Бровари", "Jena", "Erlangen", "Fontenay-sous-Bois",
    "Rockford (Illinois)", "Rockford, US", "Kalmar kommun", "Poltava", "Полтава", "м. Полтава",
    "Falu kommun", "Kolomyia", "Коломия", "Region Gotland", "Berislav", "Берислав", "Höör",
    "Hoor", "Kopychynitsi", "Копичинці", "Jönköpings kommun", "Berdychiv", "Бердичів",
    "Karlskrona", "City of Chortkiv", "Чортків", "Lidingö stad", "Slavuta", "Piteå", "Lutsk",
    "Луцьк", "Ronneby", "Ternopil", "Тернопіль", "Umeå", "Cherson", "Херсон", "Västerås stad",
    "Shatsk, Volyn", "Шацьк", "Växjö", "Kalush, Ivano-Frankivsk oblast",
    "Калуш, Івано-Франківська область", "Kyiv", "Київ", "Sillamäe", "Gniezno County",
    "Grodzisk Mazowiecki", "Santa Marinella", "Кам'янець-Подільський", "Кам’янець-Подільський",
    "Shehyni checkpoint", "КПП Шегині", "Krakovets", "Yahodyn", "Rava-Ruska", "Porubne",
    "Medyka", "Dorohusk", "Korczowa", "Frankfurt", "Frankfurt (Oder)", "Lviv", "Львів",
    "Odesa", "Одеса", "Kharkiv", "Харків", "Dnipro", "Дніпро", "Zaporizhzhia", "Запоріжжя",
    "Novoselytsia, Chernivtsi oblast", "Новоселиця", "смт Шацьк", "с. Шегині", "Warszawa",
    "Варшава", "Kraków", "Rzeszów", "Przemyśl", "Chișinău", "Кишинів", "Stadt Jena",
    "Vancouver, Canada", "Toronto", "Jena, Німеччина", "Bila Tserkva, Zakarpattia",
    "Полтавська міська територіальна громада", "Kopychyntsi", "Beryslav", "Irpin", "Bucha",
    "Xqzvwjkplm", "Nowhereville", "Atlantis, Poland", "Lviv, Poland", "asdfgh",
    "Brovarry", "Berdichev", "Chernigov", "Kharkov", "Nikolaev",
]  # fmt: skip


def _rss_mb() -> float:
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1e6


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def _gazetteer_queries(gaz: object, n: int, rng: random.Random) -> list[str]:
    """Real place names drawn from the gazetteer, half of them Ukrainian."""
    ua = [i for i in range(len(gaz)) if gaz.country[i] == b"UA"]  # type: ignore[attr-defined]
    out = []
    for k in range(n):
        i = rng.choice(ua) if k % 2 else rng.randrange(len(gaz))  # type: ignore[arg-type]
        out.append(gaz.name(i))  # type: ignore[attr-defined]
    return out


def _registry_shares(gaz: object, geocoder: object) -> dict[str, object]:
    """Every KATOTTG settlement queried as "name, oblast": share found, answers elsewhere."""
    from tracker.geo.oblasts import ADMIN1

    found: dict[str, list[int]] = {}
    wrong = 0
    resolve_ms: list[float] = []
    for i in range(len(gaz)):  # type: ignore[arg-type]
        if not gaz.katottg[i]:  # type: ignore[attr-defined]
            continue
        kind = gaz.category[i].decode()  # type: ignore[attr-defined]
        admin1 = gaz.admin1[i]  # type: ignore[attr-defined]
        oblast = ADMIN1[("UA", admin1.decode())].name_uk
        t0 = time.perf_counter()
        r = geocoder.resolve(f"{gaz.name_uk(i)}, {oblast}", limit=60)  # type: ignore[attr-defined]
        resolve_ms.append((time.perf_counter() - t0) * 1000)
        answers = ([r.best] if r.best is not None else []) + r.candidates
        wrong += any(gaz.admin1[a] != admin1 for a in answers)  # type: ignore[attr-defined]
        row = found.setdefault(kind, [0, 0])
        row[0] += int(r.best == i or (r.best is None and i in r.candidates))
        row[1] += 1
    precision = {
        name: int(((gaz.precision == k) & (gaz.katottg != b"")).sum())  # type: ignore[attr-defined]
        for k, name in enumerate(("settlement", "hromada", "raion"))
    }
    return {
        "found_in_oblast": {
            k: {"found": f, "total": n, "share": round(f / n, 4)} for k, (f, n) in found.items()
        },
        "answers_in_another_oblast": wrong,
        "precision": precision,
        "resolve_name_oblast_ms": {
            "median": round(statistics.median(resolve_ms), 4),
            "p99": round(_percentile(resolve_ms, 0.99), 4),
        },
        "targets": {"M": 1.0, "X": 0.95, "C": 0.90, "answers_in_another_oblast": 0},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--queries", type=int, default=10_000)
    parser.add_argument("--rebuild", action="store_true", help="force a gazetteer build")
    args = parser.parse_args()

    if "TRACKER_DATA_DIR" not in os.environ:
        os.environ["TRACKER_DATA_DIR"] = str(Path(tempfile.gettempdir()) / "tracker-geo-bench")
    from tracker.config import get_settings
    from tracker.geo import gazetteer as gz
    from tracker.geo.geocoder import OfflineGeocoder

    cache = Path(get_settings().data_dir) / "cache"
    path = gz.cache_path(cache)
    path.parent.mkdir(parents=True, exist_ok=True)
    build_s = build_cpu_s = None
    if args.rebuild or not path.exists():
        started, cpu_started = time.perf_counter(), time.process_time()
        gz.build(path)
        build_s = time.perf_counter() - started
        build_cpu_s = time.process_time() - cpu_started
    gc.collect()

    rss_before = _rss_mb()
    tracemalloc.start()
    started = time.perf_counter()
    gaz = gz.load(path)
    load_s = time.perf_counter() - started
    traced_mb = tracemalloc.get_traced_memory()[0] / 1e6
    tracemalloc.stop()
    rss_delta = _rss_mb() - rss_before

    geocoder = OfflineGeocoder(gazetteer=gaz)
    geocoder.geocode("warm up")
    rng = random.Random(42)
    pool = BASE_QUERIES + _gazetteer_queries(gaz, 400, rng)
    queries = [rng.choice(pool) for _ in range(args.queries)]

    times: list[float] = []
    hits = 0
    for q in queries:
        t0 = time.perf_counter()
        loc = geocoder.geocode(q)
        times.append(time.perf_counter() - t0)
        hits += loc is not None
    ms = [t * 1000 for t in times]

    completion: list[float] = []
    for q in rng.sample(pool, 300):
        prefix = q[: max(3, len(q) // 2)]
        t0 = time.perf_counter()
        geocoder.geocode(prefix, exactly_one=False, limit=6, complete=True)
        completion.append((time.perf_counter() - t0) * 1000)

    started = time.perf_counter()
    registry = _registry_shares(gaz, geocoder)
    registry["sweep_s"] = round(time.perf_counter() - started, 1)

    result = {
        "registry": registry,
        "queries": len(queries),
        "distinct_queries": len(set(queries)),
        "found": hits,
        "lookup_ms": {
            "median": round(statistics.median(ms), 4),
            "mean": round(statistics.fmean(ms), 4),
            "p99": round(_percentile(ms, 0.99), 4),
            "max": round(max(ms), 3),
        },
        "search_with_completion_ms": {
            "median": round(statistics.median(completion), 4),
            "p99": round(_percentile(completion, 0.99), 4),
        },
        "gazetteer": {
            "build_s": None if build_s is None else round(build_s, 2),
            # CPU seconds of the build: what it costs on an idle machine of this speed
            "build_cpu_s": None if build_cpu_s is None else round(build_cpu_s, 2),
            "load_s": round(load_s, 4),
            "file_mb": round(path.stat().st_size / 1e6, 1),
            "places": len(gaz),
            "names": gaz.key_count,
            "memory_rss_delta_mb": round(rss_delta, 1),
            "memory_tracemalloc_mb": round(traced_mb, 1),
        },
        "machine": {
            "python": platform.python_version(),
            "cpus": os.cpu_count(),
            "load_average_1m": round(os.getloadavg()[0], 1),
        },
        "targets": {
            "median_ms": 0.2,
            "p99_ms": 2.0,
            "load_s": 1.0,
            "memory_mb": 150,
            "build_s": 30,
        },
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    print(json.dumps(result, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
