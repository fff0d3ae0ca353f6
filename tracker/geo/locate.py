"""Turn a typed place into stored coordinates, never losing the record when it is unknown."""

from __future__ import annotations

from dataclasses import dataclass

from tracker.geo import service as geo


@dataclass(frozen=True)
class Located:
    latitude: float | None
    longitude: float | None
    admin1: str | None

    @property
    def found(self) -> bool:
        return self.latitude is not None and self.longitude is not None


def locate(
    text: str,
    latitude: float | None = None,
    longitude: float | None = None,
    prefer_country: str | None = None,
) -> Located:
    """Explicit coordinates win; otherwise the geocoder; otherwise no coordinates (flagged)."""
    place = geo.geocode(text, prefer_country=prefer_country) if text.strip() else None
    if latitude is not None and longitude is not None:
        return Located(latitude, longitude, place.admin1 if place else None)
    if place is None:
        return Located(None, None, None)
    return Located(place.latitude, place.longitude, place.admin1)
