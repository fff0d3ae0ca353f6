"""Benchmark of the matching plan: optimal (network simplex) vs greedy, at 1k, 10k and 50k.

Usage: ``.venv/bin/python benchmarks/matching_bench.py [--sizes 1000 10000 50000]``.
Each size runs in a fresh child process (so peak RSS is that size's own), with N open requests
and N pledges over the 12 categories, places drawn from the fixed lists below (GeoNames
coordinates of 100 Ukrainian settlements and 100 towns abroad) with a seeded RNG. Results go to
``benchmarks/results/matching.json`` and are printed. Times are wall clock and CPU time of this
process (the CPU figure is the one to compare on a busy machine); the solver's libraries are
imported before timing, as in a running server.
"""

from __future__ import annotations

import argparse
import json
import platform
import resource
import subprocess
import sys
import time
import tracemalloc
from datetime import date, timedelta
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results" / "matching.json"
TODAY = date(2025, 1, 15)
CATEGORIES = (
    "generator",
    "heating",
    "medical_equipment",
    "medical_supplies",
    "vehicle",
    "shelter",
    "water_sanitation",
    "food",
    "clothing",
    "education",
    "it_equipment",
    "other",
)
UNITS = {
    "food": ("kg", "box"),
    "medical_supplies": ("box", "pcs"),
    "clothing": ("box", "kg"),
    "water_sanitation": ("pcs", "l"),
}
PRIORITY_P = {"critical": 0.1, "high": 0.25, "normal": 0.45, "low": 0.2}

