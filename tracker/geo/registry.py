"""Ukrainian places for the gazetteer: every KATOTTG settlement, with GeoNames coordinates.

Each settlement of the codifier is matched to a GeoNames place of the same oblast by name
(normalised official name against GeoNames' name and alternate names; then by consonant
skeleton, re-checked by similarity, for Russian-style spellings such as "Olenevka"). Where a
name occurs once in the oblast the match is direct; where several settlements of the oblast
share it, each takes the nearest unclaimed GeoNames namesake within `NAMESAKE_MAX_KM` of its
hromada's centre. A settlement still without coordinates gets its hromada centre's
(`precision: "hromada"`), or failing that its raion's (`"raion"`).

GeoNames' Ukrainian places that match no settlement are dropped: the registry decides what a
Ukrainian place is, and an unmatched GeoNames row is usually an old name or a hamlet.
"""

from __future__ import annotations

import difflib
import math
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from tracker.geo import katottg
from tracker.geo.text import indexable, normalize, skeleton, transliterate

PRECISION_SETTLEMENT = 0
PRECISION_HROMADA = 1
PRECISION_RAION = 2
PRECISIONS = ("settlement", "hromada", "raion", "point")

NAMESAKE_MAX_KM = 30.0
SKELETON_MIN_RATIO = 0.8


@dataclass
class UkrainianPlace:
    unit: katottg.Unit
    admin1: str
    name: str  # official Ukrainian name (today's)
    latin: str  # its national transliteration
    lat: float = math.nan
    lon: float = math.nan
    population: int = 0
    geonameid: int = 0
    precision: int = PRECISION_SETTLEMENT
    alternates: list[str] = field(default_factory=list)
    former: tuple[str, ...] = ()  # names before a renaming: looked up like the official one


@dataclass
class Registry:
    places: list[UkrainianPlace]
    units: list[katottg.Unit]  # raions and hromadas, referenced by index
    unit_admin1: list[str]
    unit_index: dict[str, int]


def _km(a: tuple[float, float], b: tuple[float, float]) -> float:
    p1, p2 = math.radians(a[0]), math.radians(b[0])
    dp, dl = p2 - p1, math.radians(b[1] - a[1])
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2.0 * 6371.0088 * math.asin(math.sqrt(min(1.0, h)))


def _geonames_keys(row: dict[str, Any], normalize: Callable[[str], str]) -> set[str]:
    keys = {normalize(row["name"])}
    keys.update(normalize(a) for a in row.get("alternatenames") or () if indexable(a))
    keys.discard("")
    return keys


