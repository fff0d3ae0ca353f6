"""Geocoding with the caller's context: `near` an organization, a preferred country."""

from __future__ import annotations

from sqlmodel import Session

from tracker.geo import service as geo


def near_point(session: Session, organization_id: int | None) -> tuple[float, float] | None:
    """The stored point of an organization (404 when it does not exist), None without one."""
    if organization_id is None:
        return None
    from tracker.orgs import service as orgs

    org = orgs.get(session, organization_id)
    if org.latitude is None or org.longitude is None:
        return None
    return (org.latitude, org.longitude)


def resolve_for(
    session: Session, query: str, *, country: str | None = None, near: int | None = None
) -> geo.Resolved:
    return geo.resolve(
        query,
        limit=10,
        prefer_country=country.upper() if country else None,
        near=near_point(session, near),
    )