# (name, latitude, longitude): the 100 most populous Ukrainian settlements in GeoNames.
UKRAINE = [
    ("Kyiv", 50.4547, 30.5238),
    ("Kharkiv", 49.9818, 36.2548),
    ("Odesa", 46.4857, 30.7438),
    ("Dnipro", 48.4666, 35.0407),
    ("Donetsk", 48.0230, 37.8022),
    ("Lviv", 49.8383, 24.0232),
    ("Zaporizhzhya", 47.8517, 35.1171),
    ("Kryvyy Rih", 47.9057, 33.3940),
    ("Sevastopol", 44.6080, 33.5213),
    ("Mykolayiv", 46.9763, 31.9930),
    ("Vinnytsya", 49.2322, 28.4687),
    ("Saltivka", 50.0221, 36.3490),
    ("Luhansk", 48.5681, 39.3055),
    ("Desna", 50.5221, 30.6823),
    ("Dniprovskyi", 50.4537, 30.6015),
    ("Pravyi Bereh", 47.1150, 37.5852),
    ("Darnytsya", 50.4160, 30.6953),
    ("Makiyivka", 48.0478, 37.9258),
    ("Simferopol", 44.9572, 34.1108),
    ("Chernihiv", 51.5054, 31.2866),
    ("Poltava", 49.5892, 34.5537),
    ("Khmelnytskyi", 49.4183, 26.9794),
    ("Cherkasy", 49.4445, 32.0574),
    ("Chernivtsi", 48.2904, 25.9324),
    ("Zhytomyr", 50.2623, 28.6791),
    ("Sumy", 50.9174, 34.7991),
    ("Rivne", 50.6204, 26.2370),
    ("Vyhurivshchyna-Troyeshchyna", 50.5114, 30.6025),
    ("Horlivka", 48.2999, 38.0171),
    ("Obolon", 50.5132, 30.5055),
    ("Ivano-Frankivsk", 48.9231, 24.7125),
    ("Mariupol", 47.0951, 37.5413),
    ("Kamyanske", 48.5172, 34.6062),
    ("Ternopil", 49.5540, 25.5907),
    ("Kremenchuk", 49.0625, 33.4048),
    ("Shevchenkivskyi", 50.4641, 30.4658),
    ("Kropyvnytskyi", 48.5083, 32.2662),
    ("Lutsk", 50.7578, 25.3502),
    ("Bila Tserkva", 49.7994, 30.1165),
    ("Rayon KTZ", 49.9435, 36.3696),
    ("Verhunskyi", 48.5857, 39.3716),
    ("Borshchahivka", 50.4316, 30.3899),
    ("Desnyanskyi", 51.5063, 31.3168),
    ("Novozavodskyi", 51.4893, 31.2563),
    ("Tsentralnyi", 47.0983, 37.5484),
    ("Rutchenkivskyi", 47.9760, 37.6968),
    ("Fortechnyi", 48.4986, 32.2537),
    ("Nyzhnodniprovsk", 48.4755, 35.1167),
    ("Avtozavodskyi", 49.0975, 33.4321),
    ("Sykhiv", 49.7943, 24.0628),
    ("Zarichnyi", 50.9038, 34.8093),
    ("Kerch", 45.3567, 36.4754),
    ("Melitopol", 46.8473, 35.3820),
    ("Shevchenko", 49.5645, 34.5387),
    ("Bohuniya", 50.2769, 28.6096),
    ("Kramatorsk", 48.7311, 37.5678),
    ("Kovpakivskyi", 50.9251, 34.7948),
    ("Kyivskyi", 48.0465, 37.7757),
    ("Mykilska Borshchahivka", 50.4264, 30.3744),
    ("Vilkhivskyi", 48.5433, 39.2820),
    ("Livoberezhnyi", 47.1093, 37.6431),
    ("Cheremushky", 46.4325, 30.7115),
    ("Tsentralno-Miskyi", 48.3024, 38.0316),
    ("Smolyanskyi", 48.0144, 37.7359),
    ("Uzhhorod", 48.6242, 22.2947),
    ("Korolyov", 50.2449, 28.7001),
    ("Kyivskyi", 49.6090, 34.5293),
    ("Brovary", 50.5110, 30.7911),
    ("Hirnytskyi", 48.0211, 37.9691),
    ("Yevpatoriya", 45.2009, 33.3665),
    ("Berdyansk", 46.7558, 36.7882),
    ("Alchevsk", 48.4691, 38.7974),
    ("Nikopol", 47.5683, 34.3913),
    ("Slovyansk", 48.8497, 37.5974),
    ("Pozniaky", 50.4026, 30.6235),
    ("Kalynivskyi", 48.0074, 37.8538),
    ("Chumakivskyi", 47.9567, 37.9419),
    ("Skhidni Kvartaly", 48.5662, 39.3826),
    ("Kindrativskyi", 48.3028, 38.0547),
    ("Kalmiuskyi", 47.1105, 37.5438),
    ("Pavlohrad", 48.5321, 35.8688),
    ("Pechersk", 50.4444, 30.5235),
    ("Oleksiyivka", 50.0452, 36.1932),
    ("Oleksandrivskyi", 47.9679, 37.8034),
    ("Siverskodonetsk", 48.9441, 38.4875),
    ("Kamyanets-Podilskyi", 48.6788, 26.5852),
    ("Tsentralno-Miskyi", 48.0617, 37.9716),
    ("Yuzivskyi", 48.0000, 37.8001),
    ("Kharkivskyi Masyv", 50.4085, 30.6601),
    ("Lysychansk", 48.9121, 38.4209),
    ("Bohodukhivskyi", 47.9669, 37.8625),
    ("Shevchenkivskyi", 48.5635, 39.3322),
    ("Lisovyi Masyv", 50.4725, 30.6311),
    ("Podilskyi", 48.5036, 32.2803),
    ("Mukachevo", 48.4425, 22.7180),
    ("Voznesenskyi", 47.9316, 37.6297),
    ("Konotop", 51.2325, 33.2004),
    ("Voskresenka", 50.4848, 30.6032),
    ("Uman", 48.7501, 30.2194),
    ("Berestovskyi", 48.0443, 37.8765),
]

