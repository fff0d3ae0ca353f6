"""Attachment and comment forms on the request, shipment and receipt pages (no JavaScript
needed: plain multipart posts answered with a redirect back to the page)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlmodel import Session
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile

from tracker.attachments import service
from tracker.attachments.api import upload_limit
from tracker.attachments.models import CommentCreate, Parent
from tracker.attachments.storage import storage_for
from tracker.auth.models import User
from tracker.db import SessionDep
from tracker.errors import N_, DomainError, Invalid
from tracker.fields import Id
from tracker.receipts import service as receipts
from tracker.receipts.models import Receipt
from tracker.vocab import Condition
from tracker.web.forms import parse_form, translator
from tracker.web.render import error_text, render
from tracker.web.security import Csrf, PageUser

router = APIRouter(include_in_schema=False)

NO_FILE = N_("Choose a file (a photo or a PDF) first.")


def attachments_section(session: Session, user: User, kind: str, parent_id: int) -> dict[str, Any]:
    """What the attachments block of a page shows (the caller has read the parent)."""
    parent = service.read_parent(session, user, kind, parent_id)
    return {
        "kind": kind,
        "parent_id": parent_id,
        "items": [service.to_read(a) for a in service.attachments_of(session, kind, parent_id)],
        "may_attach": service.may_attach(session, user, kind, parent),
    }


def receipt_section(session: Session, user: User, receipt: Receipt, base_url: str) -> dict:
    """The receipt's attachments, and the damaged or missing lines that invite a photo."""
    section = attachments_section(session, user, Parent.receipts, receipt.id)  # type: ignore[arg-type]
    read = receipts.to_read(session, receipt, base_url)
    photographed = {a.receipt_line_id for a in section["items"]}
    section["problem_lines"] = [
        {"line": line, "has_photo": line.id in photographed}
        for line in read.lines
        if line.condition in (Condition.damaged, Condition.missing)
    ]
    return section


def comments_section(session: Session, user: User, kind: str, parent_id: int) -> dict[str, Any]:
    return {
        "kind": kind,
        "parent_id": parent_id,
        "items": service.list_comments(session, user, kind, parent_id),
        "may_hide": user.role in service.COORDINATING,
    }


def _page_of(session: Session, kind: str, parent_id: int) -> str:
    if kind == Parent.receipts:
        receipt = session.get(Receipt, parent_id)
        return f"/shipments/{receipt.shipment_id}#receipt-attachments" if receipt else "/"
    return f"/{kind}/{parent_id}#attachments"


def _refused(request: Request, exc: DomainError, back: str) -> Response:
    context = {"detail": error_text(request, exc), "back": back, "status": exc.status_code}
    return render(request, "attachments/refused.html", context, status=exc.status_code)


@router.post("/{kind}/{parent_id}/attachments", response_class=HTMLResponse, dependencies=[Csrf])
async def attach(
    kind: Parent, parent_id: Id, request: Request, session: SessionDep, user: PageUser
) -> Response:
    """Attach the chosen file; back to the page, or a page saying why it was refused."""
    form = await request.form()
    upload = form.get("file")
    line = str(form.get("receipt_line_id") or "")
    back = await run_in_threadpool(_page_of, session, kind, parent_id)
    try:
        if not isinstance(upload, UploadFile) or not upload.filename:
            raise Invalid(NO_FILE, "file")
        limit = upload_limit(request)
        data = await upload.read(limit + 1)
        await run_in_threadpool(
            service.attach,
            session,
            storage_for(request.app.state.settings.data_dir),
            user,
            kind,
            parent_id,
            upload.filename,
            data,
            limit,
            int(line) if line.isdigit() else None,
        )
    except DomainError as exc:
        if exc.status_code == 404:
            raise
        return _refused(request, exc, back)
    return RedirectResponse(back, status_code=303)


@router.post("/{kind}/{parent_id}/comments", response_class=HTMLResponse, dependencies=[Csrf])
async def comment(
    kind: Parent, parent_id: Id, request: Request, session: SessionDep, user: PageUser
) -> Response:
    form = await request.form()
    back = f"/{kind}/{parent_id}#comments"
    data, errors = parse_form(
        CommentCreate, {"body": str(form.get("body", ""))}, translator(request)
    )
    try:
        if data is None:
            raise Invalid(N_("Write something first (at most 4000 characters)."), "body")
        created = await run_in_threadpool(service.add_comment, session, user, kind, parent_id, data)
    except DomainError as exc:
        if exc.status_code == 404:
            raise
        return _refused(request, exc, back)
    return RedirectResponse(f"/{kind}/{parent_id}#comment-{created.id}", status_code=303)


@router.post("/comments/{comment_id}/hide", response_class=HTMLResponse, dependencies=[Csrf])
def hide(comment_id: Id, request: Request, session: SessionDep, user: PageUser) -> Response:
    comment = service.hide_comment(session, user, comment_id)
    return RedirectResponse(
        f"/{comment.parent_kind}/{comment.parent_id}#comment-{comment.id}", status_code=303
    )
