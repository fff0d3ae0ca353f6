"""The contract's vocabulary: kinds, roles, categories, units, priorities and statuses.

Stored as plain strings (with CHECK constraints in the database) so that migrations stay
simple on SQLite and PostgreSQL; validated as these enums at the edges.
"""

from __future__ import annotations

from enum import StrEnum


class OrgKind(StrEnum):
    community = "community"
    partner = "partner"
    coordinator = "coordinator"


class Role(StrEnum):
    admin = "admin"
    coordinator = "coordinator"
    community = "community"
    partner = "partner"


class Category(StrEnum):
    generator = "generator"
    heating = "heating"
    medical_equipment = "medical_equipment"
    medical_supplies = "medical_supplies"
    vehicle = "vehicle"
    shelter = "shelter"
    water_sanitation = "water_sanitation"
    food = "food"
    clothing = "clothing"
    education = "education"
    it_equipment = "it_equipment"
    other = "other"


class Unit(StrEnum):
    pcs = "pcs"
    kg = "kg"
    t = "t"
    l = "l"  # noqa: E741 - the contract's name for litres
    m3 = "m3"
    box = "box"
    pallet = "pallet"
    set = "set"


class Priority(StrEnum):
    critical = "critical"
    high = "high"
    normal = "normal"
    low = "low"


class RequestStatus(StrEnum):
    open = "open"
    pledged = "pledged"
    fulfilled = "fulfilled"
    cancelled = "cancelled"


class PledgeStatus(StrEnum):
    offered = "offered"
    allocated = "allocated"
    withdrawn = "withdrawn"


class AllocationStatus(StrEnum):
    """`active` until shipped; `released` when handed back by a cancelled/lost/returned shipment."""

    active = "active"
    shipped = "shipped"
    delivered = "delivered"
    released = "released"


class ShipmentStatus(StrEnum):
    planned = "planned"
    dispatched = "dispatched"
    in_transit = "in_transit"
    at_customs = "at_customs"
    arrived = "arrived"
    delivered = "delivered"
    cancelled = "cancelled"
    lost = "lost"
    returned = "returned"


class Condition(StrEnum):
    good = "good"
    damaged = "damaged"
    missing = "missing"


def check_in(column: str, enum: type[StrEnum]) -> str:
    """SQL for a CHECK constraint that keeps `column` inside `enum`."""
    values = ", ".join(f"'{member.value}'" for member in enum)
    return f"{column} IN ({values})"
