"""The optimal plan (a transportation problem, solved exactly) and a greedy baseline.

Lexicographic objective, per (category, unit) — pairs across groups are infeasible, so the
groups are independent problems:

1. maximise the priority-weighted fulfilled quantity ``Σ weight(priority_r) · x_rp``;
2. among the plans that reach that maximum, minimise ``Σ unit_cost(r, p) · x_rp``.

Stage 1 in closed form. Inside a group every request can be served by every pledge (same
category and unit is the only feasibility rule), so a vector of served quantities ``q_r`` is
achievable iff ``0 ≤ q_r ≤ open_r`` and ``Σ q_r ≤ S`` (total supply). Maximising
``Σ w_r q_r`` over that set is a fractional knapsack with unit sizes: fill requests in
decreasing weight. Hence the optimal face is exactly: requests of weight above the marginal
level are served in full, those below get nothing, those at the marginal level share what is
left; when supply is short (S < D) every pledge is used in full (when S ≥ D every request is
served in full).

Stage 2 is therefore a *pure* transportation problem over the active requests — equality rows
for the fully served ones and for the pledges when supply is short, ``≤`` rows otherwise —
i.e. a min-cost flow (pledge → request → sink T). Its constraint matrix is totally unimodular,
so integral optima exist and both backends return one:

* ``ortools`` (default when installed): OR-tools' min-cost flow on integer costs (the cost in
  1e-3 units, rounded); flows are integers by construction. Exact for the rounded costs, so
  within ``0.001 × fulfilled quantity`` of the float optimum.
* ``highs``: SciPy's HiGHS dual simplex on the LP; a vertex of a TU system is integral (checked,
  rounded, and ``scipy.optimize.milp`` on the same arcs as a guard). Slower on big groups.

Every quantity rule is re-checked in integers before a plan is returned.

Scale: a dense group has |requests| × |pledges| arcs. Above ``dense_limit`` arcs we solve by
column generation: start from each request's and each pledge's ``candidates`` cheapest
partners plus a north-west-corner feasible flow, solve, take node potentials (HiGHS duals, or
Bellman-Ford shortest distances in the residual graph of the min-cost flow), price *every*
arc of the group (reduced cost ``c_rp + p(pledge) − p(request)``), add the violating ones,
repeat until none is left. The potentials then prove optimality over the full arc set; the
Lagrangian bound ``−Σ p(v)·supply(v) + Σ_arcs min(0, reduced cost)·capacity`` is reported per
group as ``lower_bound`` so the optimality gap is certified, not assumed.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

import numpy as np
from scipy import sparse
from scipy.optimize import Bounds, LinearConstraint, linprog, milp

from tracker.matching.core import (
    _PRIORITY_RANK,
    DEFAULT_WEIGHTS,
    Demand,
    PairFeatures,
    ReasonPart,
    Supply,
    Weights,
    _geodesic,
    reason_parts,
    reason_text,
)

__all__ = ["GroupStats", "Plan", "ProposedAllocation", "greedy_plan", "plan"]

# Rows per block when building cost matrices, so temporaries stay near 2M floats.
_BLOCK_ELEMENTS = 2_000_000
# Network-solver costs are integers in 1e-3 cost units (1 m at per_km = 1), coarser if
# needed to keep |cost| ≤ 1e9; fewer cost-scaling phases than finer units, same plans here.
_COST_RESOLUTION = 1e3
_MAX_INT_COST = 1e9


@dataclass(frozen=True)
class ProposedAllocation:
    request_id: int
    pledge_id: int
    quantity: int
    distance_km: float | None  # geodesic, 0.1 km; None when an end is not geocoded
    unit_cost: float  # the cost model's figure used by the solver (great-circle distance)
    cost: float  # unit_cost × quantity
    reason: str
    reason_parts: list[ReasonPart] = field(default_factory=list)


@dataclass(frozen=True)
class GroupStats:
    category: str
    unit: str
    requests: int
    pledges: int
    demand: int
    supply: int
    fulfilled: int
    weighted_fulfilled: float
    cost: float
    lower_bound: float | None  # certified lower bound on the stage-2 cost (None for greedy)
    arcs: int  # arcs in the last LP (or considered by greedy)
    iterations: int  # LP solves
    method: str  # "lp", "column-generation", "milp-fallback", "greedy", "none"


@dataclass(frozen=True)
class Plan:
    """A proposed set of allocations.

    ``total_distance_km`` is the sum over allocations of their geodesic ``distance_km`` —
    one trip per (request, pledge) pair, not weighted by quantity; pairs with an unknown
    location add nothing. ``weighted_fulfilled`` is the primary objective (maximised),
    ``total_cost`` the secondary one (minimised).
    """

    allocations: list[ProposedAllocation]
    fulfilled_quantity: int
    weighted_fulfilled: float
    total_cost: float
    total_distance_km: float
    groups: list[GroupStats]
    method: str  # "optimal" or "greedy"

    @property
    def lower_bound(self) -> float | None:
        """Certified lower bound on ``total_cost`` among primary-optimal plans."""
        if any(g.lower_bound is None for g in self.groups):
            return None
        return float(sum(g.lower_bound for g in self.groups if g.lower_bound is not None))


def _prepare(
    demands: Iterable[Demand], supplies: Iterable[Supply]
) -> dict[tuple[str, str], tuple[list[Demand], list[Supply]]]:
    """Sorted inputs grouped by (category, unit); groups lacking either side are dropped."""
    ds = sorted(demands, key=lambda d: d.request_id)
    ss = sorted(supplies, key=lambda s: s.pledge_id)
    if len({d.request_id for d in ds}) != len(ds):
        raise ValueError("duplicate request_id among demands")
    if len({s.pledge_id for s in ss}) != len(ss):
        raise ValueError("duplicate pledge_id among supplies")
    by_d: dict[tuple[str, str], list[Demand]] = defaultdict(list)
    by_s: dict[tuple[str, str], list[Supply]] = defaultdict(list)
    for d in ds:
        by_d[(d.category, d.unit)].append(d)
    for s in ss:
        by_s[(s.category, s.unit)].append(s)
    return {key: (by_d[key], by_s[key]) for key in sorted(by_d.keys() & by_s.keys())}


def _cost_matrix(features: PairFeatures) -> np.ndarray:
    n, m = len(features.demands), len(features.supplies)
    out = np.empty((n, m), dtype=np.float64)
    step = max(1, _BLOCK_ELEMENTS // max(m, 1))
    for i0 in range(0, n, step):
        i1 = min(n, i0 + step)
        out[i0:i1] = features.costs(i0, i1)
    return out


def _active_rows(
    opens: np.ndarray, weights_r: np.ndarray, supply: int
) -> tuple[np.ndarray, np.ndarray, bool]:
    """Stage 1: (active row indices, their equality flags, pledges-as-equalities)."""
    n = len(opens)
    if supply >= int(opens.sum()):
        return np.arange(n), np.ones(n, dtype=bool), False
    state = np.full(n, -1, dtype=np.int8)  # -1 unserved, 0 marginal (≤), 1 full (=)
    left = supply
    for level in sorted(set(weights_r.tolist()), reverse=True):
        mask = weights_r == level
        total = int(opens[mask].sum())
        if total <= left:
            state[mask] = 1
            left -= total
        elif left > 0:
            state[mask] = 0
            left = 0
    active = np.flatnonzero(state >= 0)
    return active, state[active] == 1, True


def _north_west(row_b: np.ndarray, col_b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Arcs of a north-west-corner flow: full rows first, then as much as supply allows.

    Rows are already ordered with the equality ones first, so it is feasible for stage 2.
    """
    rows: list[int] = []
    cols: list[int] = []
    col_left = col_b.astype(np.int64).copy()
    j = 0
    m = len(col_b)
    for i, need in enumerate(row_b.tolist()):
        while need > 0 and j < m:
            take = min(need, int(col_left[j]))
            if take > 0:
                rows.append(i)
                cols.append(j)
                need -= take
                col_left[j] -= take
            if col_left[j] == 0:
                j += 1
        if j >= m:
            break
    return np.array(rows, dtype=np.intp), np.array(cols, dtype=np.intp)


