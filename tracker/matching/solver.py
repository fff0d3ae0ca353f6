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
for the fully served ones and for the pledges when supply is short, ``≤`` rows otherwise.
Balanced by one dummy node (a request taking the unused supply, or a pledge topping up the
requests at the marginal level) it is a min-cost flow; its constraint matrix is totally
unimodular, so integral optima exist and both backends return one:

* ``network`` (default): the network simplex of POT (``ot.emd`` on a sparse cost matrix) on
  integer costs (the cost in 1e-5 units, rounded; coarser only for costs above 10,000). Flows
  and duals are integers, so optimality is checked exactly (primal cost = dual objective, no
  negative reduced cost); the plan is within ``fulfilled quantity × 1e-5`` of the float
  optimum, and ``lower_bound`` allows for that rounding.
* ``highs``: SciPy's HiGHS dual simplex on the LP; a vertex of a TU system is integral (checked,
  rounded, and ``scipy.optimize.milp`` on the same arcs as a guard). Much slower on big groups.

Every quantity rule is re-checked in integers before a plan is returned.

Scale: a dense group has |requests| × |pledges| arcs. Above ``dense_limit`` arcs we solve by
column generation: start from each request's and each pledge's ``candidates`` cheapest
partners plus a north-west-corner feasible flow, solve, take the duals ``y`` (requests) and
``z`` (pledges), price *every* arc of the group block by block (reduced cost
``c_rp − y_r − z_p``), add the most violating ones (``2 × candidates`` per request and per
pledge), repeat until none is left. The duals then prove optimality over the full arc set;
the Lagrangian bound ``Σ open·y + Σ avail·z + Σ_arcs min(0, reduced cost)·capacity`` is
reported per group as ``lower_bound`` so the optimality gap is certified, not assumed. The
group's cost matrix (float64, an int32 copy for the network backend) and a bool mask of the
arcs in the LP are its only dense arrays; pricing works on blocks of rows.
"""

from __future__ import annotations

import operator
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

import numpy as np

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

if TYPE_CHECKING:
    from scipy import sparse

__all__ = ["GroupStats", "Plan", "ProposedAllocation", "greedy_plan", "plan"]

# Elements per block of rows when building or pricing cost matrices (temporaries stay small).
_BLOCK_ELEMENTS = 1_000_000
# Network-solver costs are integers in 1e-5 cost units (1 cm at per_km = 1), coarser if
# needed to keep |cost| ≤ 1e9: they fit int32, and the solver's float64 duals (sums of at most
# |nodes| costs) stay exact integers. The network simplex takes no longer on finer units.
_COST_RESOLUTION = 1e5
_MAX_INT_COST = 1e9
_MAX_PIVOTS = 2**31 - 1  # POT stops at 100,000 pivots by default: too few for big groups
# Column generation adds the 2 × candidates most violating arcs of every request and pledge
# per round; after _ROUNDS_BEFORE_ALL rounds, every violating arc.
_ADDED_PER_CANDIDATE = 2
_ROUNDS_BEFORE_ALL = 30


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


def _row_blocks(n: int, m: int) -> Iterator[tuple[int, int]]:
    step = max(1, _BLOCK_ELEMENTS // max(m, 1))
    for i0 in range(0, n, step):
        yield i0, min(n, i0 + step)


def _cost_matrix(features: PairFeatures) -> np.ndarray:
    n, m = len(features.demands), len(features.supplies)
    out = np.empty((n, m), dtype=np.float64)
    for i0, i1 in _row_blocks(n, m):
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


def _k_smallest(values: np.ndarray, k: int, *groupings: np.ndarray) -> np.ndarray:
    """Mask of the entries among the k smallest values of their group, in any of the
    groupings (ties: the earlier entry first)."""
    by_value = np.argsort(values, kind="stable")
    keep = np.zeros(values.size, dtype=bool)
    for groups in groupings:
        key = groups[by_value]
        if key.max(initial=0) < 2**16:
            key = key.astype(np.uint16)  # radix sort
        order = by_value[np.argsort(key, kind="stable")]
        grouped = groups[order]
        starts = np.flatnonzero(np.r_[True, grouped[1:] != grouped[:-1]])
        rank = np.arange(order.size) - np.repeat(starts, np.diff(np.r_[starts, order.size]))
        keep[order[rank < k]] = True
    return keep


def _cheapest(work: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """Arcs among the k cheapest of their row or of their column, by blocks of rows."""
    n, m = work.shape
    rows, cols = [], []
    col_rows, col_cols, col_values = [], [], []
    for i0, i1 in _row_blocks(n, m):
        block = work[i0:i1]
        if m > k:
            best = np.argpartition(block, k - 1, axis=1)[:, :k]
            rows.append(np.repeat(np.arange(i0, i1), k))
            cols.append(best.ravel())
        else:
            rows.append(np.repeat(np.arange(i0, i1), m))
            cols.append(np.tile(np.arange(m), i1 - i0))
        # A column's k cheapest overall are among its k cheapest in each block.
        if i1 - i0 > k:  # (argpartition along contiguous rows of the transpose is faster)
            top = np.argpartition(np.ascontiguousarray(block.T), k - 1, axis=1)[:, :k].T
        else:
            top = np.broadcast_to(np.arange(i1 - i0)[:, None], block.shape)
        col_rows.append((top + i0).ravel())
        col_cols.append(np.broadcast_to(np.arange(m), top.shape).ravel())
        col_values.append(np.take_along_axis(block, top, axis=0).ravel())
    c_rows, c_cols = np.concatenate(col_rows), np.concatenate(col_cols)
    keep = _k_smallest(np.concatenate(col_values), k, c_cols)
    return np.concatenate([*rows, c_rows[keep]]), np.concatenate([*cols, c_cols[keep]])


@dataclass(frozen=True)
class _Duals:
    """Duals of the request rows (y) and pledge columns (z): arc (r, p) has reduced cost
    ``c_rp − y_r − z_p``. Signs are feasible: y ≤ 0 on ``≤`` rows, z ≤ 0 on ``≤`` columns."""

    rows: np.ndarray
    cols: np.ndarray


def _dot(a: np.ndarray, b: np.ndarray) -> float:
    """Dot product in Python numbers: exact for integers (no int64 overflow)."""
    return sum(map(operator.mul, a.tolist(), b.tolist()))


def _most_violating(
    rows: np.ndarray, cols: np.ndarray, values: np.ndarray, k: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The arcs among the k smallest values of their row or of their column."""
    keep = _k_smallest(values, k, rows, cols)
    return rows[keep], cols[keep], values[keep]


