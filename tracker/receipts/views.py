"""The public verification page: anyone holding a receipt's code can check it."""

from __future__ import annotations

import hashlib
import json
import re
from typing import Annotated

from fastapi import APIRouter, Form, Request, UploadFile
from fastapi.responses import HTMLResponse

from tracker.auth import ratelimit
from tracker.db import SessionDep
from tracker.errors import NotFound
from tracker.receipts import documents, service
from tracker.web.render import render

router = APIRouter(
    tags=["verify"],
    include_in_schema=True,
    responses={
        400: {"description": "The form cannot be read"},
        404: {"description": "No receipt has this code", "content": {"text/html": {}}},
    },
)

MAX_UPLOAD = 5 * 1024 * 1024
_HEX = re.compile(r"^[0-9a-f]{64}$")


def _page(request: Request, session, code: str, check: dict | None, status: int = 200):  # type: ignore[no-untyped-def]
    try:
        receipt = service.get_by_code(session, code)
    except NotFound:
        return render(request, "verify_unknown.html", {"code": code.upper()}, status=404)
    content = json.loads(receipt.content)
    context = {
        "receipt": receipt,
        "content": content,
        "attached": sorted(_attached(session, receipt.id)),
        "genuine": service.verify_content(receipt),
        "check": check,
    }
    return render(request, "verify.html", context, status=status)


def _attached(session, receipt_id: int) -> set[str]:  # type: ignore[no-untyped-def]
    """The SHA-256 of each photo or paper attached to the receipt (listed on its PDF)."""
    from tracker.attachments.service import attachments_of

    return {a.sha256 for a in attachments_of(session, "receipts", receipt_id)}


@router.get("/verify/{code}", response_class=HTMLResponse)
def verify(code: str, request: Request, session: SessionDep) -> HTMLResponse:
    """Is this receipt genuine: what was received, when, by whom, from whom to whom."""
    ratelimit.count_verify(session, ratelimit.client_address(request))
    return _page(request, session, code, None)


@router.post("/verify/{code}", response_class=HTMLResponse)
def verify_copy(
    code: str,
    request: Request,
    session: SessionDep,
    pdf: UploadFile | None = None,
    sha256: Annotated[str, Form()] = "",
) -> HTMLResponse:
    """Check an uploaded PDF, or a pasted hash, against the original receipt."""
    ratelimit.count_verify(session, ratelimit.client_address(request))
    try:
        receipt = service.get_by_code(session, code)
    except NotFound:
        return _page(request, session, code, None)
    base_url = request.app.state.settings.base_url
    if pdf is not None and pdf.filename:
        data = pdf.file.read(MAX_UPLOAD + 1)
        if len(data) > MAX_UPLOAD:
            check = {"ok": False, "what": "pdf", "message": "too_large"}
        else:
            digest = hashlib.sha256(data).hexdigest()
            attached = digest in _attached(session, receipt.id)
            ok = attached or documents.matches_original(session, receipt, base_url, data)
            check = {"ok": ok, "what": "pdf", "digest": digest, "attachment": attached}
    else:
        pasted = sha256.strip().lower()
        if not _HEX.match(pasted):
            check = {"ok": False, "what": "hash", "message": "not_a_hash"}
        else:
            attached = pasted in _attached(session, receipt.id)
            ok = attached or pasted == receipt.sha256 or documents.issued(session, receipt, pasted)
            check = {"ok": ok, "what": "hash", "digest": pasted, "attachment": attached}
    return _page(request, session, code, check)
