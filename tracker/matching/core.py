"""The matching core: inputs, the one cost model, reasons and ranked suggestions.

Pure functions over frozen dataclasses: no database, no HTTP, no clock (``today`` is passed
in). The optimal plan and the greedy baseline live in ``tracker.matching.solver``.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import numpy as np

from tracker.geo.service import distance_km, distance_matrix_km

__all__ = [
    "DEFAULT_WEIGHTS",
    "PRIORITIES",
    "Demand",
    "PairFeatures",
    "ReasonPart",
    "Suggestion",
    "Supply",
    "Weights",
    "cost_model_text",
    "feasible",
    "pair_cost",
    "reason_parts",
    "reason_text",
    "score_from_cost",
    "suggest",
    "unit_cost",
]

PRIORITIES: tuple[str, ...] = ("critical", "high", "normal", "low")
_PRIORITY_RANK = {p: i for i, p in enumerate(PRIORITIES)}

ReasonPart = tuple[str, dict[str, Any]]


def _check_point(lat: float | None, lon: float | None, what: str) -> None:
    if (lat is None) != (lon is None):
        raise ValueError(f"{what}: latitude and longitude must both be set or both be None")
    if lat is not None and lon is not None and not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise ValueError(f"{what}: coordinates out of range ({lat}, {lon})")


@dataclass(frozen=True)
class Demand:
    """An open request: what is still missing (``quantity_open`` > 0) and where it goes."""

    request_id: int
    community_id: int
    category: str
    unit: str
    quantity_open: int
    latitude: float | None = None
    longitude: float | None = None
    priority: str = "normal"
    needed_by: date | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.quantity_open, int) or self.quantity_open <= 0:
            raise ValueError(f"request {self.request_id}: quantity_open must be an int > 0")
        if self.priority not in _PRIORITY_RANK:
            raise ValueError(f"request {self.request_id}: unknown priority {self.priority!r}")
        _check_point(self.latitude, self.longitude, f"request {self.request_id}")

    @property
    def point(self) -> tuple[float, float] | None:
        if self.latitude is None or self.longitude is None:
            return None
        return (self.latitude, self.longitude)


@dataclass(frozen=True)
class Supply:
    """An open pledge: what is still unallocated (``quantity_available`` > 0) and where from."""

    pledge_id: int
    partner_id: int
    category: str
    unit: str
    quantity_available: int
    latitude: float | None = None
    longitude: float | None = None
    available_from: date | None = None
    request_id: int | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.quantity_available, int) or self.quantity_available <= 0:
            raise ValueError(f"pledge {self.pledge_id}: quantity_available must be an int > 0")
        _check_point(self.latitude, self.longitude, f"pledge {self.pledge_id}")

    @property
    def point(self) -> tuple[float, float] | None:
        if self.latitude is None or self.longitude is None:
            return None
        return (self.latitude, self.longitude)


@dataclass(frozen=True)
class Weights:
    """Knobs of the cost model and of the plan's primary objective.

    Cost figures are in *cost units*; with ``per_km = 1`` one unit is one kilometre, so every
    bonus or penalty reads as "counts as N km nearer/further".
    """

    per_km: float = 1.0
    # Primary objective of the plan: units fulfilled are weighted by the request's priority.
    weight_critical: float = 8.0
    weight_high: float = 4.0
    weight_normal: float = 2.0
    weight_low: float = 1.0
    # Cost discount by priority (matters for scores, and between requests of equal weight).
    priority_bonus_critical: float = 600.0
    priority_bonus_high: float = 400.0
    priority_bonus_normal: float = 200.0
    priority_bonus_low: float = 0.0
    # Discount for a needed_by that is close: full when due today or overdue, fading to 0 at
    # the horizon.
    urgency_bonus: float = 500.0
    urgency_horizon_days: int = 30
    # Penalty per day the pledge becomes available after the request's needed_by.
    late_penalty_per_day: float = 50.0
    twin_bonus: float = 2000.0
    aimed_bonus: float = 5000.0
    # Distance counted when either end is not geocoded.
    unknown_distance_km: float = 2500.0
    # Score = 100 / (1 + exp((cost - score_midpoint) / score_spread)).
    score_midpoint: float = 1500.0
    score_spread: float = 500.0

    def __post_init__(self) -> None:
        ws = self.priority_weights()
        if any(not math.isfinite(w) or w <= 0 for w in ws):
            raise ValueError("priority weights must be finite and > 0")
        if any(a < b for a, b in zip(ws, ws[1:], strict=False)):
            raise ValueError("priority weights must not increase from critical to low")
        if self.urgency_horizon_days <= 0 or self.score_spread <= 0:
            raise ValueError("urgency_horizon_days and score_spread must be > 0")
        if self.per_km < 0 or self.unknown_distance_km < 0 or self.late_penalty_per_day < 0:
            raise ValueError("per_km, unknown_distance_km and late_penalty_per_day must be >= 0")

    def priority_weights(self) -> tuple[float, float, float, float]:
        """Primary weights in PRIORITIES order."""
        return (self.weight_critical, self.weight_high, self.weight_normal, self.weight_low)

    def priority_bonuses(self) -> tuple[float, float, float, float]:
        return (
            self.priority_bonus_critical,
            self.priority_bonus_high,
            self.priority_bonus_normal,
            self.priority_bonus_low,
        )

    def weight(self, priority: str) -> float:
        return self.priority_weights()[_PRIORITY_RANK[priority]]


DEFAULT_WEIGHTS = Weights()


def unit_cost(
    distance_km: np.ndarray | float,
    *,
    priority_rank: np.ndarray | int,
    days_until_needed: np.ndarray | float,
    days_until_available: np.ndarray | float,
    twin: np.ndarray | bool,
    aimed: np.ndarray | bool,
    weights: Weights,
) -> np.ndarray:
    """Cost of moving one unit of a pledge to a request — the one cost model of matching.

    Lower is better; figures are cost units (= km when ``per_km`` is 1) and may be negative
    when bonuses outweigh the distance::

        cost = per_km × distance
             + late_penalty_per_day × days late
             − aimed_bonus      (the pledge was made for this very request)
             − twin_bonus       (the pledging partner is a twin city of the community)
             − priority_bonus   (critical > high > normal > low)
             − urgency_bonus × urgency

    * distance: geodesic km from the pledge's origin to the request's destination;
      ``unknown_distance_km`` when either is not geocoded (NaN here).
    * days late: how many days after ``max(needed_by, today)`` the pledge becomes available
      (0 when it is available in time, or when either date is unknown).
    * urgency: 1 when needed_by is today or past, falling linearly to 0 at
      ``urgency_horizon_days`` ahead (0 when there is no needed_by).

    Twin cities help their own first: with the defaults a twin city's pledge is preferred
    unless another one is more than 2,000 km nearer, and a pledge aimed at the request beats
    everything short of 5,000 km. In the plan, priority first decides *how much* each request
    gets (priority-weighted fulfilled quantity is maximised before any cost); this cost then
    decides *which* pledge serves whom.

    Arguments broadcast like numpy arrays: request-side ones shaped (n, 1), pledge-side ones
    (1, m), pair ones (n, m); ``days_*`` are NaN when the date is unknown.
    """
    dist = np.asarray(distance_km, dtype=np.float64)
    dist = np.where(np.isnan(dist), weights.unknown_distance_km, dist)
    need = np.asarray(days_until_needed, dtype=np.float64)
    avail = np.asarray(days_until_available, dtype=np.float64)
    late = avail - np.maximum(need, 0.0)
    late = np.where(np.isnan(late), 0.0, np.maximum(late, 0.0))
    urgency = np.clip(1.0 - need / weights.urgency_horizon_days, 0.0, 1.0)
    urgency = np.where(np.isnan(urgency), 0.0, urgency)
    bonus = np.asarray(weights.priority_bonuses(), dtype=np.float64)[np.asarray(priority_rank)]
    return (
        weights.per_km * dist
        + weights.late_penalty_per_day * late
        - weights.aimed_bonus * np.asarray(aimed, dtype=np.float64)
        - weights.twin_bonus * np.asarray(twin, dtype=np.float64)
        - bonus
        - weights.urgency_bonus * urgency
    )


def cost_model_text(weights: Weights = DEFAULT_WEIGHTS) -> str:
    """The cost model in words, with the configured numbers (for the matching page)."""
    w = weights
    return (
        f"Cost of one unit = {w.per_km:g} per km of geodesic distance "
        f"(unknown location: {w.unknown_distance_km:,.0f} km) "
        f"+ {w.late_penalty_per_day:g} per day the pledge is available after needed_by "
        f"− {w.aimed_bonus:,.0f} if the pledge was made for this request "
        f"− {w.twin_bonus:,.0f} if the partner is a twin city of the community "
        f"− a priority bonus (critical {w.priority_bonus_critical:g}, high "
        f"{w.priority_bonus_high:g}, normal {w.priority_bonus_normal:g}, low "
        f"{w.priority_bonus_low:g}) − up to {w.urgency_bonus:g} as needed_by approaches "
        f"(within {w.urgency_horizon_days} days). "
        f"The plan first maximises fulfilled quantity weighted by priority (critical "
        f"{w.weight_critical:g}, high {w.weight_high:g}, normal {w.weight_normal:g}, low "
        f"{w.weight_low:g}), then minimises the total cost."
    )


def _days(d: date | None, today: date) -> float:
    return float((d - today).days) if d is not None else math.nan


class PairFeatures:
    """Per-request and per-pledge arrays feeding `unit_cost`, built once per (category, unit).

    Twin and aimed relations are sparse; they are materialised per block of requests.
    """

    def __init__(
        self,
        demands: Sequence[Demand],
        supplies: Sequence[Supply],
        partnerships: Iterable[tuple[int, int]],
        today: date,
        weights: Weights,
    ) -> None:
        self.weights = weights
        self.demands = demands
        self.supplies = supplies
        nan = math.nan
        self.d_lat = np.array([nan if d.latitude is None else d.latitude for d in demands])
        self.d_lon = np.array([nan if d.longitude is None else d.longitude for d in demands])
        self.s_lat = np.array([nan if s.latitude is None else s.latitude for s in supplies])
        self.s_lon = np.array([nan if s.longitude is None else s.longitude for s in supplies])
        self.rank = np.array([_PRIORITY_RANK[d.priority] for d in demands], dtype=np.intp)
        self.need = np.array([_days(d.needed_by, today) for d in demands])
        self.avail = np.array([_days(s.available_from, today) for s in supplies])
        cols_by_partner: dict[int, list[int]] = defaultdict(list)
        for j, s in enumerate(supplies):
            cols_by_partner[s.partner_id].append(j)
        partners_by_community: dict[int, list[int]] = defaultdict(list)
        for community_id, partner_id in sorted(set(partnerships)):
            partners_by_community[community_id].append(partner_id)
        self._twin_cols: list[np.ndarray | None] = []
        for d in demands:
            cols = [
                j for p in partners_by_community.get(d.community_id, ()) for j in cols_by_partner[p]
            ]
            self._twin_cols.append(np.array(cols, dtype=np.intp) if cols else None)
        row_by_request = {d.request_id: i for i, d in enumerate(demands)}
        self._aimed: list[tuple[int, int]] = [
            (row_by_request[s.request_id], j)
            for j, s in enumerate(supplies)
            if s.request_id is not None and s.request_id in row_by_request
        ]

    def relations(self, i0: int, i1: int) -> tuple[np.ndarray, np.ndarray]:
        """Boolean (twin, aimed) matrices for requests i0:i1 × all pledges."""
        m = len(self.supplies)
        twin = np.zeros((i1 - i0, m), dtype=bool)
        for i in range(i0, i1):
            cols = self._twin_cols[i]
            if cols is not None:
                twin[i - i0, cols] = True
        aimed = np.zeros((i1 - i0, m), dtype=bool)
        for i, j in self._aimed:
            if i0 <= i < i1:
                aimed[i - i0, j] = True
        return twin, aimed

    def distances(self, i0: int, i1: int) -> np.ndarray:
        """Great-circle km (NaN where not geocoded) for requests i0:i1 × all pledges."""
        return distance_matrix_km(self.d_lat[i0:i1], self.d_lon[i0:i1], self.s_lat, self.s_lon)

    def costs(self, i0: int, i1: int) -> np.ndarray:
        """`unit_cost` for requests i0:i1 × all pledges (great-circle distances)."""
        twin, aimed = self.relations(i0, i1)
        return unit_cost(
            self.distances(i0, i1),
            priority_rank=self.rank[i0:i1, None],
            days_until_needed=self.need[i0:i1, None],
            days_until_available=self.avail[None, :],
            twin=twin,
            aimed=aimed,
            weights=self.weights,
        )


def _geodesic(a: tuple[float, float] | None, b: tuple[float, float] | None) -> float | None:
    if a is None or b is None:
        return None
    return distance_km(a, b)


def _is_twin(demand: Demand, supply: Supply, partnerships: Iterable[tuple[int, int]]) -> bool:
    pairs = partnerships if isinstance(partnerships, set | frozenset) else set(partnerships)
    return (demand.community_id, supply.partner_id) in pairs


def pair_cost(
    demand: Demand,
    supply: Supply,
    partnerships: Iterable[tuple[int, int]],
    today: date,
    weights: Weights = DEFAULT_WEIGHTS,
    distance: float | None = None,
) -> float:
    """`unit_cost` of one pair; ``distance`` defaults to the geodesic km (None = unknown)."""
    if distance is None:
        distance = _geodesic(supply.point, demand.point)
    return float(
        unit_cost(
            math.nan if distance is None else distance,
            priority_rank=_PRIORITY_RANK[demand.priority],
            days_until_needed=_days(demand.needed_by, today),
            days_until_available=_days(supply.available_from, today),
            twin=_is_twin(demand, supply, partnerships),
            aimed=supply.request_id is not None and supply.request_id == demand.request_id,
            weights=weights,
        )
    )


def score_from_cost(cost: float, weights: Weights = DEFAULT_WEIGHTS) -> float:
    """0–100, higher is better, strictly decreasing in cost (logistic), rounded to 0.1."""
    z = (cost - weights.score_midpoint) / weights.score_spread
    value = 0.0 if z > 700 else 100.0 / (1.0 + math.exp(z))
    return round(value, 1)


def reason_parts(
    demand: Demand,
    supply: Supply,
    distance: float | None,
    partnerships: Iterable[tuple[int, int]],
    today: date,
    weights: Weights = DEFAULT_WEIGHTS,
    *,
    with_priority: bool = False,
) -> list[ReasonPart]:
    """Why this pair: structured (code, params) parts, rendered by `reason_text`."""
    parts: list[ReasonPart] = []
    if supply.request_id is not None and supply.request_id == demand.request_id:
        parts.append(("aimed", {}))
    if _is_twin(demand, supply, partnerships):
        parts.append(("twin_city", {}))
    if with_priority and demand.priority in ("critical", "high"):
        parts.append(("priority", {"priority": demand.priority}))
    if distance is None:
        parts.append(("distance_unknown", {"assumed_km": weights.unknown_distance_km}))
    else:
        parts.append(("distance", {"km": round(distance, 1)}))
    ready = max(supply.available_from or today, today)
    if demand.needed_by is None:
        if ready > today:
            parts.append(("available_in", {"days": (ready - today).days}))
    elif demand.needed_by < today:
        parts.append(("overdue", {"days": (today - demand.needed_by).days}))
        if ready > today:
            parts.append(("available_in", {"days": (ready - today).days}))
    else:
        slack = (demand.needed_by - ready).days
        if slack > 0:
            parts.append(("available_before", {"days": slack}))
        elif slack == 0:
            parts.append(("available_on_day", {}))
        else:
            parts.append(("available_late", {"days": -slack}))
    return parts


def _days_text(n: int) -> str:
    return f"{n} day" if n == 1 else f"{n} days"


_TEMPLATES: Mapping[str, Any] = {
    "aimed": lambda p: "pledged for this request",
    "twin_city": lambda p: "twin city",
    "priority": lambda p: f"{p['priority']} priority",
    "distance": lambda p: f"{round(p['km']):,} km",
    "distance_unknown": lambda p: f"location unknown (counted as {round(p['assumed_km']):,} km)",
    "available_in": lambda p: f"available in {_days_text(p['days'])}",
    "overdue": lambda p: f"needed {_days_text(p['days'])} ago",
    "available_before": lambda p: f"available {_days_text(p['days'])} before needed",
    "available_on_day": lambda p: "available on the day needed",
    "available_late": lambda p: f"available {_days_text(p['days'])} after needed",
}


def reason_text(parts: Sequence[ReasonPart]) -> str:
    """English rendering, e.g. "twin city, 1,448 km, available 5 days before needed"."""
    return ", ".join(_TEMPLATES[code](params) for code, params in parts)


@dataclass(frozen=True)
class Suggestion:
    pledge_id: int
    score: float
    distance_km: float | None
    quantity_available: int
    cost: float
    reason: str
    reason_parts: list[ReasonPart] = field(default_factory=list)


def feasible(demand: Demand, supply: Supply) -> bool:
    """Only the same category and the same unit can be paired."""
    return demand.category == supply.category and demand.unit == supply.unit


def suggest(
    demand: Demand,
    supplies: Iterable[Supply],
    partnerships: Iterable[tuple[int, int]],
    today: date,
    weights: Weights = DEFAULT_WEIGHTS,
    *,
    limit: int | None = None,
) -> list[Suggestion]:
    """Pledges that could serve ``demand``, best (lowest `unit_cost`) first, ties by pledge_id.

    Distances are geodesic (geopy) and rounded to 0.1 km; ``distance_km`` is None when either
    end is not geocoded.
    """
    pairs = set(partnerships)
    scored: list[tuple[float, int, Suggestion]] = []
    for supply in supplies:
        if not feasible(demand, supply):
            continue
        dist = _geodesic(supply.point, demand.point)
        cost = pair_cost(demand, supply, pairs, today, weights, distance=dist)
        parts = reason_parts(demand, supply, dist, pairs, today, weights)
        suggestion = Suggestion(
            pledge_id=supply.pledge_id,
            score=score_from_cost(cost, weights),
            distance_km=None if dist is None else round(dist, 1),
            quantity_available=supply.quantity_available,
            cost=round(cost, 3),
            reason=reason_text(parts),
            reason_parts=parts,
        )
        scored.append((cost, supply.pledge_id, suggestion))
    scored.sort(key=lambda t: (t[0], t[1]))
    result = [s for _, _, s in scored]
    return result if limit is None else result[:limit]
