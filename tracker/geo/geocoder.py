"""`OfflineGeocoder`: geopy's Geocoder interface over the local gazetteer.

Query handling, in order, stopping at the first attempt that finds something:

1. the whole first comma part ("Frankfurt (Oder)", "Shehyni checkpoint");
2. "Place (Qualifier)" with the parenthesis as a qualifier ("Rockford (Illinois)");
3. the place with settlement prefixes/suffixes removed ("м. Полтава", "Höör kommun", "Stadt
   Jena"), then a Swedish/Norwegian genitive "s" ("Jönköpings kommun");
4. without a comma, trailing words that name a country or region ("Rockford Illinois");
5. typo-tolerant lookup by consonant skeleton, re-checked with a similarity ratio.

Parts after commas (or in parentheses) are qualifiers: a country (English/Ukrainian/native name,
ISO2 or ISO3 code) or a first-level division (Ukrainian oblast in any usual spelling, US state,
Canadian province, German Land). Candidates satisfying more qualifiers come first; a qualifier
that can only mean a country is a hard filter ("Lviv, Poland" finds nothing). `prefer_country`
puts that country next. Otherwise larger places win, with a bonus for a match on a place's main
(rather than an alternate) name and a mild prior for Ukraine, then Europe.
"""

from __future__ import annotations

import difflib
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from geopy.geocoders.base import DEFAULT_SENTINEL, Geocoder
from geopy.location import Location
from geopy.point import Point

from tracker.geo.countries import country_names, country_table
from tracker.geo.gazetteer import Gazetteer, Hit, get_gazetteer, normalize
from tracker.geo.oblasts import ADMIN1, admin1_name

__all__ = ["OfflineGeocoder", "parse_query"]

# Settlement words stripped from the start / end of a name (normalised forms; Cyrillic ones
# through the same transliteration: "м." -> "m", "смт" -> "smt", "селище" -> "selyshche").
_PREFIXES = [
    normalize(p)
    for p in (
        "м.", "місто", "с.", "село", "смт", "селище міського типу", "селище", "с-ще", "сщ",
        "сел.", "пгт", "г.", "город", "пос.", "поселок", "посёлок", "хутір", "х.",
        "кпп", "пункт пропуску", "мапп", "пп", "city of", "town of", "village of",
        "municipality of", "commune of", "county of", "city", "town", "village", "municipality",
        "stadt", "gemeinde", "markt", "hansestadt", "landkreis", "kreis", "universitätsstadt",
        "kommun", "region", "gmina", "miasto", "powiat", "wieś", "miasto i gmina",
        "ville de", "commune de", "comune di", "città di", "obec", "město", "mesto",
        "municipiul", "orașul", "comuna", "checkpoint", "border crossing",
    )
]  # fmt: skip
_SUFFIXES = [
    normalize(s)
    for s in (
        "громада", "територіальна громада", "міська територіальна громада",
        "сільська територіальна громада", "селищна територіальна громада", "тг", "отг", "мтг",
        "міська рада", "сільська рада", "селищна рада", "рада",
        "hromada", "territorial community", "community", "city council", "council",
        "municipality", "city", "town", "village", "county", "region", "district",
        "checkpoint", "border crossing", "crossing", "kpp",
        "kommun", "kommune", "stad", "län", "gmina", "powiat", "stadt", "város", "varos",
    )
]  # fmt: skip
_GENITIVE_SUFFIXES = {normalize(s) for s in ("kommun", "kommune", "stad", "län", "county")}
_PREFIXES.sort(key=len, reverse=True)
_SUFFIXES.sort(key=len, reverse=True)

# Words that only say "this is a region" in a qualifier: "Kyiv oblast", "Київська обл.".
_REGION_WORDS = {
    normalize(w)
    for w in (
        "oblast", "oblast'", "oblasti", "obl", "область", "обл", "region", "province", "state",
        "area", "raion", "autonomous republic of", "autonomous republic", "автономна республіка",
        "ar", "city", "місто", "м", "city of", "territory", "territories", "land", "bundesland",
    )
}  # fmt: skip

_PAREN_RE = re.compile(r"^(?P<head>[^()]*?)\s*\((?P<inner>[^()]*)\)\s*(?P<tail>.*)$")
_SPLIT_RE = re.compile(r"[,;/]")