def _smallest_k(matrix: np.ndarray, k: int, axis: int) -> np.ndarray:
    """Indices of the k smallest entries along ``axis`` (all of them if fewer)."""
    size = matrix.shape[axis]
    if k >= size:
        idx = np.arange(size)
        return np.broadcast_to(idx[None, :] if axis == 1 else idx[:, None], matrix.shape).copy()
    part = np.argpartition(matrix, k - 1, axis=axis)
    return part[:, :k] if axis == 1 else part[:k, :]


class _Stage2:
    """The stage-2 transportation problem over a growing set of arcs.

    Seen as a flow network: pledge j → request i (the arcs), request i → T for requests
    at the marginal level (capacity open_i), pledge j → T when supply exceeds demand
    (capacity avail_j). Node supplies: avail_j at pledges, −open_i at fully served requests,
    the balance at T.
    """

    def __init__(
        self,
        costs: np.ndarray,
        row_b: np.ndarray,
        row_eq: np.ndarray,
        col_b: np.ndarray,
        col_eq: bool,
    ) -> None:
        self.costs = costs
        self.n, self.m = costs.shape
        self.row_b = row_b
        self.row_eq = row_eq
        self.col_b = col_b
        self.col_eq = bool(col_eq)
        self.t_demand = int(col_b.sum() - row_b[row_eq].sum())
        self.in_lp = np.zeros((self.n, self.m), dtype=bool)
        self.arc_i = np.empty(0, dtype=np.intp)
        self.arc_j = np.empty(0, dtype=np.intp)

    def add(self, rows: np.ndarray, cols: np.ndarray) -> int:
        rows = np.asarray(rows, dtype=np.intp).ravel()
        cols = np.asarray(cols, dtype=np.intp).ravel()
        fresh = ~self.in_lp[rows, cols]
        rows, cols = rows[fresh], cols[fresh]
        if rows.size:
            flat = np.unique(rows * self.m + cols)
            rows, cols = flat // self.m, flat % self.m
            self.in_lp[rows, cols] = True
            self.arc_i = np.concatenate([self.arc_i, rows])
            self.arc_j = np.concatenate([self.arc_j, cols])
            order = np.lexsort((self.arc_j, self.arc_i))
            self.arc_i, self.arc_j = self.arc_i[order], self.arc_j[order]
        return int(rows.size)

    def solve_network(self, work: np.ndarray) -> tuple[np.ndarray, Potentials]:
        """OR-tools min-cost flow on integer costs ``work``; potentials by Bellman-Ford."""
        from ortools.graph.python import min_cost_flow

        n, m = self.n, self.m
        t = n + m
        marginal = np.flatnonzero(~self.row_eq)
        surplus = np.arange(m) if not self.col_eq else np.empty(0, dtype=np.intp)
        tails = np.concatenate([self.arc_j, m + marginal, surplus]).astype(np.int32)
        heads = np.concatenate([m + self.arc_i, np.full(marginal.size + surplus.size, t)]).astype(
            np.int32
        )
        caps = np.concatenate(
            [
                np.minimum(self.row_b[self.arc_i], self.col_b[self.arc_j]),
                self.row_b[marginal],
                self.col_b[surplus],
            ]
        ).astype(np.int64)
        arc_costs = np.concatenate(
            [work[self.arc_i, self.arc_j], np.zeros(marginal.size + surplus.size)]
        ).astype(np.int64)
        supplies = np.concatenate(
            [self.col_b, np.where(self.row_eq, -self.row_b, 0), [-self.t_demand]]
        ).astype(np.int64)
        flow = min_cost_flow.SimpleMinCostFlow()
        flow.add_arcs_with_capacity_and_unit_cost(tails, heads, caps, arc_costs)
        flow.set_nodes_supplies(np.arange(t + 1, dtype=np.int32), supplies)
        status = flow.solve()
        if status != flow.OPTIMAL:
            raise RuntimeError(f"min-cost flow failed: {status}")
        flows = np.asarray(flow.flows(np.arange(tails.size, dtype=np.int32)), dtype=np.int64)
        p = _bellman_ford(t + 1, tails, heads, arc_costs, caps, flows)
        q = flows[: self.arc_i.size].astype(np.float64)
        return q, Potentials(requests=p[m:t], pledges=p[:m], sink=int(p[t]))

    def solve_lp(self) -> tuple[np.ndarray, Potentials]:
        """HiGHS dual simplex on the transportation LP; potentials from its duals."""
        k = self.arc_i.size
        arcs = np.arange(k)
        a = sparse.csr_matrix(
            (
                np.ones(2 * k),
                (np.concatenate([self.arc_i, self.n + self.arc_j]), np.concatenate([arcs, arcs])),
            ),
            shape=(self.n + self.m, k),
        )
        is_eq = np.concatenate([self.row_eq, np.full(self.m, self.col_eq)])
        b = np.concatenate([self.row_b, self.col_b]).astype(np.float64)
        eq, ub = np.flatnonzero(is_eq), np.flatnonzero(~is_eq)
        c = self.costs[self.arc_i, self.arc_j]
        res = linprog(
            c,
            A_ub=a[ub] if ub.size else None,
            b_ub=b[ub] if ub.size else None,
            A_eq=a[eq] if eq.size else None,
            b_eq=b[eq] if eq.size else None,
            bounds=(0, None),
            method="highs-ds",
        )
        if res.status != 0:
            raise RuntimeError(f"transportation LP failed: {res.message}")
        y = np.zeros(self.n + self.m)
        if eq.size:
            y[eq] = res.eqlin.marginals
        if ub.size:
            y[ub] = res.ineqlin.marginals
        x = np.asarray(res.x)
        q = np.rint(x)
        if np.abs(x - q).max(initial=0.0) > 1e-6:
            # Cannot happen for a vertex of a totally unimodular system; kept as a guard.
            q = np.rint(self._solve_milp(a, b, eq))
        return q, Potentials(requests=y[: self.n], pledges=-y[self.n :], sink=0.0)

    def _solve_milp(self, a: sparse.csr_matrix, b: np.ndarray, eq: np.ndarray) -> np.ndarray:
        lower = np.zeros(b.size)
        lower[eq] = b[eq]
        res = milp(
            self.costs[self.arc_i, self.arc_j],
            constraints=LinearConstraint(a, lower, b),
            integrality=np.ones(self.arc_i.size),
            bounds=Bounds(0, np.inf),
        )
        if res.status != 0:
            raise RuntimeError(f"transportation MILP failed: {res.message}")
        return np.asarray(res.x)

    def lower_bound(self, work: np.ndarray, p: Potentials, reduced: np.ndarray) -> float:
        """Lagrangian bound −Σ p(v)·supply(v) + Σ_arcs min(0, reduced)·capacity (any p)."""
        bound = -(p.pledges @ self.col_b) + p.requests[self.row_eq] @ self.row_b[self.row_eq]
        bound += p.sink * self.t_demand
        neg_i, neg_j = np.nonzero(reduced < 0.0)
        caps = np.minimum(self.row_b[neg_i], self.col_b[neg_j])
        bound += reduced[neg_i, neg_j] @ caps
        marginal = ~self.row_eq
        bound += np.minimum(p.requests[marginal] - p.sink, 0.0) @ self.row_b[marginal]
        if not self.col_eq:
            bound += np.minimum(p.pledges - p.sink, 0.0) @ self.col_b
        return float(bound)

    def check(self, q: np.ndarray) -> None:
        """Every quantity rule, in integers; a broken one is a bug, never a result."""
        rows = np.bincount(self.arc_i, weights=q, minlength=self.n).astype(np.int64)
        cols = np.bincount(self.arc_j, weights=q, minlength=self.m).astype(np.int64)
        ok = (
            (q >= 0).all()
            and (rows <= self.row_b).all()
            and (rows[self.row_eq] == self.row_b[self.row_eq]).all()
            and (cols <= self.col_b).all()
            and (not self.col_eq or (cols == self.col_b).all())
        )
        if not ok:
            raise RuntimeError("stage-2 solution breaks a quantity rule")


