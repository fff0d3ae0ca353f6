"""Attachment and comment routes (JSON), and the file downloads."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Form, Request, UploadFile
from fastapi.responses import Response

from tracker.attachments import service
from tracker.attachments.models import AttachmentRead, CommentCreate, CommentRead, Parent
from tracker.attachments.storage import Storage, storage_for
from tracker.auth.deps import CurrentUser
from tracker.db import SessionDep
from tracker.fields import Id
from tracker.pdf_response import content_disposition

router = APIRouter(tags=["attachments"])


def get_storage(request: Request) -> Storage:
    return storage_for(request.app.state.settings.data_dir)


StorageDep = Annotated[Storage, Depends(get_storage)]
Commentable = Literal["requests", "shipments"]


def upload_limit(request: Request) -> int:
    return request.app.state.settings.max_upload_mb * 1024 * 1024


@router.post("/{kind}/{parent_id}/attachments", response_model=AttachmentRead, status_code=201)
def upload(
    kind: Parent,
    parent_id: Id,
    file: UploadFile,
    request: Request,
    session: SessionDep,
    user: CurrentUser,
    storage: StorageDep,
    receipt_line_id: Annotated[Id | None, Form()] = None,
) -> AttachmentRead:
    """Attach a JPEG, PNG or WebP photo or a PDF (checked by content; photos lose EXIF)."""
    limit = upload_limit(request)
    data = file.file.read(limit + 1)
    attachment = service.attach(
        session, storage, user, kind, parent_id, file.filename or "", data, limit, receipt_line_id
    )
    return service.to_read(attachment)


@router.get("/{kind}/{parent_id}/attachments")
def list_attachments(
    kind: Parent, parent_id: Id, session: SessionDep, user: CurrentUser
) -> dict[str, list[AttachmentRead] | int]:
    items = service.list_attachments(session, user, kind, parent_id)
    return {"items": items, "total": len(items)}


def file_response(data: bytes, content_type: str, filename: str) -> Response:
    """Served as data, never as a page: images inline, anything else as a download."""
    inline = content_type.startswith("image/")
    return Response(
        data,
        media_type=content_type,
        headers={
            "Content-Disposition": content_disposition(
                filename, "inline" if inline else "attachment"
            ),
            "X-Content-Type-Options": "nosniff",
            "Content-Security-Policy": "default-src 'none'; sandbox",
            "Cache-Control": "private, no-store",
        },
    )


@router.get("/attachments/{attachment_id}/file", response_class=Response)
def download(
    attachment_id: Id, session: SessionDep, user: CurrentUser, storage: StorageDep
) -> Response:
    """The file, to those who may read its parent (404 otherwise)."""
    attachment = service.readable(session, user, attachment_id)
    with storage.open(attachment.storage_key) as stored:
        data = stored.read()
    return file_response(data, attachment.content_type, attachment.filename)


@router.get("/attachments/{attachment_id}/thumbnail", response_class=Response)
def thumbnail(
    attachment_id: Id, session: SessionDep, user: CurrentUser, storage: StorageDep
) -> Response:
    attachment = service.readable(session, user, attachment_id)
    key = attachment.thumbnail_key or ""
    if not key:
        raise service.NotFound(service.N_("This attachment has no thumbnail."))
    with storage.open(key) as stored:
        data = stored.read()
    return file_response(
        data, "image/jpeg", "thumbnail-" + attachment.filename.rsplit(".", 1)[0] + ".jpg"
    )


@router.post("/{kind}/{parent_id}/comments", response_model=CommentRead, status_code=201)
def add_comment(
    kind: Commentable, parent_id: Id, data: CommentCreate, session: SessionDep, user: CurrentUser
) -> CommentRead:
    """Write in the thread; the community, the partners involved and the coordinators who
    took part are notified."""
    comment = service.add_comment(session, user, kind, parent_id, data)
    thread = service.list_comments(session, user, kind, parent_id)
    return next(c for c in thread if c.id == comment.id)


@router.get("/{kind}/{parent_id}/comments")
def list_comments(
    kind: Commentable, parent_id: Id, session: SessionDep, user: CurrentUser
) -> dict[str, list[CommentRead] | int]:
    items = service.list_comments(session, user, kind, parent_id)
    return {"items": items, "total": len(items)}


@router.post("/comments/{comment_id}/hide", response_model=CommentRead)
def hide_comment(comment_id: Id, session: SessionDep, user: CurrentUser) -> CommentRead:
    """Coordinators: hide a comment from the thread (its text is kept, audited)."""
    comment = service.hide_comment(session, user, comment_id)
    thread = service.list_comments(session, user, comment.parent_kind, comment.parent_id)
    return next(c for c in thread if c.id == comment.id)