class _Stage2:
    """The stage-2 transportation problem over a growing set of arcs.

    ``costs`` are the cost model's figures; ``work`` is what the solver optimises (rounded
    integer costs for the network backend, ``costs`` itself for HiGHS).
    """

    def __init__(
        self,
        costs: np.ndarray,
        work: np.ndarray,
        row_b: np.ndarray,
        row_eq: np.ndarray,
        col_b: np.ndarray,
        col_eq: bool,
    ) -> None:
        self.costs = costs
        self.work = work
        self.n, self.m = costs.shape
        self.row_b = row_b
        self.row_eq = row_eq
        self.col_b = col_b
        self.col_eq = bool(col_eq)
        self.in_lp = np.zeros((self.n, self.m), dtype=bool)
        self.arcs = np.empty(0, dtype=np.intp)  # flat indices r·m + p, ascending

    @property
    def arc_i(self) -> np.ndarray:
        return self.arcs // self.m

    @property
    def arc_j(self) -> np.ndarray:
        return self.arcs % self.m

    def add(self, rows: np.ndarray, cols: np.ndarray) -> int:
        rows = np.asarray(rows, dtype=np.intp).ravel()
        cols = np.asarray(cols, dtype=np.intp).ravel()
        fresh = ~self.in_lp[rows, cols]
        if not fresh.any():
            return 0
        self.in_lp[rows[fresh], cols[fresh]] = True
        before = self.arcs.size
        self.arcs = np.flatnonzero(self.in_lp)
        return int(self.arcs.size - before)

    def add_initial(self, candidates: int, dense_limit: int) -> None:
        """Every arc when the group is small, else the cheapest ones plus a feasible flow."""
        n, m = self.n, self.m
        if n * m <= dense_limit:
            self.in_lp[:] = True
            self.arcs = np.arange(n * m)
            return
        self.add(*_cheapest(self.work, max(1, candidates)))
        self.add(*_north_west(self.row_b, self.col_b))

    def solve_network(self) -> tuple[np.ndarray, _Duals]:
        """POT's network simplex on the integer costs ``work``; exact integer duals."""
        # Imported when first needed: SciPy and POT take most of a second to import, which
        # the app's start and every CLI command would otherwise pay.
        import ot
        from scipy import sparse

        n, m = self.n, self.m
        arc_i, arc_j = self.arc_i, self.arc_j
        sources, sinks = [arc_j], [arc_i]
        arc_costs = self.work.ravel()[self.arcs].astype(np.int64)
        # POT's simplex can fail on negative costs (its artificial arcs are priced from the
        # largest cost). Every plan ships the same real quantity, so a common shift of the
        # real arcs changes no choice; the duals are shifted back below.
        shift = max(0, -int(arc_costs.min(initial=0)))
        supply = self.col_b.astype(np.float64)
        demand = self.row_b.astype(np.float64)
        extra = int(self.col_b.sum() - self.row_b.sum())
        if extra > 0:  # surplus: a dummy request (index n) takes what is not shipped
            sources.append(np.arange(m))
            sinks.append(np.full(m, n))
            demand = np.append(demand, extra)
        elif extra < 0:  # shortage: a dummy pledge (index m) tops up the marginal requests
            marginal = np.flatnonzero(~self.row_eq)
            sources.append(np.full(marginal.size, m))
            sinks.append(marginal)
            supply = np.append(supply, -extra)
        dummy_arcs = sum(a.size for a in sources[1:])
        matrix = sparse.coo_array(
            (
                np.concatenate([arc_costs + shift, np.zeros(dummy_arcs, dtype=np.int64)]).astype(
                    np.float64
                ),
                (np.concatenate(sources), np.concatenate(sinks)),
            ),
            shape=(supply.size, demand.size),
        )
        flow, log = ot.emd(
            supply, demand, matrix, numItermax=_MAX_PIVOTS, log=True, center_dual=False
        )
        if log["result_code"] != 1:
            raise RuntimeError(f"network simplex failed: {log['warning']}")
        u = _integers(np.asarray(log["u"]), "duals")
        v = _integers(np.asarray(log["v"]), "duals")
        if extra > 0:
            y, z = v[:n] - v[n], u + v[n]
        elif extra < 0:
            y, z = v + u[m], u[:m] - u[m]
        else:
            y, z = v, u
        if self.col_eq:  # pledges are equalities: their duals absorb the shift
            z = z - shift
        else:  # all rows are equalities
            y = y - shift
        real = (flow.row < m) & (flow.col < n) & (flow.data > 0)
        keys = flow.col[real].astype(np.intp) * m + flow.row[real]
        at = np.searchsorted(self.arcs, keys)
        q = np.zeros(self.arcs.size)
        q[at] = _integers(flow.data[real], "flows")
        primal = _dot(arc_costs[at], q[at].astype(np.int64))
        if primal != _dot(self.row_b, y) + _dot(self.col_b, z):
            raise RuntimeError("network simplex: primal cost differs from the dual objective")
        return q, _Duals(rows=y, cols=z)

    def solve_lp(self) -> tuple[np.ndarray, _Duals]:
        """HiGHS dual simplex on the transportation LP; duals from its marginals."""
        from scipy import sparse
        from scipy.optimize import linprog

        k = self.arcs.size
        arc_i, arc_j = self.arc_i, self.arc_j
        arcs = np.arange(k)
        a = sparse.csr_matrix(
            (
                np.ones(2 * k),
                (np.concatenate([arc_i, self.n + arc_j]), np.concatenate([arcs, arcs])),
            ),
            shape=(self.n + self.m, k),
        )
        is_eq = np.concatenate([self.row_eq, np.full(self.m, self.col_eq)])
        b = np.concatenate([self.row_b, self.col_b]).astype(np.float64)
        eq, ub = np.flatnonzero(is_eq), np.flatnonzero(~is_eq)
        c = self.costs.ravel()[self.arcs]
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
        y[ub] = np.minimum(y[ub], 0.0)  # a Lagrangian bound needs feasible signs
        x = np.asarray(res.x)
        q = np.rint(x)
        if np.abs(x - q).max(initial=0.0) > 1e-6:
            # Cannot happen for a vertex of a totally unimodular system; kept as a guard.
            q = np.rint(self._solve_milp(a, b, eq))
        return q, _Duals(rows=y[: self.n], cols=y[self.n :])

    def _solve_milp(self, a: sparse.csr_matrix, b: np.ndarray, eq: np.ndarray) -> np.ndarray:
        from scipy.optimize import Bounds, LinearConstraint, milp

        lower = np.zeros(b.size)
        lower[eq] = b[eq]
        res = milp(
            self.costs.ravel()[self.arcs],
            constraints=LinearConstraint(a, lower, b),
            integrality=np.ones(self.arcs.size),
            bounds=Bounds(0, np.inf),
        )
        if res.status != 0:
            raise RuntimeError(f"transportation MILP failed: {res.message}")
        return np.asarray(res.x)

    def _reduced(self, i0: int, i1: int, duals: _Duals, out: np.ndarray) -> np.ndarray:
        """Reduced costs of rows i0:i1 (all pledges) into ``out``."""
        block = out[: (i1 - i0) * self.m].reshape(i1 - i0, self.m)
        np.subtract(self.work[i0:i1], duals.rows[i0:i1, None], out=block)
        block -= duals.cols[None, :]
        return block

    def _buffer(self, duals: _Duals) -> np.ndarray:
        dtype = np.result_type(self.work, duals.rows, duals.cols)
        return np.empty(min(self.n * self.m, max(self.m, _BLOCK_ELEMENTS)), dtype=dtype)

    def price(self, duals: _Duals, tol: float, k: int | None) -> tuple[np.ndarray, np.ndarray]:
        """Arcs outside the LP with reduced cost below ``-tol``, by blocks of rows: all of them
        when ``k`` is None or they are few (``k`` per row and column on average), else the
        ``k`` most violating ones of every row and every column."""
        n, m = self.n, self.m
        buf = self._buffer(duals)
        limit = None if k is None else k * (n + m)
        count = 0
        every: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []  # up to `limit` arcs
        best: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
        for i0, i1 in _row_blocks(n, m):
            reduced = self._reduced(i0, i1, duals, buf)
            viol = reduced < -tol
            np.greater(viol, self.in_lp[i0:i1], out=viol)  # and not in the LP
            vi, vj = np.nonzero(viol)
            if vi.size == 0:
                continue
            every.append((vi + i0, vj, reduced[vi, vj]))
            count += vi.size
            if k is not None and count > limit:
                # Keep each block's best: a superset of the final choice, since a row lies
                # in one block and a column's k best are among its k best in each block.
                best.extend(_most_violating(*found, k) for found in every)
                every = []
        if k is None or count <= limit:
            if not every:
                return np.empty(0, dtype=np.intp), np.empty(0, dtype=np.intp)
            return np.concatenate([e[0] for e in every]), np.concatenate([e[1] for e in every])
        if len(best) == 1:
            return best[0][0], best[0][1]
        rows, cols, values = (np.concatenate([b[a] for b in best]) for a in range(3))
        rows, cols, _ = _most_violating(rows, cols, values, k)
        return rows, cols

    def lower_bound(self, duals: _Duals) -> float:
        """Lagrangian bound ``Σ open·y + Σ avail·z + Σ_arcs min(0, reduced)·capacity``: valid
        for any duals of feasible sign, equal to the optimum for optimal ones."""
        buf = self._buffer(duals)
        term = 0.0
        for i0, i1 in _row_blocks(self.n, self.m):
            reduced = self._reduced(i0, i1, duals, buf)
            neg_i, neg_j = np.nonzero(reduced < 0)
            caps = np.minimum(self.row_b[i0 + neg_i], self.col_b[neg_j])
            term += float(reduced[neg_i, neg_j].astype(np.float64) @ caps)
        return float(_dot(self.row_b, duals.rows) + _dot(self.col_b, duals.cols)) + term

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