# (name, country, latitude, longitude): towns of partner countries (GeoNames).
ABROAD = [
    ("Berlin", "DE", 52.5244, 13.4105),
    ("Köln", "DE", 50.9333, 6.9500),
    ("Stuttgart", "DE", 48.7823, 9.1770),
    ("Dresden", "DE", 51.0509, 13.7383),
    ("Hannover", "DE", 52.3705, 9.7332),
    ("Wandsbek", "DE", 53.5833, 10.0831),
    ("Bielefeld", "DE", 52.0333, 8.5333),
    ("Münster", "DE", 51.9624, 7.6257),
    ("Augsburg", "DE", 48.3715, 10.8985),
    ("Karlsruhe", "DE", 49.0094, 8.4044),
    ("Aachen", "DE", 50.7766, 6.0834),
    ("Altona", "DE", 53.5500, 9.9333),
    ("Magdeburg", "DE", 52.1313, 11.6319),
    ("Freiburg", "DE", 47.9959, 7.8522),
    ("Oberhausen", "DE", 51.4781, 6.8625),
    ("Hagen", "DE", 51.3608, 7.4717),
    ("Potsdam", "DE", 52.3989, 13.0657),
    ("Mülheim", "DE", 51.4322, 6.8797),
    ("Darmstadt", "DE", 49.8717, 8.6503),
    ("Solingen", "DE", 51.1734, 7.0845),
    ("Warsaw", "PL", 52.2298, 21.0118),
    ("Łódź", "PL", 51.7706, 19.4739),
    ("Szczecin", "PL", 53.4289, 14.5530),
    ("Białystok", "PL", 53.1333, 23.1643),
    ("Częstochowa", "PL", 50.7965, 19.1241),
    ("Mokotów", "PL", 52.1934, 21.0349),
    ("Toruń", "PL", 53.0138, 18.5981),
    ("Bytom", "PL", 50.3480, 18.9328),
    ("Olsztyn", "PL", 53.7838, 20.4927),
    ("Rybnik", "PL", 50.0971, 18.5418),
    ("Tychy", "PL", 50.1372, 18.9664),
    ("Elbląg", "PL", 54.1522, 19.4088),
    ("Stockholm", "SE", 59.3294, 18.0687),
    ("Uppsala", "SE", 59.8588, 17.6389),
    ("Sollentuna", "SE", 59.4280, 17.9509),
    ("Södermalm", "SE", 59.3128, 18.0758),
    ("Norrköping", "SE", 58.5942, 16.1826),
    ("Luleå", "SE", 65.5841, 22.1547),
    ("Bromma", "SE", 59.3400, 17.9400),
    ("Södertälje", "SE", 59.1955, 17.6253),
    ("Eskilstuna", "SE", 59.3666, 16.5077),
    ("Karlstad", "SE", 59.3793, 13.5036),
    ("Paris", "FR", 48.8534, 2.3488),
    ("Toulouse", "FR", 43.6043, 1.4437),
    ("Marne La Vallée", "FR", 48.8358, 2.6424),
    ("Montpellier", "FR", 43.6109, 3.8763),
    ("Rennes", "FR", 48.1111, -1.6743),
    ("Paris 20 Ménilmontant", "FR", 48.8646, 2.3984),
    ("Paris 13 Gobelins", "FR", 48.8322, 2.3561),
    ("Saint-Étienne", "FR", 45.4339, 4.3900),
    ("Rome", "IT", 41.8919, 12.5113),
    ("Turin", "IT", 45.0705, 7.6868),
    ("Bologna", "IT", 44.4938, 11.3387),
    ("Catania", "IT", 37.4922, 15.0704),
    ("Trieste", "IT", 45.6495, 13.7768),
    ("Taranto", "IT", 40.4644, 17.2471),
    ("Rotterdam", "NL", 51.9225, 4.4792),
    ("Utrecht", "NL", 52.0908, 5.1222),
    ("Tilburg", "NL", 51.5555, 5.0913),
    ("Almere Stad", "NL", 52.3702, 5.2141),
    ("'s-Hertogenbosch", "NL", 51.6992, 5.3042),
    ("Vienna", "AT", 48.2085, 16.3721),
    ("Favoriten", "AT", 48.1612, 16.3823),
    ("Salzburg", "AT", 47.7994, 13.0440),
    ("Simmering", "AT", 48.1833, 16.4333),
    ("Prague", "CZ", 50.0880, 14.4208),
    ("Pilsen", "CZ", 49.7475, 13.3776),
    ("České Budějovice", "CZ", 48.9745, 14.4743),
    ("Pardubice", "CZ", 50.0408, 15.7766),
    ("Zlín", "CZ", 49.2264, 17.6706),
    ("Vilnius", "LT", 54.6892, 25.2798),
    ("Šiauliai", "LT", 55.9333, 23.3167),
    ("Alytus", "LT", 54.3957, 24.0389),
    ("Copenhagen", "DK", 55.6759, 12.5655),
    ("Aalborg", "DK", 57.0480, 9.9187),
    ("Randers", "DK", 56.4607, 10.0364),
    ("Oslo", "NO", 59.9127, 10.7461),
    ("Stavanger", "NO", 58.9701, 5.7333),
    ("Lillestrøm", "NO", 59.9560, 11.0492),
    ("Helsinki", "FI", 60.1695, 24.9354),
    ("Vantaa", "FI", 60.2941, 25.0410),
    ("East Helsinki", "FI", 60.2104, 25.0829),
    ("London", "GB", 51.5085, -0.1257),
    ("Manchester", "GB", 53.4809, -2.2374),
    ("Edinburgh", "GB", 55.9521, -3.1965),
    ("Cardiff", "GB", 51.4800, -3.1800),
    ("Belfast", "GB", 54.5968, -5.9254),
    ("New York City", "US", 40.7143, -74.0060),
    ("Chicago", "US", 41.8500, -87.6500),
    ("Phoenix", "US", 33.4484, -112.0740),
    ("Manhattan", "US", 40.7834, -73.9663),
    ("Dallas", "US", 32.7831, -96.8067),
    ("San Jose", "US", 37.3394, -121.8950),
    ("Charlotte", "US", 35.2271, -80.8431),
    ("Seattle", "US", 47.6062, -122.3321),
    ("Toronto", "CA", 43.7064, -79.3986),
    ("Ottawa", "CA", 45.4112, -75.6981),
    ("Jena", "DE", 50.9272, 11.5864),
    ("Erlangen", "DE", 49.5897, 11.0078),
    ("Kalmar", "SE", 56.6634, 16.3568),
]


