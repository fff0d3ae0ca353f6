"""The geo interface the rest of tracker codes against.

Places typed by people ("Бровари", "Kalush, Ivano-Frankivsk oblast", "Höör") become `Place`s
through a geopy `Geocoder`: the offline gazetteer by default, Nominatim when
`TRACKER_GEOCODER=nominatim`. Distances are geodesic (WGS-84 ellipsoid); the vectorised
`distance_matrix_km` is a great-circle approximation for large matrices.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np
from geopy.distance import geodesic
from geopy.geocoders.base import Geocoder
from geopy.location import Location

from tracker.config import get_settings

__all__ = [
    "EARTH_MEAN_RADIUS_KM",
    "Place",
    "distance_km",
    "distance_matrix_km",
    "format_place_lines",
    "geocode",
    "get_geocoder",
    "search",
]

# Mean Earth radius (IUGG, R1 = (2a + b) / 3) used by the great-circle approximation.
EARTH_MEAN_RADIUS_KM = 6371.0088

NOMINATIM_USER_AGENT = "tracker/0.1 (humanitarian aid logistics)"
NOMINATIM_TIMEOUT_S = 10


@dataclass(frozen=True)
class Place:
    name: str
    country: str  # ISO 3166-1 alpha-2
    admin1: str | None
    latitude: float
    longitude: float
    population: int = 0
    katottg: str | None = None  # Ukraine's registry code (Ukrainian places only)
    raion: str | None = None
    hromada: str | None = None
    precision: str | None = None  # settlement | hromada | raion | point (None: abroad/unknown)
    name_uk: str | None = None

    def label(self) -> str:
        """E.g. "Brovary, Kyiv Oblast, UA"."""
        parts = [self.name]
        # Bare GeoNames codes ("27") mean nothing to people; names ("Kyiv Oblast") do.
        if self.admin1 and self.admin1 != self.name and not self.admin1.isdigit():
            parts.append(self.admin1)
        if self.country:
            parts.append(self.country)
        return ", ".join(parts)

    @property
    def point(self) -> tuple[float, float]:
        return (self.latitude, self.longitude)

    def display_uk(self) -> str:
        """ "Андріївка — Бучанський р-н, Київська обл." (Ukrainian places), else the label."""
        if not self.katottg:
            return self.label()
        from tracker.geo.oblasts import ADMIN1

        parts = []
        if self.raion:
            parts.append(f"{self.raion} р-н")
        oblast = next(
            (a.name_uk for a in ADMIN1.values() if a.country == "UA" and a.name_en == self.admin1),
            None,
        )
        if oblast and oblast != self.name_uk:
            parts.append(oblast.replace(" область", " обл."))
        name = self.name_uk or self.name
        return f"{name} — {', '.join(parts)}" if parts else name


@dataclass(frozen=True)
class Resolved:
    """What a typed place resolves to: `best`, or None with the candidates to choose from."""

    best: Place | None
    alternatives: list[Place]

    @property
    def ambiguous(self) -> bool:
        return self.best is None and bool(self.alternatives)


class _RateLimitedNominatim(Geocoder):
    """Nominatim behind geopy's RateLimiter (1 request/s, as its usage policy asks)."""

    def __init__(self) -> None:
        from geopy.extra.rate_limiter import RateLimiter
        from geopy.geocoders import Nominatim

        super().__init__(timeout=NOMINATIM_TIMEOUT_S, user_agent=NOMINATIM_USER_AGENT)
        self.nominatim = Nominatim(user_agent=NOMINATIM_USER_AGENT, timeout=NOMINATIM_TIMEOUT_S)
        self._geocode = RateLimiter(self.nominatim.geocode, min_delay_seconds=1.0)
        self._reverse = RateLimiter(self.nominatim.reverse, min_delay_seconds=1.0)

    def geocode(self, query: Any, *, exactly_one: bool = True, **kwargs: Any) -> Any:
        kwargs.setdefault("addressdetails", True)
        kwargs.setdefault("language", "en")
        return self._geocode(query, exactly_one=exactly_one, **kwargs)

    def reverse(self, query: Any, *, exactly_one: bool = True, **kwargs: Any) -> Any:
        kwargs.setdefault("language", "en")
        return self._reverse(query, exactly_one=exactly_one, **kwargs)


@lru_cache(maxsize=4)
def _geocoder_for(kind: str, data_dir: str) -> Geocoder:
    if kind == "nominatim":
        return _RateLimitedNominatim()
    from tracker.geo.geocoder import OfflineGeocoder

    return OfflineGeocoder()


def get_geocoder() -> Geocoder:
    """The configured geocoder: offline gazetteer (default) or rate-limited Nominatim."""
    settings = get_settings()
    return _geocoder_for(settings.geocoder, str(settings.data_dir))


def _is_offline(geocoder: Geocoder) -> bool:
    from tracker.geo.geocoder import OfflineGeocoder

    return isinstance(geocoder, OfflineGeocoder)


def place_from_location(location: Location) -> Place:
    """Map a geopy Location (offline raw dict or Nominatim's) to a Place."""
    raw = location.raw or {}
    if "country" in raw and "name" in raw and "admin1" in raw:  # offline gazetteer
        return Place(
            name=raw["name"],
            country=raw["country"],
            admin1=raw["admin1"],
            latitude=float(location.latitude),
            longitude=float(location.longitude),
            population=int(raw.get("population") or 0),
            katottg=raw.get("katottg"),
            raion=raw.get("raion"),
            hromada=raw.get("hromada"),
            precision=raw.get("precision") if raw.get("katottg") else None,
            name_uk=raw.get("name_uk"),
        )
    address = raw.get("address") or {}
    name = (
        raw.get("name")
        or next(
            (
                address[k]
                for k in ("city", "town", "village", "hamlet", "municipality", "suburb")
                if k in address
            ),
            None,
        )
        or str(location.address).split(",")[0]
    )
    extratags = raw.get("extratags") or {}
    try:
        population = int(str(extratags.get("population", "0")).replace(",", "").split(".")[0])
    except ValueError:
        population = 0
    return Place(
        name=name,
        country=str(address.get("country_code", "")).upper(),
        admin1=address.get("state") or address.get("region"),
        latitude=float(location.latitude),
        longitude=float(location.longitude),
        population=population,
    )