@dataclass(frozen=True)
class Potentials:
    """Node potentials p: an arc a→b of cost w has reduced cost w + p(a) − p(b)."""

    requests: np.ndarray
    pledges: np.ndarray
    sink: float


def _bellman_ford(
    n_nodes: int,
    tails: np.ndarray,
    heads: np.ndarray,
    costs: np.ndarray,
    caps: np.ndarray,
    flows: np.ndarray,
) -> np.ndarray:
    """Shortest distances in the residual graph from a virtual root joined to every node.

    They are optimal potentials exactly when the flow is optimal (no negative cycle); a
    negative cycle would mean the solver's flow is not optimal, which is raised.
    """
    fwd = flows < caps
    bwd = flows > 0
    src = np.concatenate([tails[fwd], heads[bwd]]).astype(np.intp)
    dst = np.concatenate([heads[fwd], tails[bwd]]).astype(np.intp)
    w = np.concatenate([costs[fwd], -costs[bwd]])
    p = np.zeros(n_nodes, dtype=np.int64)
    for _ in range(n_nodes + 1):
        new = p.copy()
        np.minimum.at(new, dst, p[src] + w)
        if np.array_equal(new, p):
            return p
        p = new
    raise RuntimeError("residual graph has a negative cycle: the flow is not optimal")


