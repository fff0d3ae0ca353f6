"""Fixtures for the matching tests: the seed places and factories for demands and supplies."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest

from tracker.matching import Demand, Supply

TODAY = date(2025, 1, 15)

# (latitude, longitude) of the seed places.
PLACES: dict[str, tuple[float, float]] = {
    "Brovary": (50.5110, 30.7911),
    "Poltava": (49.5892, 34.5537),
    "Lviv": (49.8383, 24.0232),
    "Kherson": (46.6558, 32.6178),
    "Jena": (50.9272, 11.5864),
    "Erlangen": (49.5897, 11.0078),
    "Kalmar": (56.6634, 16.3568),
    "Kraków": (50.0614, 19.9366),
    "Umeå": (63.8284, 20.2597),
}

# Organisation ids: communities 1.., partners 101...
COMMUNITY = {"Brovary": 1, "Poltava": 2, "Lviv": 3, "Kherson": 4}
PARTNER = {"Jena": 101, "Erlangen": 102, "Kalmar": 103, "Kraków": 104, "Umeå": 105}


@pytest.fixture
def today() -> date:
    return TODAY


@pytest.fixture
def partnerships() -> set[tuple[int, int]]:
    """Brovary–Jena, Brovary–Erlangen, Poltava–Kalmar, Kherson–Umeå."""
    return {
        (COMMUNITY["Brovary"], PARTNER["Jena"]),
        (COMMUNITY["Brovary"], PARTNER["Erlangen"]),
        (COMMUNITY["Poltava"], PARTNER["Kalmar"]),
        (COMMUNITY["Kherson"], PARTNER["Umeå"]),
    }


@pytest.fixture
def demand() -> Callable[..., Demand]:
    """demand(request_id, "Brovary", quantity=1, needed_in=30, ...) -> Demand."""

    def make(
        request_id: int,
        place: str,
        quantity: int = 1,
        *,
        category: str = "generator",
        unit: str = "pcs",
        priority: str = "normal",
        needed_in: int | None = 30,
        located: bool = True,
    ) -> Demand:
        lat, lon = PLACES[place]
        return Demand(
            request_id=request_id,
            community_id=COMMUNITY[place],
            category=category,
            unit=unit,
            quantity_open=quantity,
            latitude=lat if located else None,
            longitude=lon if located else None,
            priority=priority,
            needed_by=None if needed_in is None else TODAY + timedelta(days=needed_in),
        )

    return make


@pytest.fixture
def supply() -> Callable[..., Supply]:
    """supply(pledge_id, "Jena", quantity=1, available_in=0, ...) -> Supply."""

    def make(
        pledge_id: int,
        place: str,
        quantity: int = 1,
        *,
        category: str = "generator",
        unit: str = "pcs",
        available_in: int | None = 0,
        request_id: int | None = None,
        located: bool = True,
        **extra: Any,
    ) -> Supply:
        lat, lon = PLACES[place]
        return Supply(
            pledge_id=pledge_id,
            partner_id=PARTNER[place],
            category=category,
            unit=unit,
            quantity_available=quantity,
            latitude=lat if located else None,
            longitude=lon if located else None,
            available_from=None if available_in is None else TODAY + timedelta(days=available_in),
            request_id=request_id,
            **extra,
        )

    return make