FUZZY_MIN_RATIO = 0.8
# A match on the main name counts like ~30x the population against an alternate-name match.
PRIMARY_NAME_BONUS = 1.5
# tracker is about Ukraine and its (mostly European) partners: between namesakes of similar
# size, Ukraine (x10 in population terms) and then Europe (x3) win ("Odessa" -> Odesa, not
# Texas). Qualifiers and `prefer_country` still override this.
UKRAINE_PRIOR = 1.0
EUROPE_PRIOR = 0.5
FUZZY_MIN_CHARS = 5
COMPLETE_MIN_CHARS = 3


@dataclass(frozen=True)
class Qualifier:
    text: str
    countries: frozenset[str] = frozenset()
    admin1: frozenset[tuple[str, str]] = frozenset()

    @property
    def recognized(self) -> bool:
        return bool(self.countries or self.admin1)

    @property
    def country_only(self) -> bool:
        return bool(self.countries) and not self.admin1

    def satisfied(self, country: str, admin1: str) -> bool:
        return country in self.countries or (country, admin1) in self.admin1


@dataclass
class Attempt:
    key: str
    qualifiers: list[Qualifier] = field(default_factory=list)


def _strip_region_words(key: str) -> str:
    words = key.split()
    kept = [w for w in words if w not in _REGION_WORDS]
    text = " ".join(kept)
    for phrase in sorted((w for w in _REGION_WORDS if " " in w), key=len, reverse=True):
        text = text.replace(phrase, " ")
    return " ".join(text.split())


class _QualifierIndex:
    """Normalised country and admin1 names -> what they denote."""

    def __init__(self) -> None:
        self.countries: dict[str, set[str]] = {}
        for iso, names in country_names().items():
            for name in names:
                self.countries.setdefault(normalize(name), set()).add(iso)
        self.admin1: dict[str, set[tuple[str, str]]] = {}
        for (country, code), entry in ADMIN1.items():
            for name in entry.names():
                stem = _strip_region_words(normalize(name))
                if stem:
                    self.admin1.setdefault(stem, set()).add((country, code))

    def parse(self, text: str, *, exact_only: bool = False) -> Qualifier:
        key = normalize(text)
        countries = set(self.countries.get(key, ()))
        stem = _strip_region_words(key)
        admin1 = set(self.admin1.get(stem, ())) if stem else set()
        if not admin1 and stem and not exact_only and len(stem) >= 5 and not countries:
            admin1 = self._prefix_match(stem)
        return Qualifier(text, frozenset(countries), frozenset(admin1))

    def _prefix_match(self, stem: str) -> set[tuple[str, str]]:
        """'Khmelnytskoi', 'Ivano-Frankovsk': the division whose name shares a long prefix."""
        best, found = 0, set()
        for name, targets in self.admin1.items():
            cp = len(_common_prefix(stem, name))
            if cp >= 6 and cp >= min(len(stem), len(name)) - 3:
                if cp > best:
                    best, found = cp, set(targets)
                elif cp == best:
                    found |= targets
        return found


def _common_prefix(a: str, b: str) -> str:
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return a[:n]


_COMMUNITY_SUFFIXES = {normalize(s) for s in ("громада", "рада", "тг", "отг", "мтг", "hromada")}
_ADJECTIVE_ENDINGS = ("ska", "tska", "ka")


def _community_nouns(adjective: str) -> list[str]:
    """Guesses at the town behind a hromada adjective: "poltavska" -> "poltava", "brovary"."""
    for ending in _ADJECTIVE_ENDINGS:
        if adjective.endswith(ending) and len(adjective) > len(ending) + 2:
            stem = adjective[: -len(ending)]
            return [stem + "a", stem + "y", stem + "i", stem, stem + "e"]
    return []


def _strip_settlement_words(key: str) -> tuple[str, bool]:
    """Remove prefix/suffix settlement words; also says whether a genitive-taking one went."""
    genitive = False
    changed = True
    while changed:
        changed = False
        for p in _PREFIXES:
            if key.startswith(p + " ") and len(key) > len(p) + 1:
                key, changed = key[len(p) + 1 :], True
                break
        for s in _SUFFIXES:
            if key.endswith(" " + s) and len(key) > len(s) + 1:
                key, changed = key[: -len(s) - 1], True
                genitive = genitive or s in _GENITIVE_SUFFIXES
                break
    return key, genitive