def _have_ortools() -> bool:
    try:
        import ortools.graph.python.min_cost_flow  # noqa: F401
    except ImportError:
        return False
    return True


def _solve_group(
    demands: list[Demand],
    supplies: list[Supply],
    partnerships: set[tuple[int, int]],
    today: date,
    weights: Weights,
    candidates: int,
    dense_limit: int,
    backend: str,
) -> tuple[list[tuple[Demand, Supply, int, float]], GroupStats]:
    opens = np.array([d.quantity_open for d in demands], dtype=np.int64)
    avails = np.array([s.quantity_available for s in supplies], dtype=np.int64)
    w = np.array([weights.weight(d.priority) for d in demands], dtype=np.float64)
    supply = int(avails.sum())
    active, row_eq, col_eq = _active_rows(opens, w, supply)
    # Equality rows first (north-west start needs them first); keep request_id order inside.
    active = np.concatenate([active[row_eq], active[~row_eq]])
    row_eq = np.concatenate([row_eq[row_eq], row_eq[~row_eq]])
    act_demands = [demands[i] for i in active.tolist()]
    costs = _cost_matrix(PairFeatures(act_demands, supplies, partnerships, today, weights))
    stage = _Stage2(costs, opens[active], row_eq, avails, col_eq)
    n, m = costs.shape

    if n * m <= dense_limit:
        rows, cols = np.divmod(np.arange(n * m), m)
        stage.add(rows, cols)
    else:
        k = max(1, candidates)
        stage.add(np.repeat(np.arange(n), min(k, m)), _smallest_k(costs, k, axis=1))
        stage.add(_smallest_k(costs, k, axis=0), np.tile(np.arange(m), (min(k, n), 1)))
        stage.add(*_north_west(stage.row_b, stage.col_b))

    cmax = max(1.0, float(np.abs(costs).max(initial=0.0)))
    if backend == "ortools":
        # Integer costs for the network solver: resolution 1/scale, sums stay below 2**53.
        scale = min(_COST_RESOLUTION, _MAX_INT_COST / cmax)
        work = np.rint(costs * scale)
        tol = 0.5  # reduced costs are integers
    else:
        scale, work, tol = 1.0, costs, 1e-7 * cmax
    iterations = 0
    while True:
        if backend == "ortools":
            q, pot = stage.solve_network(work)
        else:
            q, pot = stage.solve_lp()
        iterations += 1
        reduced = work + pot.pledges[None, :] - pot.requests[:, None]
        violating = (reduced < -tol) & ~stage.in_lp
        if not violating.any():
            break
        k_add = max(1, candidates) if iterations < 30 else max(n, m)
        vi, vj = np.nonzero(violating)
        if vi.size > k_add * (n + m):
            # Too many to take all: the k most violating per row and per column.
            rows_v, cols_v = np.unique(vi), np.unique(vj)
            sub = np.where(violating, reduced, np.inf)
            per_row = _smallest_k(sub[rows_v], k_add, axis=1)
            per_col = _smallest_k(sub[:, cols_v], k_add, axis=0)
            vi = np.concatenate([np.repeat(rows_v, per_row.shape[1]), per_col.ravel()])
            vj = np.concatenate([per_row.ravel(), np.tile(cols_v, per_col.shape[0])])
            keep = violating[vi, vj]
            vi, vj = vi[keep], vj[keep]
        stage.add(vi, vj)

    stage.check(q)
    fulfilled = int(q.sum())
    lower = stage.lower_bound(work, pot, reduced) / scale
    if backend == "ortools":
        lower -= 0.5 * fulfilled / scale  # costs were rounded to 1/scale
    flows: list[tuple[Demand, Supply, int, float]] = []
    for a in np.flatnonzero(q > 0).tolist():
        i, j = int(stage.arc_i[a]), int(stage.arc_j[a])
        flows.append((act_demands[i], supplies[j], int(q[a]), float(costs[i, j])))
    stats = GroupStats(
        category=demands[0].category,
        unit=demands[0].unit,
        requests=len(demands),
        pledges=len(supplies),
        demand=int(opens.sum()),
        supply=supply,
        fulfilled=fulfilled,
        weighted_fulfilled=float(sum(weights.weight(f[0].priority) * f[2] for f in flows)),
        cost=float(sum(f[3] * f[2] for f in flows)),
        lower_bound=lower,
        arcs=int(stage.arc_i.size),
        iterations=iterations,
        method=backend,
    )
    return flows, stats