def geocode(
    query: str, prefer_country: str | None = None, near: tuple[float, float] | None = None
) -> Place | None:
    """The place a typed name means, or None (not found, or several fit equally)."""
    return resolve(query, prefer_country=prefer_country, near=near).best


def resolve(
    query: str,
    *,
    limit: int = 6,
    prefer_country: str | None = None,
    near: tuple[float, float] | None = None,
) -> Resolved:
    """The best place and alternatives; best None with candidates when it is not clear.

    `near` (lat, lon: the filing organization) orders namesakes by distance; `prefer_country`
    (ISO2) ranks that country first, except over a match on another place's own name.
    """
    if not query or not query.strip() or limit <= 0:
        return Resolved(None, [])
    geocoder = get_geocoder()
    if not _is_offline(geocoder):
        found = search(query, limit=limit, prefer_country=prefer_country, complete=False)
        return Resolved(found[0] if found else None, found[1:])
    r = geocoder.resolve(query, limit=limit, prefer_country=prefer_country, near=near)
    best = place_from_location(geocoder._location(r.best)) if r.best is not None else None
    return Resolved(best, [place_from_location(geocoder._location(i)) for i in r.candidates])


def by_katottg(code: str) -> Place | None:
    """The registry settlement with this KATOTTG code (offline gazetteer), or None."""
    geocoder = get_geocoder()
    if not _is_offline(geocoder) or not code:
        from tracker.geo.gazetteer import get_gazetteer
        from tracker.geo.geocoder import OfflineGeocoder

        geocoder = OfflineGeocoder(get_gazetteer())
    i = geocoder.gazetteer.by_katottg(code)
    return place_from_location(geocoder._location(i)) if i is not None else None


def search(
    query: str, limit: int = 6, prefer_country: str | None = None, *, complete: bool = True
) -> list[Place]:
    """Candidate places for a typed name, best first.

    Exact name matches come first; with `complete` (offline geocoder only) names that start
    with the query follow, so a form can offer "Brovary" for "Brov".
    """
    if not query or not query.strip() or limit <= 0:
        return []
    geocoder = get_geocoder()
    if _is_offline(geocoder):
        locations = geocoder.geocode(
            query,
            exactly_one=False,
            limit=limit,
            prefer_country=prefer_country,
            complete=complete,
        )
    else:
        kwargs: dict[str, Any] = {"limit": limit}
        if prefer_country:
            kwargs["country_codes"] = [prefer_country.lower()]
        locations = geocoder.geocode(query, exactly_one=False, **kwargs)
        if not locations and prefer_country:
            locations = geocoder.geocode(query, exactly_one=False, limit=limit)
    return [place_from_location(loc) for loc in (locations or [])][:limit]


def distance_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Geodesic distance on the WGS-84 ellipsoid between two (lat, lon) points, in km."""
    return float(geodesic(a, b).km)


def distance_matrix_km(
    lat1: Sequence[float] | np.ndarray,
    lon1: Sequence[float] | np.ndarray,
    lat2: Sequence[float] | np.ndarray,
    lon2: Sequence[float] | np.ndarray,
) -> np.ndarray:
    """Great-circle (haversine) distances in km, shape (len(lat1), len(lat2)).

    Uses a sphere of the mean Earth radius (6371.0088 km). Against the WGS-84 geodesic the
    relative error is at most about 0.56 % in the worst case (short north-south hops at the
    poles or east-west near the equator) and typically below 0.3 % at European latitudes
    (tests check < 0.5 % on the project's places). Good for ranking and planning; use
    `distance_km` where a figure is shown to people.
    """
    p1 = np.radians(np.asarray(lat1, dtype=np.float64)).reshape(-1, 1)
    l1 = np.radians(np.asarray(lon1, dtype=np.float64)).reshape(-1, 1)
    p2 = np.radians(np.asarray(lat2, dtype=np.float64)).reshape(1, -1)
    l2 = np.radians(np.asarray(lon2, dtype=np.float64)).reshape(1, -1)
    sin_dp = np.sin((p2 - p1) * 0.5)
    sin_dl = np.sin((l2 - l1) * 0.5)
    h = sin_dp * sin_dp + np.cos(p1) * np.cos(p2) * (sin_dl * sin_dl)
    np.clip(h, 0.0, 1.0, out=h)
    return 2.0 * EARTH_MEAN_RADIUS_KM * np.arcsin(np.sqrt(h))


def haversine_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Scalar great-circle distance on the mean-radius sphere (same model as the matrix)."""
    p1, p2 = math.radians(a[0]), math.radians(b[0])
    dp, dl = p2 - p1, math.radians(b[1] - a[1])
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2.0 * EARTH_MEAN_RADIUS_KM * math.asin(math.sqrt(min(1.0, max(0.0, h))))


def format_place_lines(places: Iterable[Place]) -> str:
    """Plain-text lines "label  lat, lon" (for logs, CLI fallbacks and e-mails)."""
    return "\n".join(
        f"{p.label()}  {p.latitude:.5f}, {p.longitude:.5f}"
        + (f"  pop {p.population}" if p.population else "")
        for p in places
    )
