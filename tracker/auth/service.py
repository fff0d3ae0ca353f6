"""Account rules: creating users and checking credentials."""

from __future__ import annotations

from sqlalchemy import bindparam, true
from sqlmodel import Session, select

from tracker.audit import service as audit
from tracker.auth.models import User, UserCreate
from tracker.auth.security import hash_password, verify_password
from tracker.db import write_transaction
from tracker.errors import N_, Conflict, Invalid, NotFound
from tracker.orgs.models import Organization
from tracker.vocab import OrgKind, Role

# Which kind of organization each role belongs to (admins and coordinators may have none).
_ROLE_ORG_KIND = {
    Role.community: OrgKind.community,
    Role.partner: OrgKind.partner,
    Role.coordinator: OrgKind.coordinator,
}


def get_by_email(session: Session, email: str) -> User | None:
    return session.exec(select(User).where(User.email == email.strip().lower())).first()


_ACTIVE_USER = select(*User.__table__.columns).where(  # type: ignore[attr-defined]
    User.id == bindparam("user_id"), User.is_active == true()
)


def active_user(session: Session, user_id: int) -> User | None:
    """The active account behind a token or session cookie, looked up on every call.

    Every API call pays for this, so it reads one row with Core and builds a detached `User`
    (no identity map): about half the cost of `session.get`. Looking it up each time means a
    disabled account stops working at once.
    """
    row = session.connection().execute(_ACTIVE_USER, {"user_id": user_id}).first()
    return User(**row._mapping) if row is not None else None


def authenticate(session: Session, email: str, password: str) -> User | None:
    """The active user with these credentials, or None. Takes the same time either way."""
    user = get_by_email(session, email)
    ok = verify_password(user.password_hash if user else None, password)
    if user is None or not ok or not user.is_active:
        return None
    return user


def create_user(session: Session, data: UserCreate, actor: User | None = None) -> User:
    with write_transaction(session):
        role = Role(data.role)
        if data.organization_id is None:
            if role in (Role.community, Role.partner):
                raise Invalid(
                    N_("A %(role)s user needs an organization_id."),
                    "organization_id",
                    role=role.value,
                )
        else:
            org = session.get(Organization, data.organization_id)
            if org is None:
                raise Invalid(
                    N_("Organization %(organization)s does not exist."),
                    "organization_id",
                    organization=data.organization_id,
                )
            expected = _ROLE_ORG_KIND.get(role)
            if expected is not None and org.kind != expected:
                raise Invalid(
                    N_(
                        "A %(role)s user must belong to a %(expected)s organization; "
                        "%(organization)s is a %(kind)s."
                    ),
                    "organization_id",
                    role=role.value,
                    expected=expected.value,
                    organization=org.name,
                    kind=org.kind,
                )
        if get_by_email(session, data.email) is not None:
            raise Conflict(N_("A user with the e-mail %(email)s already exists."), email=data.email)
        user = User(
            email=data.email,
            full_name=data.full_name,
            password_hash=hash_password(data.password),
            role=role.value,
            organization_id=data.organization_id,
        )
        session.add(user)
        session.flush()
        audit.record(
            session,
            actor,
            "user",
            user.id,
            "create",
            after={"email": user.email, "role": user.role, "organization_id": user.organization_id},
        )
    session.refresh(user)
    return user


def set_active(session: Session, email: str, active: bool, actor: User | None = None) -> User:
    """Disable an account (a leaked password, someone who left) or enable it again.

    Tokens already issued stop working once each server's memory of the account runs out
    (TRACKER_AUTH_CACHE_SECONDS); disabling never deletes anything the account did.
    """
    with write_transaction(session):
        user = get_by_email(session, email)
        if user is None:
            raise NotFound(N_("No user has the e-mail %(email)s."), email=email.strip().lower())
        if user.is_active != active:
            audit.record(
                session,
                actor,
                "user",
                user.id,
                "enable" if active else "disable",
                before={"is_active": user.is_active},
                after={"is_active": active},
            )
            user.is_active = active
            session.add(user)
    return user