def make_instance(n_requests: int, n_pledges: int, seed: int = 20250115):
    """Seeded random requests and pledges; every community is twinned with 1-2 partners."""
    from tracker.matching import Demand, Supply

    rng = np.random.default_rng(seed)
    partnerships: set[tuple[int, int]] = set()
    for c in range(len(UKRAINE)):
        for p in rng.choice(len(ABROAD), size=int(rng.integers(1, 3)), replace=False):
            partnerships.add((c + 1, 1000 + int(p)))
    priorities = list(PRIORITY_P)
    prio_p = np.array(list(PRIORITY_P.values()))

    def unit_for(category: str) -> str:
        options = UNITS.get(category, ("pcs",))
        return options[int(rng.integers(len(options)))]

    def quantity(unit: str) -> int:
        scale = 40 if unit in ("kg", "l") else 6
        return int(rng.geometric(1.0 / scale))

    demands = []
    by_group: dict[tuple[str, str], list[int]] = {}
    for rid in range(1, n_requests + 1):
        community = int(rng.integers(len(UKRAINE)))
        _, lat, lon = UKRAINE[community]
        category = CATEGORIES[int(rng.integers(len(CATEGORIES)))]
        unit = unit_for(category)
        located = rng.random() > 0.03
        needed = None if rng.random() < 0.2 else TODAY + timedelta(int(rng.integers(-10, 91)))
        demands.append(
            Demand(
                request_id=rid,
                community_id=community + 1,
                category=category,
                unit=unit,
                quantity_open=quantity(unit),
                latitude=lat if located else None,
                longitude=lon if located else None,
                priority=priorities[int(rng.choice(4, p=prio_p))],
                needed_by=needed,
            )
        )
        by_group.setdefault((category, unit), []).append(rid)
    supplies = []
    for pid in range(1, n_pledges + 1):
        partner = int(rng.integers(len(ABROAD)))
        _, _, lat, lon = ABROAD[partner]
        category = CATEGORIES[int(rng.integers(len(CATEGORIES)))]
        unit = unit_for(category)
        located = rng.random() > 0.03
        available = None if rng.random() < 0.3 else TODAY + timedelta(int(rng.integers(-30, 61)))
        aimed = None
        group = by_group.get((category, unit))
        if group and rng.random() < 0.1:
            aimed = group[int(rng.integers(len(group)))]
        supplies.append(
            Supply(
                pledge_id=pid,
                partner_id=1000 + partner,
                category=category,
                unit=unit,
                quantity_available=quantity(unit),
                latitude=lat if located else None,
                longitude=lon if located else None,
                available_from=available,
                request_id=aimed,
            )
        )
    return demands, supplies, partnerships


