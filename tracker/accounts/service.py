"""Account rules: one-time links (password reset, invitation), inviting, the status of an account.

A link's secret goes out in the e-mail (or is printed by `tracker users reset`); the table keeps
its SHA-256. `use_link` checks and spends the link in one conditional UPDATE (…WHERE used_at IS
NULL), so two clicks cannot both set a password. Setting a password through a link ends every
session and token the account had.

An invited account is inactive and has no usable password (`INVITED` is not a hash any
password matches) until the person opens the link and chooses one.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import timedelta

from markupsafe import escape
from sqlalchemy import update
from sqlmodel import Session, select

from tracker import i18n
from tracker.accounts.models import AccountToken, Purpose
from tracker.audit import service as audit
from tracker.auth import sessions, throttle
from tracker.auth.models import User
from tracker.auth.passwords import check_password
from tracker.auth.security import hash_password
from tracker.auth.service import _ROLE_ORG_KIND, get_by_email
from tracker.db import as_utc, utcnow, write_transaction
from tracker.errors import N_, Conflict, DomainError, Forbidden, Invalid, NotFound
from tracker.notifications.service import enqueue_email
from tracker.orgs.models import Organization
from tracker.vocab import Role
from tracker.web.labels import labeller

RESET_LIFETIME = timedelta(hours=1)
INVITE_LIFETIME = timedelta(days=7)
INVITED = "!invited"  # the password "hash" of an account whose invitation is pending
REVOKED = "!revoked"  # … whose invitation was withdrawn

RESET_ACCOUNT = throttle.Rule(
    "reset:account",
    free=3,
    window=timedelta(hours=1),
    first_delay=timedelta(minutes=5),
    max_delay=timedelta(hours=1),
)
RESET_ADDRESS = throttle.Rule(
    "reset:address",
    free=20,
    window=timedelta(hours=1),
    first_delay=timedelta(minutes=1),
    max_delay=timedelta(hours=1),
)


class LinkGone(DomainError):
    """The link expired, was used, or was replaced by a newer one."""

    status_code = 410


class LinkUnknown(DomainError):
    status_code = 400


def _(text: str) -> str:
    """Marks a msgid for extraction (translated in the recipient's language when sent)."""
    return text


RESET_SUBJECT = _("tracker: reset your password")
RESET_BODY = _(
    "Someone asked to reset the password of your tracker account %(email)s. To choose a new "
    "password, open this link within one hour:\n\n%(link)s\n\nIf it was not you, ignore this "
    "e-mail: your password stays as it is."
)
INVITE_SUBJECT = _("tracker: you are invited")
INVITE_BODY = _(
    "%(inviter)s invites you to tracker, where aid for Ukrainian communities is requested, "
    "pledged and delivered, as %(role)s of %(organization)s. To choose your password and sign "
    "in, open this link within 7 days:\n\n%(link)s"
)


def status(user: User) -> str:
    """ "active", "invited" or "disabled"."""
    if user.is_active:
        return "active"
    return "invited" if user.password_hash == INVITED else "disabled"


# Who may manage whom -------------------------------------------------------------------------

STAFF_ROLES = (Role.community, Role.partner)


def may_manage_role(actor: User, role: str) -> bool:
    """Admins manage every account; coordinators community and partner staff only."""
    if actor.role == Role.admin:
        return True
    return actor.role == Role.coordinator and role in STAFF_ROLES


def ensure_may_manage(actor: User, role: str) -> None:
    if not may_manage_role(actor, role):
        raise Forbidden(
            N_(
                "You may not manage %(role)s accounts; "
                "coordinators manage community and partner staff."
            ),
            role=role,
        )


# Links ---------------------------------------------------------------------------------------


def _new_link(session: Session, user_id: int, purpose: Purpose, lifetime: timedelta) -> str:
    secret = secrets.token_urlsafe(32)
    now = utcnow()
    session.add(
        AccountToken(
            token_hash=sessions.digest(secret),
            user_id=user_id,
            purpose=purpose.value,
            created_at=now,
            expires_at=now + lifetime,
        )
    )
    return secret


def _end_links(session: Session, user_id: int, purpose: Purpose) -> None:
    session.connection().execute(
        update(AccountToken)
        .where(
            AccountToken.user_id == user_id,  # type: ignore[arg-type]
            AccountToken.purpose == purpose.value,  # type: ignore[arg-type]
            AccountToken.used_at.is_(None),  # type: ignore[union-attr]
            AccountToken.revoked_at.is_(None),  # type: ignore[union-attr]
        )
        .values(revoked_at=utcnow())
    )


def link_url(base_url: str, purpose: Purpose, secret: str) -> str:
    return f"{base_url.rstrip('/')}/{purpose.value}/{secret}"


@dataclass(frozen=True)
class Link:
    user: User
    token: AccountToken


def open_link(session: Session, secret: str, purpose: Purpose) -> Link:
    """The account a link is for, if the link still works (LinkGone 410, LinkUnknown 400)."""
    token = session.exec(
        select(AccountToken).where(
            AccountToken.token_hash == sessions.digest(secret),
            AccountToken.purpose == purpose.value,
        )
    ).first()
    if token is None:
        raise LinkUnknown(N_("This link is not valid. Check that it was copied whole."))
    expires = as_utc(token.expires_at)
    if (
        token.used_at is not None
        or token.revoked_at is not None
        or (expires and expires <= utcnow())
    ):
        raise LinkGone(N_("This link has expired or was already used. Ask for a new one."))
    user = session.get(User, token.user_id)
    if user is None:
        raise LinkUnknown(N_("This link is not valid. Check that it was copied whole."))
    if purpose == Purpose.reset and not user.is_active:
        raise LinkGone(N_("This link has expired or was already used. Ask for a new one."))
    return Link(user=user, token=token)


def use_link(session: Session, secret: str, purpose: Purpose, password: str) -> User:
    """Set the account's password through a link, once; every other session and token ends.

    An invitation also activates the account. Invalid (422) for a refused password, LinkGone
    (410) when the link was used meanwhile.
    """
    check_password(password)
    link = open_link(session, secret, purpose)
    with write_transaction(session):
        spent = session.connection().execute(
            update(AccountToken)
            .where(
                AccountToken.id == link.token.id,  # type: ignore[arg-type]
                AccountToken.used_at.is_(None),  # type: ignore[union-attr]
                AccountToken.revoked_at.is_(None),  # type: ignore[union-attr]
            )
            .values(used_at=utcnow())
        )
        if spent.rowcount != 1:
            raise LinkGone(N_("This link has expired or was already used. Ask for a new one."))
        user = session.get(User, link.user.id)
        assert user is not None
        if purpose == Purpose.invite and status(user) != "invited":
            raise LinkGone(N_("This link has expired or was already used. Ask for a new one."))
        user.password_hash = hash_password(password)
        user.is_active = True
        session.add(user)
        _end_links(session, user.id, purpose)  # type: ignore[arg-type]
        sessions.revoke_all(session, user.id)  # type: ignore[arg-type]
        action = "accept_invitation" if purpose == Purpose.invite else "reset_password"
        audit.record(session, user, "user", user.id, action)
    return user


# Password reset ------------------------------------------------------------------------------


def request_reset(session: Session, email: str, address: str, base_url: str) -> None:
    """E-mail a reset link when the account exists and is active; otherwise do nothing.

    Says nothing either way (the API always answers 202). Throttled per address and per
    account: over the limit, no e-mail is sent, silently.
    """
    email = email.strip().lower()[:254]
    keys = [RESET_ACCOUNT.key(email), RESET_ADDRESS.key(address)]
    waiting = throttle.wait_seconds(session, keys)
    session.commit()
    with write_transaction(session):
        throttle.record(session, RESET_ACCOUNT, keys[0])
        throttle.record(session, RESET_ADDRESS, keys[1])
        user = get_by_email(session, email) if email else None
        if waiting or user is None or not user.is_active:
            return
        secret = _new_link(session, user.id, Purpose.reset, RESET_LIFETIME)  # type: ignore[arg-type]
        link = link_url(base_url, Purpose.reset, secret)
        _send(session, user, RESET_SUBJECT, RESET_BODY, link, email=user.email)
        audit.record(session, None, "user", user.id, "request_reset")


def reset_link(session: Session, email: str, base_url: str) -> str:
    """A reset link for an operator to hand over (`tracker users reset`): no e-mail is sent."""
    user = get_by_email(session, email)
    if user is None or not user.is_active:
        raise NotFound(N_("No active user has the e-mail %(email)s."), email=email.strip().lower())
    with write_transaction(session):
        secret = _new_link(session, user.id, Purpose.reset, RESET_LIFETIME)  # type: ignore[arg-type]
        audit.record(session, None, "user", user.id, "reset_link_printed")
    return link_url(base_url, Purpose.reset, secret)


def _send(session: Session, user: User, subject: str, body: str, link: str, **params: str) -> None:
    lang = i18n.pick_language(user.language, None)
    tr = i18n.translations(lang).gettext
    if "role" in params:
        params["role"] = labeller(tr)("role", params["role"])
    text = tr(body) % (params | {"link": link})
    paragraphs = "".join(
        f"<p>{escape(part).replace(chr(10), '<br>')}</p>"
        for part in text.split("\n\n")
        if part != link
    )
    html = (
        f'<!doctype html><html lang="{lang}"><body>{paragraphs}'
        f'<p><a href="{escape(link)}">{escape(link)}</a></p></body></html>'
    )
    enqueue_email(session, user.email, tr(subject), text, html, user_id=user.id)


# Invitations ---------------------------------------------------------------------------------


def _check_org(session: Session, role: Role, organization_id: int | None) -> Organization | None:
    if organization_id is None:
        if role in STAFF_ROLES:
            raise Invalid(
                N_("A %(role)s user needs an organization_id."), "organization_id", role=role.value
            )
        return None
    org = session.get(Organization, organization_id)
    if org is None:
        raise Invalid(
            N_("Organization %(organization)s does not exist."),
            "organization_id",
            organization=organization_id,
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
    return org


def invite(
    session: Session,
    actor: User,
    email: str,
    role: Role,
    organization_id: int | None,
    base_url: str,
    full_name: str = "",
    language: str = "uk",
) -> User:
    """A pending account (inactive, no usable password) and an e-mail with its link."""
    ensure_may_manage(actor, role.value)
    email = email.strip().lower()
    with write_transaction(session):
        org = _check_org(session, role, organization_id)
        if get_by_email(session, email) is not None:
            raise Conflict(N_("A user with the e-mail %(email)s already exists."), email=email)
        user = User(
            email=email,
            full_name=full_name,
            password_hash=INVITED,
            role=role.value,
            organization_id=organization_id,
            is_active=False,
            language=language if language in i18n.SUPPORTED else "uk",
        )
        session.add(user)
        session.flush()
        _send_invitation(session, actor, user, org, base_url)
        audit.record(
            session,
            actor,
            "user",
            user.id,
            "invite",
            after={"email": email, "role": role.value, "organization_id": organization_id},
        )
    session.refresh(user)
    return user


def _send_invitation(
    session: Session, actor: User, user: User, org: Organization | None, base_url: str
) -> None:
    _end_links(session, user.id, Purpose.invite)  # type: ignore[arg-type]
    secret = _new_link(session, user.id, Purpose.invite, INVITE_LIFETIME)  # type: ignore[arg-type]
    _send(
        session,
        user,
        INVITE_SUBJECT,
        INVITE_BODY,
        link_url(base_url, Purpose.invite, secret),
        inviter=actor.full_name or actor.email,
        role=user.role,
        organization=org.name if org else "tracker",
    )


def managed_user(session: Session, actor: User, user_id: int) -> User:
    """An account the actor may manage (NotFound 404, Forbidden 403)."""
    user = session.get(User, user_id)
    if user is None:
        raise NotFound(N_("User %(user)s does not exist."), user=user_id)
    ensure_may_manage(actor, user.role)
    return user


def resend_invitation(session: Session, actor: User, user_id: int, base_url: str) -> User:
    """A new link for a pending (or withdrawn) invitation; earlier links stop working."""
    with write_transaction(session):
        user = managed_user(session, actor, user_id)
        if user.is_active or user.password_hash not in (INVITED, REVOKED):
            raise Conflict(N_("%(email)s has already accepted the invitation."), email=user.email)
        user.password_hash = INVITED
        session.add(user)
        org = session.get(Organization, user.organization_id) if user.organization_id else None
        _send_invitation(session, actor, user, org, base_url)
        audit.record(session, actor, "user", user.id, "resend_invitation")
    return user


def revoke_invitation(session: Session, actor: User, user_id: int) -> User:
    """Withdraw a pending invitation: its links stop working and the account stays disabled."""
    with write_transaction(session):
        user = managed_user(session, actor, user_id)
        if status(user) != "invited":
            raise Conflict(N_("%(email)s has no pending invitation."), email=user.email)
        user.password_hash = REVOKED
        session.add(user)
        _end_links(session, user.id, Purpose.invite)  # type: ignore[arg-type]
        audit.record(session, actor, "user", user.id, "revoke_invitation")
    return user


# The admin pages -----------------------------------------------------------------------------


def ensure_manager(actor: User) -> None:
    """Only admins and coordinators see the admin pages (Forbidden 403)."""
    if actor.role not in (Role.admin, Role.coordinator):
        raise Forbidden(N_("Only administrators and coordinators may manage accounts."))


def ensure_may_manage_org(actor: User, kind: str) -> None:
    """Coordinators manage community and partner organizations; admins every kind."""
    ensure_manager(actor)
    if actor.role != Role.admin and kind not in ("community", "partner"):
        raise Forbidden(N_("Only administrators may manage coordinating organizations."))


def list_users(
    session: Session,
    actor: User,
    q: str | None,
    role: str | None,
    state: str | None,
    limit: int,
    offset: int,
) -> tuple[list[User], int]:
    """The accounts the actor manages, narrowed by text, role and status, by e-mail."""
    from sqlalchemy import func, or_

    from tracker.listing import contains_pattern, like_search

    ensure_manager(actor)
    query = select(User)
    if actor.role != Role.admin:
        query = query.where(User.role.in_([r.value for r in STAFF_ROLES]))  # type: ignore[attr-defined]
    if role:
        query = query.where(User.role == role)
    if state == "active":
        query = query.where(User.is_active == True)  # noqa: E712
    elif state == "invited":
        query = query.where(User.is_active == False, User.password_hash == INVITED)  # noqa: E712
    elif state == "disabled":
        query = query.where(User.is_active == False, User.password_hash != INVITED)  # noqa: E712
    if q:
        pattern = contains_pattern(q)
        query = query.where(
            or_(like_search(User.email, pattern), like_search(User.full_name, pattern))
        )
    total = session.exec(select(func.count()).select_from(query.subquery())).one()
    rows = session.exec(query.order_by(User.email).offset(offset).limit(limit)).all()
    return list(rows), total


def set_user_active(session: Session, actor: User, user_id: int, active: bool) -> User:
    """Disable or enable an account the actor manages (never their own)."""
    from tracker.auth.service import disable_user, enable_user

    user = managed_user(session, actor, user_id)
    if user.id == actor.id:
        raise Conflict(N_("You cannot disable or enable your own account."))
    return (enable_user if active else disable_user)(session, user, actor)
