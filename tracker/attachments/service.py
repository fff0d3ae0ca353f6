"""Attachment and comment rules: who may read and add them, and what is kept.

Who reads the parent is decided by the parent's own service (requests: every signed-in user;
shipments and receipts: `get_visible`); a parent the caller may not read is "missing" (404),
and so is everything attached to it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlmodel import Session, col, select

from tracker.attachments import files
from tracker.attachments.models import (
    Attachment,
    AttachmentRead,
    Comment,
    CommentCreate,
    CommentRead,
    Parent,
)
from tracker.attachments.storage import Storage
from tracker.audit import service as audit
from tracker.auth.models import User
from tracker.db import utcnow, write_transaction
from tracker.errors import N_, DomainError, Forbidden, Invalid, NotFound
from tracker.notifications import service as notifications
from tracker.notifications.models import Kind
from tracker.orgs.models import Organization
from tracker.receipts import service as receipts
from tracker.receipts.models import ReceiptLine
from tracker.requests import service as requests
from tracker.shipments import service as shipments
from tracker.shipments.models import Shipment, ShipmentLine
from tracker.vocab import Role

COORDINATING = (Role.admin, Role.coordinator)
COMMENTABLE = (Parent.requests, Parent.shipments)


class TooLarge(DomainError):
    """The upload is over `TRACKER_MAX_UPLOAD_MB` (413)."""

    status_code = 413


TOO_LARGE = N_("This file is larger than %(limit)s MB; send a smaller one.")


# Parents ------------------------------------------------------------------------------------


def read_parent(session: Session, user: User, kind: str, parent_id: int) -> Any:
    """The parent if `user` may read it; NotFound otherwise (each domain's own rule)."""
    if kind == Parent.requests:
        return requests.get(session, parent_id)
    if kind == Parent.shipments:
        return shipments.get_visible(session, parent_id, user)
    if kind == Parent.receipts:
        return receipts.get_visible(session, parent_id, user)
    raise NotFound(N_("This page does not exist."))


def _ensure_may_attach(session: Session, user: User, kind: str, parent: Any) -> None:
    if kind == Parent.requests:
        if not requests.may_edit(user, parent):
            raise Forbidden(
                N_("Only the requesting community and coordinators may attach files to it.")
            )
    elif kind == Parent.receipts:
        shipment = session.get(Shipment, parent.shipment_id)
        if shipment is None or not shipments.is_receiver(shipment, user):
            raise Forbidden(
                N_("Only the receiving community and coordinators may attach files to it.")
            )
    # A shipment: everyone who reads it takes part (partners sending, community, coordinators).


def may_attach(session: Session, user: User, kind: str, parent: Any) -> bool:
    try:
        _ensure_may_attach(session, user, kind, parent)
    except Forbidden:
        return False
    return True


# Attachments --------------------------------------------------------------------------------


def attach(
    session: Session,
    storage: Storage,
    user: User,
    kind: str,
    parent_id: int,
    filename: str,
    data: bytes,
    max_bytes: int,
    receipt_line_id: int | None = None,
) -> Attachment:
    """Check the file by its content, keep it (photos re-encoded, without metadata) and
    record it. Nothing is kept when anything is refused."""
    parent = read_parent(session, user, kind, parent_id)
    _ensure_may_attach(session, user, kind, parent)
    if receipt_line_id is not None:
        _check_line(session, kind, parent_id, receipt_line_id)
    if len(data) > max_bytes:
        raise TooLarge(TOO_LARGE, limit=max_bytes // (1024 * 1024))
    checked = files.check(data, filename)
    key = storage.put(checked.data)
    thumbnail_key = storage.put(checked.thumbnail) if checked.thumbnail is not None else None
    try:
        with write_transaction(session):
            attachment = Attachment(
                parent_kind=kind,
                parent_id=parent_id,
                receipt_line_id=receipt_line_id,
                filename=checked.filename,
                content_type=checked.content_type,
                size=len(checked.data),
                sha256=hashlib.sha256(checked.data).hexdigest(),
                storage_key=key,
                thumbnail_key=thumbnail_key,
                uploaded_by_id=user.id,
                organization_id=user.organization_id,
            )
            session.add(attachment)
            session.flush()
            audit.record(
                session,
                user,
                "attachment",
                attachment.id,
                "create",
                after=audit.snapshot(
                    attachment,
                    ["parent_kind", "parent_id", "filename", "content_type", "size", "sha256"],
                ),
            )
    except BaseException:
        storage.delete(key)
        if thumbnail_key:
            storage.delete(thumbnail_key)
        raise
    return attachment


def _check_line(session: Session, kind: str, parent_id: int, line_id: int) -> None:
    line = session.get(ReceiptLine, line_id)
    if kind != Parent.receipts or line is None or line.receipt_id != parent_id:
        raise Invalid(N_("This line is not a line of the receipt."), "receipt_line_id")


def to_read(attachment: Attachment) -> AttachmentRead:
    base = f"/api/v1/attachments/{attachment.id}"
    return AttachmentRead(
        id=attachment.id,  # type: ignore[arg-type]
        filename=attachment.filename,
        content_type=attachment.content_type,
        size=attachment.size,
        sha256=attachment.sha256,
        url=f"{base}/file",
        thumbnail_url=f"{base}/thumbnail" if attachment.thumbnail_key else None,
        receipt_line_id=attachment.receipt_line_id,
        created_at=attachment.created_at,
    )


def attachments_of(session: Session, kind: str, parent_id: int) -> list[Attachment]:
    """The parent's attachments, oldest first (no read check: callers read the parent)."""
    query = (
        select(Attachment)
        .where(Attachment.parent_kind == kind, Attachment.parent_id == parent_id)
        .order_by(col(Attachment.id))
    )
    return list(session.exec(query).all())


def list_attachments(
    session: Session, user: User, kind: str, parent_id: int
) -> list[AttachmentRead]:
    read_parent(session, user, kind, parent_id)
    return [to_read(a) for a in attachments_of(session, kind, parent_id)]


def readable(session: Session, user: User, attachment_id: int) -> Attachment:
    """The attachment if `user` may read its parent; 404 otherwise (never 403: whether a
    file exists is itself not told)."""
    attachment = session.get(Attachment, attachment_id)
    missing = NotFound(N_("Attachment %(attachment)s does not exist."), attachment=attachment_id)
    if attachment is None:
        raise missing
    try:
        read_parent(session, user, attachment.parent_kind, attachment.parent_id)
    except NotFound:
        raise missing from None
    return attachment


# Comments -----------------------------------------------------------------------------------


def _commentable(session: Session, user: User, kind: str, parent_id: int) -> Any:
    if kind not in COMMENTABLE:
        raise NotFound(N_("This page does not exist."))
    return read_parent(session, user, kind, parent_id)


def _participant_orgs(session: Session, kind: str, parent: Any) -> list[int]:
    """The community and the partners involved."""
    if kind == Parent.shipments:
        partners = session.exec(
            select(ShipmentLine.partner_id).where(ShipmentLine.shipment_id == parent.id).distinct()
        ).all()
        return [parent.community_id, *partners]
    from tracker.allocations.models import Allocation
    from tracker.pledges.models import Pledge

    pledged = session.exec(
        select(Pledge.partner_id).where(Pledge.request_id == parent.id).distinct()
    ).all()
    allocated = session.exec(
        select(Pledge.partner_id)
        .join(Allocation, col(Allocation.pledge_id) == Pledge.id)
        .where(Allocation.request_id == parent.id)
        .distinct()
    ).all()
    return [parent.community_id, *pledged, *allocated]


def _coordinators_in_thread(session: Session, kind: str, parent_id: int) -> list[int]:
    return list(
        session.exec(
            select(Comment.author_id)
            .join(User, col(User.id) == Comment.author_id)
            .where(
                Comment.parent_kind == kind,
                Comment.parent_id == parent_id,
                col(User.role).in_(COORDINATING),
            )
            .distinct()
        ).all()
    )


def _subject(kind: str, parent: Any) -> str:
    if kind == Parent.shipments:
        return parent.reference
    return f"#{parent.id} {parent.item}"


def add_comment(
    session: Session, user: User, kind: str, parent_id: int, data: CommentCreate
) -> Comment:
    """A new message in the thread; the participants hear of it through the outbox."""
    parent = _commentable(session, user, kind, parent_id)
    with write_transaction(session):
        comment = Comment(
            parent_kind=kind,
            parent_id=parent_id,
            author_id=user.id,  # type: ignore[arg-type]
            organization_id=user.organization_id,
            body=data.body,
        )
        session.add(comment)
        session.flush()
        audit.record(
            session, user, "comment", comment.id, "create", after=audit.snapshot(comment, ["body"])
        )
        excerpt = data.body if len(data.body) <= 280 else data.body[:279] + "…"
        notifications.notify(
            session,
            Kind.comment_added,
            params={
                "author": user.full_name or user.email,
                "organization": _org_name(session, user.organization_id),
                "subject": _subject(kind, parent),
                "excerpt": excerpt,
                "event_at": comment.created_at,
                "comment": comment.id,
            },
            link=f"/{kind}/{parent_id}#comment-{comment.id}",
            orgs=_participant_orgs(session, kind, parent),
            user_ids=_coordinators_in_thread(session, kind, parent_id),
            actor=user,
        )
    return comment


def _org_name(session: Session, org_id: int | None) -> str:
    org = session.get(Organization, org_id) if org_id else None
    return org.name if org else ""


@dataclass
class Thread:
    comments: list[CommentRead]
    may_hide: bool


def _names(session: Session, model: type, ids: Iterable[int | None], attr: str) -> dict:
    wanted = sorted({i for i in ids if i is not None})
    if not wanted:
        return {}
    rows = session.exec(select(model).where(col(model.id).in_(wanted))).all()  # type: ignore[attr-defined]
    return {row.id: getattr(row, attr) or getattr(row, "email", "") for row in rows}


def list_comments(session: Session, user: User, kind: str, parent_id: int) -> list[CommentRead]:
    """The thread, oldest first. A hidden comment's text is shown to coordinators only."""
    _commentable(session, user, kind, parent_id)
    rows = session.exec(
        select(Comment)
        .where(Comment.parent_kind == kind, Comment.parent_id == parent_id)
        .order_by(col(Comment.created_at), col(Comment.id))
    ).all()
    authors = _names(session, User, (c.author_id for c in rows), "full_name")
    orgs = _names(session, Organization, (c.organization_id for c in rows), "name")
    sees_hidden = user.role in COORDINATING
    return [
        CommentRead(
            id=c.id,  # type: ignore[arg-type]
            author_id=c.author_id,
            author_name=authors.get(c.author_id, ""),
            organization_id=c.organization_id,
            organization_name=orgs.get(c.organization_id),
            body=c.body if (not c.hidden or sees_hidden) else None,
            hidden=c.hidden,
            created_at=c.created_at,
        )
        for c in rows
    ]


def hide_comment(session: Session, user: User, comment_id: int) -> Comment:
    """Coordinators hide a comment from the thread; its text stays (audited)."""
    comment = session.get(Comment, comment_id)
    missing = NotFound(N_("Comment %(comment)s does not exist."), comment=comment_id)
    if comment is None:
        raise missing
    try:
        _commentable(session, user, comment.parent_kind, comment.parent_id)
    except NotFound:
        raise missing from None
    if user.role not in COORDINATING:
        raise Forbidden(N_("Only coordinators may hide a comment."))
    with write_transaction(session):
        comment = session.get(Comment, comment_id, with_for_update=True) or comment
        if not comment.hidden:
            comment.hidden = True
            comment.hidden_by_id = user.id
            comment.hidden_at = utcnow()
            session.add(comment)
            audit.record(
                session,
                user,
                "comment",
                comment.id,
                "hide",
                before={"hidden": False},
                after={"hidden": True, "body": comment.body},
            )
    return comment