def parse_query(query: str, qualifiers: _QualifierIndex) -> list[Attempt]:
    """Exact-lookup attempts for a typed place, most literal first (see module docstring)."""
    parts = [p.strip() for p in _SPLIT_RE.split(query) if p.strip()]
    if not parts:
        return []
    first, rest = parts[0], [qualifiers.parse(p) for p in parts[1:]]
    attempts: list[Attempt] = []
    seen: set[str] = set()

    def add(key: str, quals: list[Qualifier]) -> None:
        sig = key + "|" + "|".join(q.text for q in quals)
        if key and sig not in seen:
            seen.add(sig)
            attempts.append(Attempt(key, quals))

    whole = normalize(first)
    add(whole, rest)
    places = [(whole, rest)]
    m = _PAREN_RE.match(first)
    if m and m.group("head"):
        inner = [qualifiers.parse(m.group("inner"))]
        tail = [qualifiers.parse(m.group("tail"))] if m.group("tail") else []
        head = normalize(m.group("head"))
        add(head, rest + inner + tail)
        places.append((head, rest + inner + tail))
    for key, quals in list(places):
        stripped, genitive = _strip_settlement_words(key)
        if stripped != key and any(key.endswith(" " + c) for c in _COMMUNITY_SUFFIXES):
            words = stripped.split()
            for noun in _community_nouns(words[-1]) if words else ():
                add(" ".join([*words[:-1], noun]), [*quals, qualifiers.parse("UA")])
        add(stripped, quals)
        if genitive and stripped.endswith("s") and len(stripped) > 4:
            add(stripped[:-1], quals)
        places.append((stripped, quals))
    words = whole.split()
    for j in range(len(words) - 1, 0, -1):
        tail_q = qualifiers.parse(" ".join(words[j:]), exact_only=True)
        if tail_q.recognized:
            head, _ = _strip_settlement_words(" ".join(words[:j]))
            add(head, [*rest, tail_q])
    return attempts


@dataclass
class _Candidate:
    index: int
    rank: tuple[float, ...]


