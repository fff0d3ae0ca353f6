"""Organization and partnership rules."""

from __future__ import annotations

from sqlalchemy import func, or_
from sqlmodel import Session, select

from tracker.audit import service as audit
from tracker.auth.models import User
from tracker.db import write_transaction
from tracker.errors import N_, Conflict, Invalid, NotFound
from tracker.geo.locate import locate
from tracker.listing import contains_pattern, like_search
from tracker.orgs.models import (
    Organization,
    OrganizationCreate,
    OrganizationRead,
    Partnership,
    PartnershipCreate,
)
from tracker.vocab import OrgKind


def to_read(org: Organization) -> OrganizationRead:
    return OrganizationRead(
        **org.model_dump(exclude={"created_at"}),
        location_found=org.latitude is not None,
    )


def get(session: Session, org_id: int) -> Organization:
    org = session.get(Organization, org_id)
    if org is None:
        raise NotFound(N_("Organization %(organization)s does not exist."), organization=org_id)
    return org


def get_by_name(session: Session, name: str) -> Organization | None:
    return session.exec(
        select(Organization).where(func.lower(Organization.name) == name.strip().lower())
    ).first()


def get_of_kind(session: Session, org_id: int, kind: OrgKind, field: str) -> Organization:
    org = session.get(Organization, org_id)
    if org is None:
        raise Invalid(
            N_("Organization %(organization)s does not exist."), field, organization=org_id
        )
    if org.kind != kind:
        raise Invalid(
            N_("%(organization)s is a %(kind)s, not a %(expected)s."),
            field,
            organization=org.name,
            kind=org.kind,
            expected=kind.value,
        )
    return org


def create(session: Session, data: OrganizationCreate, actor: User | None) -> Organization:
    where = locate(data.place, data.latitude, data.longitude, data.country, katottg=data.katottg)
    with write_transaction(session):
        if get_by_name(session, data.name) is not None:
            raise Conflict(N_("An organization named %(name)s already exists."), name=data.name)
        org = Organization(
            name=data.name,
            kind=data.kind.value,
            country=data.country,
            place=data.place,
            latitude=where.latitude,
            longitude=where.longitude,
            admin1=where.admin1,
            **where.columns(),
            registration_number=data.registration_number,
            address=data.address,
            languages=data.languages,
            contact_email=data.contact_email or "",
        )
        session.add(org)
        session.flush()
        audit.record(session, actor, "organization", org.id, "create", after=audit.snapshot(org))
    return org


def list_organizations(
    session: Session, kind: OrgKind | None, q: str | None, limit: int, offset: int
) -> tuple[list[Organization], int]:
    query = select(Organization)
    if kind:
        query = query.where(Organization.kind == kind.value)
    if q:
        pattern = contains_pattern(q)
        query = query.where(
            or_(
                like_search(Organization.name, pattern),
                like_search(Organization.place, pattern),
            )
        )
    total = session.exec(select(func.count()).select_from(query.subquery())).one()
    rows = session.exec(query.order_by(Organization.name).offset(offset).limit(limit)).all()
    return list(rows), total


def create_partnership(
    session: Session, data: PartnershipCreate, actor: User | None
) -> Partnership:
    with write_transaction(session):
        get_of_kind(session, data.community_id, OrgKind.community, "community_id")
        get_of_kind(session, data.partner_id, OrgKind.partner, "partner_id")
        existing = session.exec(
            select(Partnership).where(
                Partnership.community_id == data.community_id,
                Partnership.partner_id == data.partner_id,
            )
        ).first()
        if existing is not None:
            raise Conflict(N_("These two organizations are already partners."))
        partnership = Partnership.model_validate(data)
        session.add(partnership)
        session.flush()
        audit.record(
            session,
            actor,
            "partnership",
            partnership.id,
            "create",
            after=audit.snapshot(partnership),
        )
    return partnership


def list_partnerships(
    session: Session, community_id: int | None, partner_id: int | None, limit: int, offset: int
) -> tuple[list[Partnership], int]:
    query = select(Partnership)
    if community_id:
        query = query.where(Partnership.community_id == community_id)
    if partner_id:
        query = query.where(Partnership.partner_id == partner_id)
    total = session.exec(select(func.count()).select_from(query.subquery())).one()
    rows = session.exec(query.order_by(Partnership.id).offset(offset).limit(limit)).all()
    return list(rows), total


def partner_pairs(session: Session) -> set[tuple[int, int]]:
    """Every (community_id, partner_id) twinning, for the matching cost model."""
    rows = session.exec(select(Partnership.community_id, Partnership.partner_id)).all()
    return {(c, p) for c, p in rows}


def partners_of(session: Session, community_id: int) -> list[int]:
    rows = session.exec(
        select(Partnership.partner_id).where(Partnership.community_id == community_id)
    ).all()
    return list(rows)


def communities_of(session: Session, partner_id: int) -> list[int]:
    rows = session.exec(
        select(Partnership.community_id).where(Partnership.partner_id == partner_id)
    ).all()
    return list(rows)
