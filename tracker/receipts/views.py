"""The public verification page: anyone holding a receipt's code can check it."""

from __future__ import annotations

import hashlib
import json
import re
from typing import Annotated

from fastapi import APIRouter, Form, Request, UploadFile
from fastapi.responses import HTMLResponse

from tracker.db import SessionDep
from tracker.errors import NotFound
from tracker.i18n import pick_language
from tracker.receipts import documents, service
from tracker.web.render import render

router = APIRouter(tags=["verify"], include_in_schema=True)

MAX_UPLOAD = 5 * 1024 * 1024
LABELS = {
    "en": {
        "title": "Delivery receipt",
        "genuine": "Genuine receipt",
        "tampered": "This receipt's record does not match its hash. Do not rely on it.",
        "from": "From",
        "to": "To",
        "shipment": "Shipment",
        "received_by": "Received by",
        "received_at": "Received on",
        "item": "Item",
        "shipped": "Shipped",
        "received": "Received",
        "condition": "Condition",
        "hash": "SHA-256 of the content",
        "check": "Check a copy",
        "upload": "Upload the receipt PDF",
        "paste": "or paste a SHA-256 hash",
        "submit": "Check",
        "match": "This copy matches the original.",
        "no_match": "This copy does NOT match the original receipt.",
        "not_a_hash": "That is not a SHA-256 hash (64 hexadecimal characters).",
        "too_large": "The file is too large (at most 5 MB).",
        "good": "good",
        "damaged": "damaged",
        "missing": "missing",
        "unknown": "No receipt has this code.",
        "unknown_hint": "Check the code on the paper: it looks like RCPT-7K3Q-M2XA.",
    },
    "uk": {
        "title": "Акт приймання",
        "genuine": "Справжній акт",
        "tampered": "Запис акта не відповідає його хешу. Не покладайтеся на нього.",
        "from": "Від",
        "to": "Кому",
        "shipment": "Відправлення",
        "received_by": "Прийняв(ла)",
        "received_at": "Дата приймання",
        "item": "Найменування",
        "shipped": "Відвантажено",
        "received": "Отримано",
        "condition": "Стан",
        "hash": "SHA-256 змісту",
        "check": "Перевірити копію",
        "upload": "Завантажте PDF акта",
        "paste": "або вставте хеш SHA-256",
        "submit": "Перевірити",
        "match": "Ця копія збігається з оригіналом.",
        "no_match": "Ця копія НЕ збігається з оригіналом акта.",
        "not_a_hash": "Це не хеш SHA-256 (64 шістнадцяткові символи).",
        "too_large": "Файл завеликий (не більше 5 МБ).",
        "good": "добрий",
        "damaged": "пошкоджено",
        "missing": "відсутнє",
        "unknown": "Акта з таким кодом немає.",
        "unknown_hint": "Перевірте код на папері: він має вигляд RCPT-7K3Q-M2XA.",
    },
}
_HEX = re.compile(r"^[0-9a-f]{64}$")


def _page(request: Request, session, code: str, check: dict | None, status: int = 200):  # type: ignore[no-untyped-def]
    try:
        receipt = service.get_by_code(session, code)
    except NotFound:
        lang = pick_language(
            request.query_params.get("lang"), request.headers.get("accept-language")
        )
        context = {"code": code.upper(), "lang": lang, "t": LABELS["uk" if lang == "uk" else "en"]}
        return render(request, "verify_unknown.html", context, status=404)
    content = json.loads(receipt.content)
    context = {
        "receipt": receipt,
        "content": content,
        "genuine": service.verify_content(receipt),
        "check": check,
    }
    lang = pick_language(request.query_params.get("lang"), request.headers.get("accept-language"))
    context["lang"] = lang
    context["t"] = LABELS["uk" if lang == "uk" else "en"]
    return render(request, "verify.html", context, status=status)


@router.get("/verify/{code}", response_class=HTMLResponse)
def verify(code: str, request: Request, session: SessionDep) -> HTMLResponse:
    """Is this receipt genuine: what was received, when, by whom, from whom to whom."""
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
            ok = documents.matches_original(session, receipt, base_url, data)
            check = {"ok": ok, "what": "pdf", "digest": hashlib.sha256(data).hexdigest()}
    else:
        pasted = sha256.strip().lower()
        if not _HEX.match(pasted):
            check = {"ok": False, "what": "hash", "message": "not_a_hash"}
        else:
            check = {"ok": pasted == receipt.sha256, "what": "hash", "digest": pasted}
    return _page(request, session, code, check)