def _greedy_group(
    demands: list[Demand],
    supplies: list[Supply],
    partnerships: set[tuple[int, int]],
    today: date,
    weights: Weights,
) -> tuple[list[tuple[Demand, Supply, int, float]], GroupStats]:
    costs = _cost_matrix(PairFeatures(demands, supplies, partnerships, today, weights))
    left = np.array([s.quantity_available for s in supplies], dtype=np.int64)
    order = sorted(
        range(len(demands)),
        key=lambda i: (
            _PRIORITY_RANK[demands[i].priority],
            demands[i].needed_by or date.max,
            demands[i].request_id,
        ),
    )
    flows: list[tuple[Demand, Supply, int, float]] = []
    for i in order:
        if not left.any():
            break
        need = demands[i].quantity_open
        ranked = np.argsort(costs[i], kind="stable")  # ties: lower pledge_id first
        for j in ranked[left[ranked] > 0].tolist():
            take = min(need, int(left[j]))
            flows.append((demands[i], supplies[j], take, float(costs[i, j])))
            left[j] -= take
            need -= take
            if need == 0:
                break
    fulfilled = sum(f[2] for f in flows)
    stats = GroupStats(
        category=demands[0].category,
        unit=demands[0].unit,
        requests=len(demands),
        pledges=len(supplies),
        demand=sum(d.quantity_open for d in demands),
        supply=sum(s.quantity_available for s in supplies),
        fulfilled=fulfilled,
        weighted_fulfilled=float(sum(weights.weight(f[0].priority) * f[2] for f in flows)),
        cost=float(sum(f[3] * f[2] for f in flows)),
        lower_bound=None,
        arcs=costs.size,
        iterations=0,
        method="greedy",
    )
    return flows, stats