class OfflineGeocoder(Geocoder):
    """geopy Geocoder backed by the offline GeoNames gazetteer; no network, ever."""

    def __init__(self, gazetteer: Gazetteer | None = None, **kwargs: Any) -> None:
        kwargs.setdefault("user_agent", "tracker/0.1 (offline gazetteer)")
        super().__init__(**kwargs)
        self._gazetteer = gazetteer
        self._qualifiers: _QualifierIndex | None = None
        self._prior = {
            iso: UKRAINE_PRIOR if iso == "UA" else EUROPE_PRIOR
            for iso, (_name, _iso3, continent) in country_table().items()
            if iso == "UA" or continent == "EU"
        }

    @property
    def gazetteer(self) -> Gazetteer:
        if self._gazetteer is None:
            self._gazetteer = get_gazetteer()
        return self._gazetteer

    @property
    def qualifiers(self) -> _QualifierIndex:
        if self._qualifiers is None:
            self._qualifiers = _QualifierIndex()
        return self._qualifiers

    # -- geopy interface ----------------------------------------------------------------

    def geocode(
        self,
        query: str | dict[str, str],
        *,
        exactly_one: bool = True,
        timeout: Any = DEFAULT_SENTINEL,
        limit: int | None = None,
        prefer_country: str | None = None,
        complete: bool = False,
    ) -> Location | list[Location] | None:
        """Geocode a typed place name.

        `exactly_one=False` returns up to `limit` (default 10) Locations, best first, or [].
        `complete=True` adds prefix completions ("Brov" -> Brovary) after exact matches.
        """
        if isinstance(query, dict):
            query = ", ".join(str(v) for v in query.values() if v)
        count = 1 if exactly_one else (limit or 10)
        indices = self.find(query, limit=count, prefer_country=prefer_country, complete=complete)
        locations = [self._location(i) for i in indices]
        if exactly_one:
            return locations[0] if locations else None
        return locations

    def reverse(
        self,
        query: Any,
        *,
        exactly_one: bool = True,
        timeout: Any = DEFAULT_SENTINEL,
        limit: int | None = None,
    ) -> Location | list[Location] | None:
        """The nearest gazetteer place(s) to a point ("lat, lon", (lat, lon) or geopy Point)."""
        point = Point(query)
        count = 1 if exactly_one else (limit or 5)
        found = self.gazetteer.nearest(point.latitude, point.longitude, k=count)
        locations = []
        for i, km in found:
            loc = self._location(i)
            loc.raw["distance_km"] = round(km, 3)
            locations.append(loc)
        if exactly_one:
            return locations[0] if locations else None
        return locations

    # -- matching -----------------------------------------------------------------------

    def find(
        self,
        query: str,
        *,
        limit: int = 1,
        prefer_country: str | None = None,
        complete: bool = False,
    ) -> list[int]:
        """Place indices for a query, best first."""
        if not query or not query.strip() or limit <= 0:
            return []
        gaz = self.gazetteer
        prefer = prefer_country.upper() if prefer_country else None
        attempts = parse_query(query, self.qualifiers)
        found: list[int] = []
        for attempt in attempts:
            found = self._rank(gaz.lookup(attempt.key), attempt.qualifiers, prefer)
            if found:
                break
        if complete and len(found) < limit and attempts:
            key = attempts[0].key
            if len(key) >= COMPLETE_MIN_CHARS:
                more = self._rank(
                    [hit for _, hit in gaz.complete(key)], attempts[0].qualifiers, prefer
                )
                have = set(found)
                found += [i for i in more if i not in have]
        if not found and attempts:
            found = self._fuzzy(attempts, prefer)
        return found[:limit]

    def _rank(
        self, hits: Iterable[Hit], qualifiers: Sequence[Qualifier], prefer: str | None
    ) -> list[int]:
        gaz = self.gazetteer
        best: dict[int, tuple[float, ...]] = {}
        recognized = [q for q in qualifiers if q.recognized]
        for hit in hits:
            i = hit.index
            country = gaz.country[i].decode()
            admin1 = gaz.admin1[i].decode()
            satisfied = [q.satisfied(country, admin1) for q in recognized]
            if any(q.country_only and not ok for q, ok in zip(recognized, satisfied, strict=True)):
                continue
            score = (
                math.log10(int(gaz.population[i]) + 10)
                + (PRIMARY_NAME_BONUS if hit.primary else 0.0)
                + self._prior.get(country, 0.0)
            )
            rank = (float(sum(satisfied)), 1.0 if country == prefer else 0.0, score)
            if i not in best or rank > best[i]:
                best[i] = rank
        return sorted(best, key=lambda i: best[i], reverse=True)

    def _fuzzy(self, attempts: list[Attempt], prefer: str | None) -> list[int]:
        gaz = self.gazetteer
        for attempt in attempts:
            key = attempt.key
            if len(key) < FUZZY_MIN_CHARS:
                continue
            scored: dict[int, float] = {}
            hits: list[Hit] = []
            for name, hit in gaz.similar(key):
                ratio = difflib.SequenceMatcher(None, key, name).ratio()
                if ratio >= FUZZY_MIN_RATIO:
                    hits.append(hit)
                    scored[hit.index] = max(scored.get(hit.index, 0.0), ratio)
            if hits:
                ranked = self._rank(hits, attempt.qualifiers, prefer)
                # closer spellings first, then the usual ranking (sort is stable)
                return sorted(ranked, key=lambda i: -round(scored[i], 1))
        return []

    def _location(self, i: int) -> Location:
        gaz = self.gazetteer
        country = gaz.country[i].decode()
        code = gaz.admin1[i].decode() or None
        admin1 = admin1_name(country, code)
        name = gaz.name(i)
        lat, lon = float(gaz.lat[i]), float(gaz.lon[i])
        raw = {
            "name": name,
            "country": country,
            "admin1": admin1,
            "admin1_code": code,
            "population": int(gaz.population[i]),
            "geonameid": int(gaz.geonameid[i]) or None,
            "latitude": lat,
            "longitude": lon,
            "source": "geonames" if int(gaz.geonameid[i]) else "tracker-supplement",
        }
        shown_admin1 = admin1 if admin1 and admin1 != name and not admin1.isdigit() else None
        address = ", ".join(p for p in (name, shown_admin1, country) if p)
        return Location(address, (lat, lon), raw)
