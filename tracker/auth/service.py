"""Account rules: creating users, checking credentials, and the life of sessions and tokens.

Every way an account stops being trusted (disabling it, a new password, "sign out
everywhere") ends all its sessions and tokens in the same transaction, through
`revoke_all_sessions`. Enabling an account again revokes whatever might still be alive too:
old tokens never come back.
"""

from __future__ import annotations

from sqlalchemy import bindparam, true, update
from sqlmodel import Session, select

from tracker.audit import service as audit
from tracker.auth import ratelimit, sessions
from tracker.auth.models import SessionKind, User, UserCreate
from tracker.auth.passwords import check_password
from tracker.auth.security import hash_password, verify_password
from tracker.db import utcnow, write_transaction
from tracker.errors import N_, Conflict, Invalid, NotAuthenticated, NotFound
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


def sign_in(session: Session, email: str, password: str, address: str) -> User:
    """The account behind these credentials, throttled per (account, address) and address.

    TooManyAttempts (429) while the address must wait; NotAuthenticated (401) for wrong
    credentials, which are counted. Used by the token route and the sign-in page alike.
    """
    ratelimit.check_login(session, address, email)
    user = authenticate(session, email, password)
    if user is None:
        ratelimit.login_failed(session, address, email)
        raise NotAuthenticated(N_("Wrong e-mail or password."))
    ratelimit.login_succeeded(session, address, email)
    with write_transaction(session):  # "last sign-in" on the admin's user list
        session.connection().execute(
            update(User).where(User.id == user.id).values(last_sign_in_at=utcnow())  # type: ignore[arg-type]
        )
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


def start_web_session(
    session: Session,
    user: User,
    *,
    user_agent: str = "",
    address: str = "",
    replaces: str | None = None,
) -> str:
    """A new browser session for this account; the secret goes into its signed cookie.

    `replaces` is the session id the browser held before (signing in again, perhaps as
    someone else): it ends, so no copy of the old cookie stays signed in.
    """
    with write_transaction(session):
        if replaces:
            sessions.revoke_secret(session, replaces)
        secret, _row = sessions.start(
            session,
            user.id,  # type: ignore[arg-type]
            SessionKind.web,
            sessions.WEB_LIFETIME,
            user_agent=user_agent,
            address=address,
        )
    return secret


def issue_token(
    session: Session,
    user: User,
    secret_key: str,
    minutes: int,
    *,
    user_agent: str = "",
    address: str = "",
) -> str:
    """A new bearer token for this account, revocable through its row in `auth_session`."""
    with write_transaction(session):
        return sessions.issue_api_token(
            session,
            user.id,  # type: ignore[arg-type]
            secret_key,
            minutes,
            user_agent=user_agent,
            address=address,
        )


def end_session(session: Session, session_id: int) -> None:
    """Sign out: this one session or token stops working at once."""
    with write_transaction(session):
        sessions.revoke(session, session_id)


def end_web_session(session: Session, secret: str) -> None:
    """Sign a browser out by the session id its cookie holds."""
    with write_transaction(session):
        sessions.revoke_secret(session, secret)


def revoke_all_sessions(
    session: Session, user: User, actor: User | None = None, *, keep: int | None = None
) -> int:
    """Sign the account out everywhere (every browser and token but `keep`); how many ended."""
    with write_transaction(session):
        ended = sessions.revoke_all(session, user.id, keep=keep)  # type: ignore[arg-type]
        if ended:
            audit.record(session, actor, "user", user.id, "sign_out_everywhere")
    return ended


def set_preferences(user: User, language: str | None, timezone: str | None) -> None:
    """The account's page language and time zone, where given (values checked by the caller,
    which holds the transaction)."""
    if language is not None:
        user.language = language
    if timezone is not None:
        user.timezone = timezone


def _load(session: Session, user: User | int) -> User:
    user_id = user if isinstance(user, int) else user.id
    found = session.get(User, user_id)
    if found is None:
        raise NotFound(N_("User %(user)s does not exist."), user=user_id)
    return found


def _set_active(session: Session, user: User | int, active: bool, actor: User | None) -> User:
    with write_transaction(session):
        found = _load(session, user)
        # Ends whatever is alive either way: disabling must end it now, and enabling must not
        # bring back a token that was issued before (or outlived a disable done by hand).
        sessions.revoke_all(session, found.id)  # type: ignore[arg-type]
        if found.is_active != active:
            audit.record(
                session,
                actor,
                "user",
                found.id,
                "enable" if active else "disable",
                before={"is_active": found.is_active},
                after={"is_active": active},
            )
            found.is_active = active
            session.add(found)
    return found


def disable_user(session: Session, user: User | int, actor: User | None = None) -> User:
    """The account can no longer sign in; every session and token it had ends at once."""
    return _set_active(session, user, False, actor)


def enable_user(session: Session, user: User | int, actor: User | None = None) -> User:
    """The account may sign in again, with new sessions only."""
    return _set_active(session, user, True, actor)


def set_password(
    session: Session,
    user: User | int,
    new: str,
    current: str | None = None,
    actor: User | None = None,
    *,
    keep_session: int | None = None,
) -> User:
    """Set a new password and end every session and token of the account.

    `current`, when given (a person changing their own password), must be right. The new
    password must pass `check_password` (422 otherwise). `keep_session` spares the session the
    change was made from; every other one ends (a reset link, an admin: none is kept).
    """
    check_password(new)
    with write_transaction(session):
        found = _load(session, user)
        if current is not None and not verify_password(found.password_hash, current):
            raise Invalid(N_("The current password is wrong."), "current_password")
        found.password_hash = hash_password(new)
        session.add(found)
        sessions.revoke_all(session, found.id, keep=keep_session)  # type: ignore[arg-type]
        audit.record(session, actor, "user", found.id, "set_password")
    return found


def set_active(session: Session, email: str, active: bool, actor: User | None = None) -> User:
    """Disable an account (a leaked password, someone who left) or enable it again, by e-mail.

    Disabling ends every session and token of the account at once; it never deletes anything
    the account did.
    """
    user = get_by_email(session, email)
    if user is None:
        raise NotFound(N_("No user has the e-mail %(email)s."), email=email.strip().lower())
    return _set_active(session, user, active, actor)