def _summary(p) -> dict:
    return {
        "fulfilled_quantity": p.fulfilled_quantity,
        "weighted_fulfilled": p.weighted_fulfilled,
        "total_cost": round(p.total_cost, 1),
        "total_distance_km": p.total_distance_km,
        "allocations": len(p.allocations),
        "unit_km": round(
            sum(a.quantity * a.distance_km for a in p.allocations if a.distance_km is not None), 1
        ),
    }


def run_child(n: int, repeats: int, with_tracemalloc: bool) -> dict:
    """One size, in this (fresh) process."""
    import ot  # noqa: F401  (about 0.5 s, once per process)

    from tracker.matching import greedy_plan, plan

    demands, supplies, partnerships = make_instance(n, n)
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    times = []
    cpu_times = []
    result = None
    for _ in range(repeats):
        t0, c0 = time.perf_counter(), time.process_time()
        result = plan(demands, supplies, partnerships, TODAY)
        times.append(time.perf_counter() - t0)
        cpu_times.append(time.process_time() - c0)
    rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    traced_peak = None
    if with_tracemalloc:
        tracemalloc.start()
        plan(demands, supplies, partnerships, TODAY)
        traced_peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    t0 = time.perf_counter()
    greedy = greedy_plan(demands, supplies, partnerships, TODAY)
    greedy_time = time.perf_counter() - t0
    assert result is not None
    lower = result.lower_bound
    groups = result.groups
    return {
        "requests": n,
        "pledges": n,
        "groups": len(groups),
        "dense_pairs": int(sum(g.requests * g.pledges for g in groups)),
        "lp_arcs_final": int(sum(g.arcs for g in groups)),
        "lp_solves": int(sum(g.iterations for g in groups)),
        "methods": sorted({g.method for g in groups}),
        "plan_seconds": [round(t, 3) for t in times],
        "plan_seconds_best": round(min(times), 3),
        "plan_cpu_seconds": [round(t, 3) for t in cpu_times],
        "plan_cpu_seconds_best": round(min(cpu_times), 3),
        "greedy_seconds": round(greedy_time, 3),
        "peak_rss_mib": round(rss_after / 1024, 1),
        "rss_before_plan_mib": round(rss_before / 1024, 1),
        "tracemalloc_peak_mib": None if traced_peak is None else round(traced_peak / 2**20, 1),
        "optimal": _summary(result),
        "greedy": _summary(greedy),
        "certified_gap": None if lower is None else round(result.total_cost - lower, 6),
        "cost_saving_vs_greedy": round(greedy.total_cost - result.total_cost, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 50000])
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--repeats", type=int, default=2)
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    if args.child:
        repeats = args.repeats if args.child <= 10000 else 1
        print(json.dumps(run_child(args.child, repeats, with_tracemalloc=args.child <= 10000)))
        return
    runs = []
    for n in args.sizes:
        proc = subprocess.run(
            [sys.executable, __file__, "--child", str(n), "--repeats", str(args.repeats)],
            capture_output=True,
            text=True,
            cwd=ROOT,
            check=False,
        )
        if proc.returncode != 0:
            runs.append({"requests": n, "error": proc.stderr.strip().splitlines()[-1:]})
        else:
            runs.append(json.loads(proc.stdout.strip().splitlines()[-1]))
        print(json.dumps(runs[-1], indent=2), flush=True)
    out = {
        "benchmark": "matching plan (POT network simplex, column generation) vs greedy",
        "machine": f"{platform.machine()}, {platform.python_version()}, 2 shared cores",
        "today": TODAY.isoformat(),
        "runs": runs,
    }
    if not args.no_write:
        RESULTS.parent.mkdir(parents=True, exist_ok=True)
        RESULTS.write_text(json.dumps(out, indent=2) + "\n")
        print(f"written to {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