def _assemble(
    flows: list[tuple[Demand, Supply, int, float]],
    groups: list[GroupStats],
    partnerships: set[tuple[int, int]],
    today: date,
    weights: Weights,
    method: str,
) -> Plan:
    cache: dict[tuple[object, object], float | None] = {}
    allocations: list[ProposedAllocation] = []
    for demand, supply, quantity, unit in sorted(
        flows, key=lambda f: (f[0].request_id, f[1].pledge_id)
    ):
        key = (supply.point, demand.point)
        if key not in cache:
            cache[key] = _geodesic(supply.point, demand.point)
        dist = cache[key]
        parts = reason_parts(demand, supply, dist, partnerships, today, weights, with_priority=True)
        allocations.append(
            ProposedAllocation(
                request_id=demand.request_id,
                pledge_id=supply.pledge_id,
                quantity=quantity,
                distance_km=None if dist is None else round(dist, 1),
                unit_cost=round(unit, 6),
                cost=round(unit * quantity, 6),
                reason=reason_text(parts),
                reason_parts=parts,
            )
        )
    return Plan(
        allocations=allocations,
        fulfilled_quantity=sum(a.quantity for a in allocations),
        weighted_fulfilled=float(sum(g.weighted_fulfilled for g in groups)),
        total_cost=float(sum(g.cost for g in groups)),
        total_distance_km=round(
            sum(a.distance_km for a in allocations if a.distance_km is not None), 1
        ),
        groups=groups,
        method=method,
    )


