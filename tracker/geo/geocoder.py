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
from tracker.geo.katottg import CATEGORY_RANK
from tracker.geo.oblasts import ADMIN1, admin1_name
from tracker.geo.registry import PRECISIONS

__all__ = ["OfflineGeocoder", "Resolution", "parse_query"]

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
        "area", "raion", "rayon", "район", "р-н", "р н", "district",
        "autonomous republic of", "autonomous republic", "автономна республіка",
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
# A registry place is the answer to a name it shares when it is a town of this size and this
# many times larger than each namesake (Mykolaiv, Oleksandriia, Bucha); else "which one?".
DOMINANT_MIN_POPULATION = 10_000
DOMINANT_FACTOR = 10
# With `near`, the nearest namesake within this distance (the next twice as far) is the answer.
NEAR_CLEAR_KM = 60.0
COMPLETE_MIN_CHARS = 3


@dataclass(frozen=True)
class Qualifier:
    text: str
    countries: frozenset[str] = frozenset()
    admin1: frozenset[tuple[str, str]] = frozenset()
    raions: frozenset[int] = frozenset()

    @property
    def recognized(self) -> bool:
        return bool(self.countries or self.admin1 or self.raions)

    @property
    def country_only(self) -> bool:
        return bool(self.countries) and not self.admin1 and not self.raions

    @property
    def restricts(self) -> bool:
        """Names only a region (oblast, raion, state): places outside it are not answers."""
        return bool(self.admin1 or self.raions) and not self.countries

    def satisfied(self, country: str, admin1: str, raion: int = -1) -> bool:
        return (
            country in self.countries
            or (country, admin1) in self.admin1
            or (raion >= 0 and raion in self.raions)
        )


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
    """Normalised country, admin1 and raion names -> what they denote."""

    def __init__(self, gazetteer: Gazetteer | None = None) -> None:
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
        # Raions: "Бучанський р-н", "Buchanskyi raion", "Bucha raion".
        self.raions: dict[str, set[int]] = {}
        if gazetteer is not None:
            for u in range(gazetteer.unit_count):
                if gazetteer.unit_kind[u] != b"P":
                    continue
                stem = normalize(gazetteer.unit_name(u) or "")
                for form in {stem, *_raion_nouns(stem)}:
                    if form:
                        self.raions.setdefault(form, set()).add(u)

    def parse(self, text: str, *, exact_only: bool = False) -> Qualifier:
        key = normalize(text)
        countries = set(self.countries.get(key, ()))
        stem = _strip_region_words(key)
        words = key.split()
        raion_word = any(w in ("raion", "rayon", "district", "r") for w in words)
        admin1 = set(self.admin1.get(stem, ())) if stem else set()
        raions: set[int] = set()
        if stem and (raion_word or not admin1) and not countries:
            raions = set(self.raions.get(stem, ()))
            if raion_word and raions:
                admin1 = set()
        if not (admin1 or raions or countries or exact_only) and stem and len(stem) >= 5:
            admin1 = self._prefix_match(stem)
        return Qualifier(text, frozenset(countries), frozenset(admin1), frozenset(raions))

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


def _raion_nouns(adjective: str) -> list[str]:
    """ "buchanskyi" -> "bucha", "brovarskyi" -> "brovary": the town a raion is named after."""
    out: list[str] = []
    for ending in ("nskyi", "tskyi", "skyi", "zkyi", "kyi"):
        if adjective.endswith(ending) and len(adjective) > len(ending) + 2:
            stem = adjective[: -len(ending)]
            out += [stem + "a", stem + "y", stem + "i", stem, stem + "e", stem + "ia"]
    return out


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


@dataclass(frozen=True)
class Resolution:
    best: int | None  # None: not found, or several places fit equally (see `candidates`)
    candidates: list[int]  # other places, best first (all of them when `best` is None)


def _standing(rank: tuple[float, ...]) -> tuple[float, ...]:
    """Qualifiers met, preferred country, main name: what namesakes must share to be tied."""
    return (rank[0], rank[1], rank[4])


def _dominant(top: int, population: dict[int, int]) -> bool:
    """`top` is a town far larger than each of its namesakes."""
    rival = max((p for i, p in population.items() if i != top), default=0)
    return population[top] >= DOMINANT_MIN_POPULATION and population[top] >= DOMINANT_FACTOR * max(
        rival, 1
    )


