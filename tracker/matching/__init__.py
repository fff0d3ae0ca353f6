"""Matching: the cost model, ranked suggestions for one request, and the optimal plan.

Pure functions; the lead's service loads open requests and pledges into `Demand`/`Supply`,
calls `suggest`/`plan`, and applies the result through the allocation service.
"""

from tracker.matching.core import (
    DEFAULT_WEIGHTS,
    PRIORITIES,
    Demand,
    ReasonPart,
    Suggestion,
    Supply,
    Weights,
    cost_model_text,
    feasible,
    pair_cost,
    reason_parts,
    reason_text,
    score_from_cost,
    suggest,
    unit_cost,
)
from tracker.matching.solver import GroupStats, Plan, ProposedAllocation, greedy_plan, plan

__all__ = [
    "DEFAULT_WEIGHTS",
    "PRIORITIES",
    "Demand",
    "GroupStats",
    "Plan",
    "ProposedAllocation",
    "ReasonPart",
    "Suggestion",
    "Supply",
    "Weights",
    "cost_model_text",
    "feasible",
    "greedy_plan",
    "pair_cost",
    "plan",
    "reason_parts",
    "reason_text",
    "score_from_cost",
    "suggest",
    "unit_cost",
]