def plan(
    demands: Sequence[Demand],
    supplies: Sequence[Supply],
    partnerships: Iterable[tuple[int, int]],
    today: date,
    weights: Weights = DEFAULT_WEIGHTS,
    *,
    candidates: int = 16,
    dense_limit: int = 20_000,
    backend: str = "auto",
) -> Plan:
    """The optimal plan: max priority-weighted fulfilled quantity, then min total cost.

    Exact per (category, unit) group (see the module docstring for the argument). Same input
    in any order gives the same output; allocations are ordered by (request_id, pledge_id).
    ``candidates`` and ``dense_limit`` only tune the column generation, never the result.
    ``backend``: "ortools" (network min-cost flow, fast), "highs" (SciPy's HiGHS LP, slower
    on large groups) or "auto" (OR-tools when installed).
    """
    if backend == "auto":
        backend = "ortools" if _have_ortools() else "highs"
    if backend not in ("ortools", "highs"):
        raise ValueError(f"unknown backend {backend!r}")
    pairs = set(partnerships)
    flows: list[tuple[Demand, Supply, int, float]] = []
    stats: list[GroupStats] = []
    for ds, ss in _prepare(demands, supplies).values():
        group_flows, group_stats = _solve_group(
            ds, ss, pairs, today, weights, candidates, dense_limit, backend
        )
        flows.extend(group_flows)
        stats.append(group_stats)
    return _assemble(flows, stats, pairs, today, weights, "optimal")


def greedy_plan(
    demands: Sequence[Demand],
    supplies: Sequence[Supply],
    partnerships: Iterable[tuple[int, int]],
    today: date,
    weights: Weights = DEFAULT_WEIGHTS,
) -> Plan:
    """Baseline for comparison only: requests by priority, then needed_by, then id; each
    takes the cheapest pledges (by the same cost model) with quantity left."""
    pairs = set(partnerships)
    flows: list[tuple[Demand, Supply, int, float]] = []
    stats: list[GroupStats] = []
    for ds, ss in _prepare(demands, supplies).values():
        group_flows, group_stats = _greedy_group(ds, ss, pairs, today, weights)
        flows.extend(group_flows)
        stats.append(group_stats)
    return _assemble(flows, stats, pairs, today, weights, "greedy")
