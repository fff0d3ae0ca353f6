"""The optimal plan on hand-made cases from the seeds, determinism, backends, baseline."""

from __future__ import annotations

import random

import pytest

from tracker.matching import Plan, greedy_plan, plan, solver

BACKENDS = ["highs", "network"]


def pairs(p: Plan) -> list[tuple[int, int, int]]:
    return [(a.request_id, a.pledge_id, a.quantity) for a in p.allocations]


@pytest.mark.parametrize("backend", BACKENDS)
def test_twin_city_pledge_goes_to_its_twin(demand, supply, partnerships, today, backend) -> None:
    # Lviv is ~460 km nearer to Jena than Brovary is, but Brovary is Jena's twin.
    result = plan(
        [demand(1, "Brovary"), demand(2, "Lviv")],
        [supply(10, "Jena")],
        partnerships,
        today,
        backend=backend,
    )
    assert pairs(result) == [(1, 10, 1)]
    alloc = result.allocations[0]
    assert alloc.reason == "twin city, 1,353 km, available 30 days before needed"
    assert alloc.distance_km == pytest.approx(1353.2, abs=0.05)
    assert result.total_distance_km == alloc.distance_km


@pytest.mark.parametrize("backend", BACKENDS)
def test_aimed_pledge_goes_to_its_request(demand, supply, partnerships, today, backend) -> None:
    # Kalmar is Poltava's twin, but this pledge was made for the Lviv request.
    result = plan(
        [demand(1, "Poltava"), demand(2, "Lviv")],
        [supply(10, "Kalmar", request_id=2)],
        partnerships,
        today,
        backend=backend,
    )
    assert pairs(result) == [(2, 10, 1)]
    assert result.allocations[0].reason_parts[0] == ("aimed", {})


@pytest.mark.parametrize("backend", BACKENDS)
def test_critical_served_before_low_when_short(
    demand, supply, partnerships, today, backend
) -> None:
    # Two units only: the critical far request gets them although the low one is a twin.
    result = plan(
        [
            demand(1, "Brovary", 2, priority="low"),
            demand(2, "Kherson", 2, priority="critical"),
        ],
        [supply(10, "Jena", 2)],
        partnerships,
        today,
        backend=backend,
    )
    assert pairs(result) == [(2, 10, 2)]
    assert result.weighted_fulfilled == 16.0
    assert "critical priority" in result.allocations[0].reason


def test_surplus_serves_everyone_and_prefers_twins(demand, supply, partnerships, today) -> None:
    result = plan(
        [demand(1, "Brovary", 3), demand(2, "Poltava", 2)],
        [supply(10, "Jena", 3), supply(11, "Kalmar", 2), supply(12, "Kraków", 5)],
        partnerships,
        today,
    )
    assert pairs(result) == [(1, 10, 3), (2, 11, 2)]
    assert result.fulfilled_quantity == 5


def test_category_and_unit_mismatch_never_paired(demand, supply, partnerships, today) -> None:
    result = plan(
        [demand(1, "Brovary", 5), demand(2, "Lviv", 5, unit="set")],
        [
            supply(10, "Jena", 5, category="heating"),
            supply(11, "Jena", 5, unit="box"),
            supply(12, "Kraków", 1),
        ],
        partnerships,
        today,
    )
    assert pairs(result) == [(1, 12, 1)]
    assert [(g.category, g.unit) for g in result.groups] == [("generator", "pcs")]


def test_late_pledge_used_only_when_needed(demand, supply, partnerships, today) -> None:
    result = plan(
        [demand(1, "Lviv", 1, needed_in=10)],
        [supply(10, "Kraków", available_in=40), supply(11, "Kraków", available_in=5)],
        partnerships,
        today,
    )
    assert pairs(result) == [(1, 11, 1)]


