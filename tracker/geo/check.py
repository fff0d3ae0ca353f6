"""Places people typed that the tracker could not place: listed for coordinators to check.

A place that is not found, or that several places fit equally, is stored as typed without
coordinates; this is where it surfaces instead of being placed somewhere by guess.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func
from sqlmodel import Session, select

LIMIT = 20


@dataclass(frozen=True)
class PlaceToCheck:
    kind: str  # request | pledge | organization
    id: int
    typed: str
    url: str


@dataclass(frozen=True)
class PlacesToCheck:
    items: list[PlaceToCheck]
    total: int


def places_to_check(session: Session, limit: int = LIMIT) -> PlacesToCheck:
    """Open requests, pledges and organizations whose typed place has no coordinates."""
    from tracker.orgs.models import Organization
    from tracker.pledges.models import Pledge
    from tracker.requests.models import AidRequest
    from tracker.vocab import PledgeStatus, RequestStatus

    sources = (
        (
            "request",
            AidRequest,
            AidRequest.destination,
            AidRequest.status != RequestStatus.cancelled.value,
            "/requests/{}",
        ),
        (
            "pledge",
            Pledge,
            Pledge.origin,
            Pledge.status != PledgeStatus.withdrawn.value,
            "/pledges/{}",
        ),
        ("organization", Organization, Organization.place, Organization.place != "", None),
    )
    found: list[PlaceToCheck] = []
    total = 0
    for kind, model, text, open_, url in sources:
        where = (model.latitude.is_(None), open_)  # type: ignore[attr-defined]
        total += session.exec(select(func.count()).select_from(model).where(*where)).one()
        rows = session.exec(
            select(model.id, text).where(*where).order_by(model.id.desc()).limit(limit)  # type: ignore[attr-defined]
        ).all()
        found += [
            PlaceToCheck(kind, row[0], row[1], url.format(row[0]) if url else "") for row in rows
        ]
    return PlacesToCheck(found[:limit], total)
