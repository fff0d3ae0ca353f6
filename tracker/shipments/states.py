"""The shipment state machine, exactly as the contract's table."""

from __future__ import annotations

from tracker.vocab import ShipmentStatus as S

# Moves a person can post as an event. `delivered` is reached only by filing a receipt.
EVENT_MOVES: dict[S, frozenset[S]] = {
    S.planned: frozenset({S.dispatched, S.cancelled}),
    S.dispatched: frozenset({S.in_transit, S.at_customs, S.arrived, S.lost, S.returned}),
    S.in_transit: frozenset({S.in_transit, S.at_customs, S.arrived, S.lost, S.returned}),
    S.at_customs: frozenset({S.in_transit, S.arrived, S.lost, S.returned}),
    S.arrived: frozenset(),
    S.delivered: frozenset(),
    S.cancelled: frozenset(),
    S.lost: frozenset(),
    S.returned: frozenset(),
}

# Every set of statuses the tracker reasons about lives here; other modules import them.
# On the road: left the sender, not yet arrived (a silent one may be stuck).
ON_THE_ROAD: frozenset[S] = frozenset({S.dispatched, S.in_transit, S.at_customs})
# A receipt may be signed (the dashboard's "to sign") while the goods are on their way.
RECEIVABLE: frozenset[S] = frozenset({*ON_THE_ROAD, S.arrived})
TO_SIGN: frozenset[S] = RECEIVABLE
# Planned or on its way: the goods have not reached the community yet.
NOT_YET_DELIVERED: frozenset[S] = frozenset({S.planned, *RECEIVABLE})
# Left the sender (counted as sent in reports), whether or not it has arrived.
SENT: frozenset[S] = frozenset({*RECEIVABLE, S.delivered})
# These hand the allocations back to their requests and pledges.
HANDS_BACK: frozenset[S] = frozenset({S.cancelled, S.lost, S.returned})
# Moves the sending partner may post for its own shipments (the rest are coordinators').
PARTNER_MOVES: frozenset[S] = frozenset({S.dispatched, S.in_transit, S.at_customs, S.arrived})


def can_move(current: S | str, target: S | str) -> bool:
    """True when an event may move a shipment from `current` to `target`."""
    return S(target) in EVENT_MOVES[S(current)]


def allowed_moves(current: S | str) -> list[S]:
    return sorted(EVENT_MOVES[S(current)], key=list(S).index)


def values(statuses: frozenset[S]) -> list[str]:
    """The statuses as stored strings, in the vocabulary's order (for SQL `IN`)."""
    return [s.value for s in S if s in statuses]