def test_split_across_pledges_and_requests(demand, supply, partnerships, today) -> None:
    result = plan(
        [demand(1, "Brovary", 4), demand(2, "Poltava", 3, priority="high")],
        [supply(10, "Jena", 2), supply(11, "Kalmar", 2), supply(12, "Kraków", 2)],
        partnerships,
        today,
    )
    # 6 units for 7 wanted: Poltava (high) in full, Brovary gets 3.
    assert result.fulfilled_quantity == 6
    assert result.weighted_fulfilled == 3 * 4 + 3 * 2
    served = {}
    for a in result.allocations:
        served[a.request_id] = served.get(a.request_id, 0) + a.quantity
    assert served == {1: 3, 2: 3}
    assert (1, 10, 2) in pairs(result) and (2, 11, 2) in pairs(result)


def _instance(demand, supply):
    places = ["Brovary", "Poltava", "Lviv", "Kherson"]
    partners = ["Jena", "Erlangen", "Kalmar", "Kraków", "Umeå"]
    rng = random.Random(7)
    demands = [
        demand(
            i,
            rng.choice(places),
            rng.randint(1, 6),
            category=rng.choice(["generator", "heating"]),
            priority=rng.choice(["critical", "high", "normal", "low"]),
            needed_in=rng.choice([None, -3, 5, 20, 60]),
        )
        for i in range(1, 41)
    ]
    supplies = [
        supply(
            100 + j,
            rng.choice(partners),
            rng.randint(1, 6),
            category=rng.choice(["generator", "heating"]),
            available_in=rng.choice([None, 0, 10, 30]),
            request_id=rng.choice([None, None, None, rng.randint(1, 40)]),
        )
        for j in range(1, 36)
    ]
    return demands, supplies


def test_deterministic_and_order_independent(demand, supply, partnerships, today) -> None:
    demands, supplies = _instance(demand, supply)
    first = plan(demands, supplies, partnerships, today)
    assert plan(demands, supplies, partnerships, today) == first
    rng = random.Random(1)
    for _ in range(3):
        d2, s2 = demands[:], supplies[:]
        rng.shuffle(d2)
        rng.shuffle(s2)
        assert plan(d2, s2, partnerships, today) == first
    keys = [(a.request_id, a.pledge_id) for a in first.allocations]
    assert keys == sorted(keys)


@pytest.mark.parametrize("backend", BACKENDS)
def test_column_generation_matches_dense(demand, supply, partnerships, today, backend) -> None:
    demands, supplies = _instance(demand, supply)
    dense = plan(demands, supplies, partnerships, today, backend=backend)
    sparse = plan(
        demands, supplies, partnerships, today, backend=backend, candidates=1, dense_limit=0
    )
    assert sparse.weighted_fulfilled == dense.weighted_fulfilled
    # The network backend works on costs rounded to 1e-5: optimal within 1e-5 per unit.
    slack = 1e-5 * dense.fulfilled_quantity + 1e-6
    assert sparse.total_cost == pytest.approx(dense.total_cost, abs=slack)
    assert any(g.iterations > 1 for g in sparse.groups)
    for g in sparse.groups:
        assert g.lower_bound is not None and g.lower_bound <= g.cost + 1e-6
        assert g.cost - g.lower_bound <= 1e-5 * g.fulfilled + 1e-6


@pytest.mark.parametrize("backend", BACKENDS)
def test_only_negative_costs(demand, supply, partnerships, today, backend) -> None:
    # A twin pledge next door for a critical request costs far below zero; POT's simplex
    # fails on negative costs unless they are shifted.
    result = plan(
        [demand(1, "Brovary", priority="critical")],
        [supply(10, "Jena")],
        partnerships,
        today,
        backend=backend,
    )
    assert pairs(result) == [(1, 10, 1)]
    assert result.total_cost < 0
    assert result.lower_bound is not None and result.lower_bound <= result.total_cost