def _integers(x: np.ndarray, what: str) -> np.ndarray:
    """``x`` as int64, which it must already be up to float noise."""
    r = np.rint(x)
    if np.abs(x - r).max(initial=0.0) > 1e-6:
        raise RuntimeError(f"network simplex returned non-integral {what}")
    return r.astype(np.int64)


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
    n, m = costs.shape
    cmax = max(1.0, float(costs.max()), -float(costs.min()))
    if backend == "network":
        scale = min(_COST_RESOLUTION, _MAX_INT_COST / cmax)
        work = np.empty((n, m), dtype=np.int32)
        for i0, i1 in _row_blocks(n, m):
            work[i0:i1] = np.rint(costs[i0:i1] * scale)
        tol = 0.5  # reduced costs are integers
    else:
        scale, work, tol = 1.0, costs, 1e-7 * cmax
    stage = _Stage2(costs, work, opens[active], row_eq, avails, col_eq)
    stage.add_initial(candidates, dense_limit)
    k_add = _ADDED_PER_CANDIDATE * max(1, candidates)
    iterations = 0
    while True:
        q, duals = stage.solve_network() if backend == "network" else stage.solve_lp()
        iterations += 1
        rows, cols = stage.price(duals, tol, k_add if iterations < _ROUNDS_BEFORE_ALL else None)
        if not stage.add(rows, cols):
            break

    stage.check(q)
    fulfilled = int(q.sum())
    lower = stage.lower_bound(duals)
    if backend == "network":
        used = q > 0
        plan_cost = _dot(work.ravel()[stage.arcs[used]].astype(np.int64), q[used].astype(np.int64))
        if lower < plan_cost - 0.5:  # integer costs and duals: the bound must meet the cost
            raise RuntimeError("network simplex: optimality not certified")
        lower -= 0.5 * fulfilled  # costs were rounded to 1/scale
    lower /= scale
    flows: list[tuple[Demand, Supply, int, float]] = []
    arc_i, arc_j = stage.arc_i, stage.arc_j
    for a in np.flatnonzero(q > 0).tolist():
        i, j = int(arc_i[a]), int(arc_j[a])
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
        arcs=int(stage.arcs.size),
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
    candidates: int = 8,
    dense_limit: int = 20_000,
    backend: str = "network",
) -> Plan:
    """The optimal plan: max priority-weighted fulfilled quantity, then min total cost.

    Exact per (category, unit) group (see the module docstring for the argument). Same input
    in any order gives the same output; allocations are ordered by (request_id, pledge_id).
    ``candidates`` and ``dense_limit`` only tune the column generation: never the objective,
    though among equally good plans another one may be returned.
    ``backend``: "network" (POT's network simplex, fast) or "highs" (SciPy's HiGHS LP, much
    slower on large groups; an independent check in the tests).
    """
    if backend not in ("network", "highs"):
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