def build(ua_rows: list[dict[str, Any]], normalize: Callable[[str], str] = normalize) -> Registry:
    units = katottg.read_units()
    admin1_of = katottg.oblast_admin1(units)
    renamed = {(a1, name): former for a1, name, former in katottg.RENAMED}

    by_key: dict[tuple[str, str], list[int]] = defaultdict(list)
    by_skel: dict[tuple[str, str], list[tuple[int, str]]] = defaultdict(list)
    gn_keys: list[set[str]] = []
    for g, row in enumerate(ua_rows):
        keys = _geonames_keys(row, normalize)
        gn_keys.append(keys)
        a1 = row.get("admin1code") or ""
        for key in keys:
            by_key[(a1, key)].append(g)
            by_skel[(a1, skeleton(key))].append((g, key))

    admin_units = [u for u in units if u.category in ("P", "H")]
    unit_index = {u.code: i for i, u in enumerate(admin_units)}
    places: list[UkrainianPlace] = []
    for unit in units:
        if unit.category not in katottg.SETTLEMENT_CATEGORIES:
            continue
        a1 = admin1_of[unit.oblast]
        name = unit.name
        place = UkrainianPlace(unit, a1, name, transliterate(name))
        place.former = renamed.get((a1, name), ())
        places.append(place)

    # candidates per settlement: exact keys; else similar skeletons among GeoNames places that
    # no settlement of the oblast matches exactly (so "Каленівка" cannot take Kalynivka's).
    groups: dict[tuple[str, str], list[int]] = defaultdict(list)
    candidates: dict[int, list[int]] = {}
    inexact: list[int] = []
    for p, place in enumerate(places):
        key = normalize(place.name)
        found = list(dict.fromkeys(by_key.get((place.admin1, key), ())))
        for former in place.former:
            found = found or list(dict.fromkeys(by_key.get((place.admin1, normalize(former)), ())))
        if found:
            candidates[p] = found
            groups[(place.admin1, key)].append(p)
        else:
            inexact.append(p)
    exact_targets = {g for found in candidates.values() for g in found}
    for p in inexact:
        place = places[p]
        key = normalize(place.name)
        found = list(
            dict.fromkeys(
                g
                for g, gkey in by_skel.get((place.admin1, skeleton(key)), ())
                if g not in exact_targets
                and difflib.SequenceMatcher(None, key, gkey).ratio() >= SKELETON_MIN_RATIO
            )
        )
        if found:
            candidates[p] = found
            groups[(place.admin1, key)].append(p)

    claimed: set[int] = set()

    def take(p: int, g: int) -> None:
        row = ua_rows[g]
        place = places[p]
        place.lat, place.lon = float(row["latitude"]), float(row["longitude"])
        place.population = int(row.get("population") or 0)
        place.geonameid = int(row["geonameid"])
        place.alternates.append(row["name"])
        place.alternates.extend(a for a in row.get("alternatenames") or () if indexable(a))
        claimed.add(g)

    ambiguous: list[list[int]] = []

    def standing(members: list[int]) -> int:
        return -max(katottg.CATEGORY_RANK.get(places[p].unit.category, 0) for p in members)

    # Cities first: a GeoNames row that also carries a village's name (a town's historical
    # name) goes to the town.
    for members in sorted(groups.values(), key=standing):
        ranks = sorted((katottg.CATEGORY_RANK.get(places[p].unit.category, 0), p) for p in members)
        # alone with its name, or a city among villages of its name (Bucha, Mykolaiv): GeoNames'
        # largest free namesake is it
        if len(members) == 1 or (ranks[-1][0] > ranks[-2][0] and ranks[-1][0] >= 2):
            p = ranks[-1][1]
            free = [g for g in candidates[p] if g not in claimed]
            if free:
                take(p, max(free, key=lambda g: int(ua_rows[g].get("population") or 0)))
        if len(members) > 1:
            ambiguous.append(members)
    centres = _centres(places)
    raion_centres = _centres(places, level="raion")
    for members in ambiguous:
        pairs: list[tuple[float, int, int]] = []
        for p in members:
            if not math.isnan(places[p].lat):
                continue
            centre = centres.get(places[p].unit.hromada or "") or raion_centres.get(
                places[p].unit.raion or ""
            )
            if centre is None:
                continue
            for g in candidates[p]:
                row = ua_rows[g]
                d = _km(centre, (float(row["latitude"]), float(row["longitude"])))
                if d <= NAMESAKE_MAX_KM:
                    pairs.append((d, p, g))
        done: set[int] = set()
        for _, p, g in sorted(pairs):
            if p not in done and g not in claimed:
                take(p, g)
                done.add(p)

    centres = _centres(places)
    raion_centres = _centres(places, level="raion")
    for place in places:
        if not math.isnan(place.lat):
            continue
        for level, table in ((PRECISION_HROMADA, centres), (PRECISION_RAION, raion_centres)):
            key = place.unit.hromada if level == PRECISION_HROMADA else place.unit.raion
            point = table.get(key or "")
            if point is not None:
                place.lat, place.lon = point
                place.precision = level
                break
    return Registry(
        places=[p for p in places if not math.isnan(p.lat)],
        units=admin_units,
        unit_admin1=[admin1_of[u.oblast] for u in admin_units],
        unit_index=unit_index,
    )


def _centres(
    places: list[UkrainianPlace], level: str = "hromada"
) -> dict[str, tuple[float, float]]:
    """Hromada (or raion) code -> coordinates of its largest placed settlement."""
    best: dict[str, tuple[tuple[int, int], tuple[float, float]]] = {}
    for place in places:
        if math.isnan(place.lat) or place.precision != PRECISION_SETTLEMENT:
            continue
        code = place.unit.hromada if level == "hromada" else place.unit.raion
        if not code:
            continue
        rank = (katottg.CATEGORY_RANK.get(place.unit.category, 0), place.population)
        if code not in best or rank > best[code][0]:
            best[code] = (rank, (place.lat, place.lon))
    return {code: point for code, (_, point) in best.items()}