def _large_group(demand, supply):
    """One (category, unit) group of 90 × 80, short of supply, with ties and aimed pledges."""
    places = ["Brovary", "Poltava", "Lviv", "Kherson"]
    partners = ["Jena", "Erlangen", "Kalmar", "Kraków", "Umeå"]
    rng = random.Random(11)
    demands = [
        demand(
            i,
            rng.choice(places),
            rng.randint(1, 9),
            priority=rng.choice(["critical", "high", "normal", "low"]),
            needed_in=rng.choice([None, -3, 5, 20, 60]),
            located=rng.random() > 0.05,
        )
        for i in range(1, 91)
    ]
    supplies = [
        supply(
            100 + j,
            rng.choice(partners),
            rng.randint(1, 8),
            available_in=rng.choice([None, 0, 10, 30]),
            request_id=rng.choice([None, None, None, rng.randint(1, 90)]),
        )
        for j in range(1, 81)
    ]
    return demands, supplies


@pytest.mark.parametrize("backend", BACKENDS)
def test_pricing_by_blocks_matches_dense(
    demand, supply, partnerships, today, backend, monkeypatch
) -> None:
    demands, supplies = _large_group(demand, supply)
    dense = plan(demands, supplies, partnerships, today, backend=backend)
    assert dense.groups[0].iterations == 1
    # Blocks of a few rows, and too many violating arcs to take them all.
    monkeypatch.setattr(solver, "_BLOCK_ELEMENTS", 200)
    picked: list[int] = []
    most_violating = solver._most_violating

    def spy(rows, cols, values, k):
        picked.append(rows.size)
        return most_violating(rows, cols, values, k)

    monkeypatch.setattr(solver, "_most_violating", spy)
    sparse = plan(
        demands, supplies, partnerships, today, backend=backend, candidates=1, dense_limit=0
    )
    assert picked, "the selection of the most violating arcs was not exercised"
    assert sparse.weighted_fulfilled == dense.weighted_fulfilled
    slack = 1e-5 * dense.fulfilled_quantity + 1e-6
    assert sparse.total_cost == pytest.approx(dense.total_cost, abs=slack)
    group = sparse.groups[0]
    assert group.iterations > 1 and group.arcs < 90 * 80
    assert group.lower_bound is not None
    assert 0 <= group.cost - group.lower_bound <= 1e-5 * group.fulfilled + 1e-6


def test_column_generation_deterministic(demand, supply, partnerships, today) -> None:
    demands, supplies = _large_group(demand, supply)
    first = plan(demands, supplies, partnerships, today, candidates=2, dense_limit=0)
    rng = random.Random(3)
    d2, s2 = demands[:], supplies[:]
    rng.shuffle(d2)
    rng.shuffle(s2)
    assert plan(d2, s2, partnerships, today, candidates=2, dense_limit=0) == first


def test_backends_agree(demand, supply, partnerships, today) -> None:
    demands, supplies = _instance(demand, supply)
    a = plan(demands, supplies, partnerships, today, backend="network")
    b = plan(demands, supplies, partnerships, today, backend="highs")
    assert a.weighted_fulfilled == b.weighted_fulfilled
    assert a.total_cost == pytest.approx(b.total_cost, abs=1e-5 * a.fulfilled_quantity + 1e-6)


def test_better_than_greedy_on_cost(demand, supply, partnerships, today) -> None:
    demands, supplies = _instance(demand, supply)
    best = plan(demands, supplies, partnerships, today)
    base = greedy_plan(demands, supplies, partnerships, today)
    assert best.weighted_fulfilled >= base.weighted_fulfilled
    assert best.total_cost <= base.total_cost + 1e-6
    assert base.method == "greedy" and base.lower_bound is None


def test_input_validation(demand, supply, partnerships, today) -> None:
    with pytest.raises(ValueError):
        plan([demand(1, "Lviv"), demand(1, "Lviv")], [], partnerships, today)
    with pytest.raises(ValueError):
        plan([demand(1, "Lviv")], [supply(1, "Jena"), supply(1, "Jena")], partnerships, today)
    with pytest.raises(ValueError):
        demand(1, "Lviv", 0)
    with pytest.raises(ValueError):
        plan([demand(1, "Lviv")], [supply(1, "Jena")], partnerships, today, backend="x")
    empty = plan([], [], partnerships, today)
    assert empty.allocations == [] and empty.fulfilled_quantity == 0
