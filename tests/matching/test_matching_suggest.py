"""The cost model and ranked suggestions for one request."""

from __future__ import annotations

import math

import numpy as np
import pytest

from tracker.matching import (
    Weights,
    cost_model_text,
    pair_cost,
    reason_text,
    score_from_cost,
    suggest,
    unit_cost,
)


def test_cost_grows_with_distance_and_lateness_and_falls_with_urgency() -> None:
    w = Weights()
    base = {"priority_rank": 2, "days_until_needed": 60.0, "days_until_available": 0.0}
    near = unit_cost(500.0, twin=False, aimed=False, weights=w, **base)
    far = unit_cost(1500.0, twin=False, aimed=False, weights=w, **base)
    assert far - near == pytest.approx(1000.0)
    late = unit_cost(
        500.0,
        twin=False,
        aimed=False,
        weights=w,
        priority_rank=2,
        days_until_needed=10.0,
        days_until_available=14.0,
    )
    on_time = unit_cost(
        500.0,
        twin=False,
        aimed=False,
        weights=w,
        priority_rank=2,
        days_until_needed=10.0,
        days_until_available=10.0,
    )
    assert late - on_time == pytest.approx(4 * w.late_penalty_per_day)
    soon = unit_cost(500.0, twin=False, aimed=False, weights=w, **{**base, "days_until_needed": 0})
    assert soon < near
    ranks = [
        float(unit_cost(500.0, twin=False, aimed=False, weights=w, **{**base, "priority_rank": r}))
        for r in range(4)
    ]
    assert ranks == sorted(ranks)  # critical cheapest, low dearest


def test_bonuses_and_unknown_distance() -> None:
    w = Weights()
    args = {"priority_rank": 2, "days_until_needed": math.nan, "days_until_available": math.nan}
    plain = float(unit_cost(1000.0, twin=False, aimed=False, weights=w, **args))
    twin = float(unit_cost(1000.0, twin=True, aimed=False, weights=w, **args))
    aimed = float(unit_cost(1000.0, twin=False, aimed=True, weights=w, **args))
    assert aimed < twin < plain
    unknown = float(unit_cost(math.nan, twin=False, aimed=False, weights=w, **args))
    assert unknown == pytest.approx(plain - 1000.0 + w.unknown_distance_km)


def test_unit_cost_broadcasts() -> None:
    out = unit_cost(
        np.array([[100.0, 200.0], [300.0, np.nan]]),
        priority_rank=np.array([[0], [3]]),
        days_until_needed=np.array([[5.0], [np.nan]]),
        days_until_available=np.array([[0.0, 20.0]]),
        twin=np.array([[True, False], [False, False]]),
        aimed=False,
        weights=Weights(),
    )
    assert out.shape == (2, 2)
    assert np.isfinite(out).all()


def test_weights_are_validated() -> None:
    with pytest.raises(ValueError):
        Weights(weight_low=0)
    with pytest.raises(ValueError):
        Weights(weight_critical=1, weight_low=2)


def test_suggest_orders_twin_first_and_explains(demand, supply, partnerships, today) -> None:
    brovary = demand(1, "Brovary", needed_in=10)
    pledges = [
        supply(10, "Kraków", available_in=2),  # nearer, not a twin
        supply(11, "Jena", available_in=5),  # twin city
        supply(12, "Kalmar", available_in=40),  # far and late
        supply(13, "Jena", category="heating"),  # other category
        supply(14, "Jena", unit="set"),  # other unit
    ]
    result = suggest(brovary, pledges, partnerships, today)
    assert [s.pledge_id for s in result] == [11, 10, 12]
    jena = result[0]
    assert jena.reason == "twin city, 1,353 km, available 5 days before needed"
    assert jena.reason_parts == [
        ("twin_city", {}),
        ("distance", {"km": 1353.2}),
        ("available_before", {"days": 5}),
    ]
    assert jena.distance_km == pytest.approx(1353.2, abs=0.05)
    assert result[2].reason.endswith("available 30 days after needed")
    scores = [s.score for s in result]
    assert all(0.0 <= s <= 100.0 for s in scores)
    assert scores == sorted(scores, reverse=True)
    assert suggest(brovary, pledges, partnerships, today, limit=1)[0].pledge_id == 11


def test_suggest_late_pledge_ranks_below_timely(demand, supply, partnerships, today) -> None:
    lviv = demand(1, "Lviv", needed_in=10)
    result = suggest(
        lviv,
        [supply(20, "Kraków", available_in=20), supply(21, "Kraków", available_in=5)],
        partnerships,
        today,
    )
    assert [s.pledge_id for s in result] == [21, 20]
    assert result[0].score > result[1].score
    assert "available 10 days after needed" in result[1].reason


def test_suggest_aimed_pledge_first_and_ties_by_id(demand, supply, partnerships, today) -> None:
    poltava = demand(7, "Poltava")
    pledges = [
        supply(33, "Kraków"),
        supply(32, "Kraków"),
        supply(31, "Kalmar"),  # twin city of Poltava
        supply(30, "Umeå", request_id=7),  # aimed at this request
    ]
    result = suggest(poltava, pledges, partnerships, today)
    assert [s.pledge_id for s in result] == [30, 31, 32, 33]
    assert result[0].reason.startswith("pledged for this request")
    assert result[2].score == result[3].score


def test_suggest_unknown_location(demand, supply, partnerships, today) -> None:
    lviv = demand(1, "Lviv", needed_in=None)
    result = suggest(lviv, [supply(5, "Jena", located=False, available_in=3)], partnerships, today)
    assert result[0].distance_km is None
    assert result[0].reason == "location unknown (counted as 2,500 km), available in 3 days"


def test_pair_cost_matches_suggestion(demand, supply, partnerships, today) -> None:
    d, s = demand(1, "Brovary"), supply(2, "Erlangen")
    result = suggest(d, [s], partnerships, today)
    assert result[0].cost == pytest.approx(pair_cost(d, s, partnerships, today), abs=1e-3)


def test_score_is_bounded_and_monotone() -> None:
    values = [score_from_cost(c) for c in (-1e9, -7000, 0, 1500, 3000, 1e9)]
    assert values[0] == 100.0 and values[-1] == 0.0
    assert values == sorted(values, reverse=True)
    assert score_from_cost(1500) == 50.0


def test_reason_texts() -> None:
    assert reason_text([("overdue", {"days": 1}), ("available_on_day", {})]) == (
        "needed 1 day ago, available on the day needed"
    )
    assert reason_text([("priority", {"priority": "critical"})]) == "critical priority"
    assert "twin city" in cost_model_text()