def _km(a: tuple[float, float], b: tuple[float, float]) -> float:
    p1, p2 = math.radians(a[0]), math.radians(b[0])
    dp, dl = p2 - p1, math.radians(b[1] - a[1])
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2.0 * 6371.0088 * math.asin(math.sqrt(min(1.0, h)))


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
            self._qualifiers = _QualifierIndex(self.gazetteer)
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
        gaz = self.gazetteer
        # Settlements placed at their hromada's centre share its point: only own coordinates.
        found = [
            (i, km)
            for i, km in gaz.nearest(point.latitude, point.longitude, k=count * 40)
            if int(gaz.precision[i]) == 0
        ][:count]
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
        """Place indices for a query, best first (namesakes included: no ambiguity check)."""
        return [i for i, _ in self._ranked(query, prefer_country, complete, limit)][:limit]

    def resolve(
        self,
        query: str,
        *,
        limit: int = 6,
        prefer_country: str | None = None,
        near: tuple[float, float] | None = None,
    ) -> Resolution:
        """The answer to a typed place, or none with the candidates when it is not clear.

        A Ukrainian name that fits several registry places of the same standing is ambiguous
        unless one is far larger (a city of 10,000+ and ten times its namesakes); with `near`
        the candidates are ordered by distance, and a clearly nearest one (within
        `NEAR_CLEAR_KM`, the next at least twice as far) is the answer.
        """
        ranked = self._ranked(query, prefer_country, False, max(limit, 1) * 8)
        if not ranked:
            return Resolution(None, [])
        gaz = self.gazetteer
        top_i, top_rank = ranked[0]
        if not gaz.katottg[top_i]:
            return Resolution(top_i, [i for i, _ in ranked[1:limit]])
        # registry namesakes of the same standing: qualifiers met, preference, name kind
        tied = [i for i, r in ranked if _standing(r) == _standing(top_rank) and gaz.katottg[i]]
        pops = {i: int(gaz.population[i]) for i in tied}
        best: int | None = top_i
        if near is not None and len(tied) > 1:
            dist = {i: _km(near, (float(gaz.lat[i]), float(gaz.lon[i]))) for i in tied}
            tied.sort(key=lambda i: dist[i])
            d1, d2 = dist[tied[0]], dist[tied[1]]
            if d1 <= NEAR_CLEAR_KM and d2 >= 2 * max(d1, 1.0):
                best = tied[0]
            elif not _dominant(top_i, pops):
                best = None
        elif len(tied) > 1 and not _dominant(top_i, pops):
            best = None
        in_tied = set(tied)
        order = tied + [i for i, _ in ranked if i not in in_tied]
        if best is None:
            return Resolution(None, order[:limit])
        return Resolution(best, [i for i in order if i != best][: limit - 1])

    def _ranked(
        self, query: str, prefer_country: str | None, complete: bool, limit: int
    ) -> list[tuple[int, tuple[float, ...]]]:
        if not query or not query.strip() or limit <= 0:
            return []
        gaz = self.gazetteer
        prefer = prefer_country.upper() if prefer_country else None
        attempts = parse_query(query, self.qualifiers)
        found: list[tuple[int, tuple[float, ...]]] = []
        for n, attempt in enumerate(attempts):
            found = self._rank(gaz.lookup(attempt.key), attempt.qualifiers, prefer, loose=n > 0)
            if found:
                break
        if complete and len(found) < limit and attempts:
            key = attempts[0].key
            if len(key) >= COMPLETE_MIN_CHARS:
                more = self._rank(
                    [hit for _, hit in gaz.complete(key)], attempts[0].qualifiers, prefer
                )
                have = {i for i, _ in found}
                found += [(i, r) for i, r in more if i not in have]
        if not found and attempts:
            found = self._fuzzy(attempts, prefer)
        return found

    def _rank(
        self,
        hits: Iterable[Hit],
        qualifiers: Sequence[Qualifier],
        prefer: str | None,
        *,
        loose: bool = False,
    ) -> list[tuple[int, tuple[float, ...]]]:
        """Rank hits; `loose` (a rewritten query or a fuzzy match) keeps nearby countries only.

        A qualifier naming only a region (oblast, raion, state) is a hard filter, as is one
        naming only a country. `prefer` ranks its country first, but a match on another
        place's own name beats a match on an alternate name in the preferred country
        ("Kraków" with Germany preferred is still Kraków, not Krakow am See).
        """
        gaz = self.gazetteer
        hits = list(hits)
        any_primary = any(h.primary for h in hits)
        best: dict[int, tuple[float, ...]] = {}
        recognized = [q for q in qualifiers if q.recognized]
        for hit in hits:
            i = hit.index
            country = gaz.country[i].decode()
            admin1 = gaz.admin1[i].decode()
            raion = int(gaz.raion[i])
            satisfied = [q.satisfied(country, admin1, raion) for q in recognized]
            if any(
                (q.country_only or q.restricts) and not ok
                for q, ok in zip(recognized, satisfied, strict=True)
            ):
                continue
            if loose and not any(satisfied) and country != prefer and country not in self._prior:
                continue
            preferred = country == prefer and (hit.primary or not any_primary)
            score = (
                math.log10(int(gaz.population[i]) + 10)
                + (PRIMARY_NAME_BONUS if hit.primary else 0.0)
                + self._prior.get(country, 0.0)
            )
            rank = (
                float(sum(satisfied)),
                1.0 if preferred else 0.0,
                score,
                float(CATEGORY_RANK.get(gaz.category[i].decode(), 0)),
                1.0 if hit.primary else 0.0,
            )
            if i not in best or rank > best[i]:
                best[i] = rank
        # the name kind (main/alternate) is part of the score; group ties on the first two
        return sorted(best.items(), key=lambda kv: kv[1], reverse=True)

    def _fuzzy(
        self, attempts: list[Attempt], prefer: str | None
    ) -> list[tuple[int, tuple[float, ...]]]:
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
                ranked = self._rank(hits, attempt.qualifiers, prefer, loose=True)
                # closer spellings first, then the usual ranking (sort is stable)
                return sorted(ranked, key=lambda ir: -round(scored[ir[0]], 1))
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
            "katottg": gaz.katottg[i].decode() or None,
            "name_uk": gaz.name_uk(i) or None,
            "raion": gaz.unit_name(int(gaz.raion[i])),
            "hromada": gaz.unit_name(int(gaz.hromada[i])),
            "precision": PRECISIONS[int(gaz.precision[i])],
            "category": gaz.category[i].decode() or None,
        }
        if raw["katottg"]:
            raw["source"] = "katottg+geonames" if raw["geonameid"] else "katottg"
        shown_admin1 = admin1 if admin1 and admin1 != name and not admin1.isdigit() else None
        address = ", ".join(p for p in (name, shown_admin1, country) if p)
        return Location(address, (lat, lon), raw)
