"""Turn a typed place into stored coordinates, never losing the record when it is unknown.

A place that is not found, or that several places fit equally, is saved as typed without
coordinates (`found` false: flagged for people to check), never placed somewhere by guess.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tracker.errors import N_, Invalid
from tracker.geo import service as geo


@dataclass(frozen=True)
class Located:
    latitude: float | None
    longitude: float | None
    admin1: str | None
    katottg: str | None = None
    raion: str | None = None
    hromada: str | None = None
    precision: str | None = None

    @property
    def found(self) -> bool:
        return self.latitude is not None and self.longitude is not None

    def columns(self) -> dict[str, Any]:
        """The registry columns of `PlaceColumns`, for a model's constructor or setattr."""
        return {
            "katottg": self.katottg,
            "raion": self.raion,
            "hromada": self.hromada,
            "precision": self.precision,
        }


def _from_place(place: geo.Place, precision: str | None = None) -> Located:
    return Located(
        place.latitude,
        place.longitude,
        place.admin1,
        place.katottg,
        place.raion,
        place.hromada,
        precision or place.precision,
    )


def locate(
    text: str,
    latitude: float | None = None,
    longitude: float | None = None,
    prefer_country: str | None = None,
    katottg: str | None = None,
    near: tuple[float, float] | None = None,
) -> Located:
    """A registry code wins, then explicit coordinates (`precision: "point"`), then the
    geocoder's clear answer; otherwise no coordinates (flagged)."""
    place = None
    if katottg:
        place = geo.by_katottg(katottg)
        if place is None:
            raise Invalid(N_("%(katottg)s is not a settlement code of KATOTTG."), katottg=katottg)
    elif text.strip():
        place = geo.geocode(text, prefer_country=prefer_country, near=near)
    if latitude is not None and longitude is not None:
        if place is None:
            return Located(latitude, longitude, None, precision="point")
        found = _from_place(place, "point")
        return Located(latitude, longitude, *(list(found.__dict__.values())[2:]))
    if place is None:
        return Located(None, None, None)
    return _from_place(place)
