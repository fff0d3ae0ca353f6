"""Pages: the inbox (`/notifications`), its settings, and the bell in the header."""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Form, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlmodel import Session

from tracker import i18n
from tracker.db import SessionDep
from tracker.errors import DomainError
from tracker.fields import Id
from tracker.notifications import messages, service
from tracker.notifications.models import Delivery, Kind
from tracker.web.render import _env, error_text, render
from tracker.web.security import Csrf, PageUser

router = APIRouter(tags=["notifications"], include_in_schema=False)
PAGE_SIZE = 25


def unread_notifications(request: Request, user: Any) -> int:
    """The bell's count (base.html); a page never fails because of it."""
    try:
        with Session(request.app.state.engine) as session:
            return service.unread_count(session, user.id)
    except Exception:  # noqa: BLE001
        return 0


_env.globals["unread_notifications"] = unread_notifications


def _pager(total: int, offset: int, unread: bool) -> dict[str, Any]:
    def url(at: int) -> str:
        query = {"offset": at} | ({"unread": "true"} if unread else {})
        return "/notifications?" + urlencode(query)

    return {
        "total": total,
        "first": offset + 1 if total else 0,
        "last": min(offset + PAGE_SIZE, total),
        "previous": url(max(offset - PAGE_SIZE, 0)) if offset > 0 else None,
        "next": url(offset + PAGE_SIZE) if offset + PAGE_SIZE < total else None,
        "target": None,
    }


@router.get("/notifications", response_class=HTMLResponse)
def inbox_page(
    request: Request,
    session: SessionDep,
    user: PageUser,
    offset: Annotated[int, Query(ge=0)] = 0,
    unread: bool = False,
) -> Response:
    items, total = service.inbox(session, user, unread=unread, limit=PAGE_SIZE, offset=offset)
    context = {
        "items": items,
        "unread_only": unread,
        "pager": _pager(total, offset, unread),
        "when": lambda value: messages.moment(value, user.language, user.timezone),
    }
    return render(request, "notifications/list.html", context)


@router.post("/notifications/read-all", dependencies=[Csrf])
def read_all_page(session: SessionDep, user: PageUser) -> Response:
    service.mark_all_read(session, user)
    return RedirectResponse("/notifications", status_code=303)


@router.post("/notifications/{notification_id}/read", dependencies=[Csrf])
def read_page(notification_id: Id, session: SessionDep, user: PageUser) -> Response:
    notification = service.mark_read(session, user, notification_id)
    return RedirectResponse(notification.link or "/notifications", status_code=303)


def _settings_page(request: Request, session: Session, user: Any, **extra: Any) -> Response:
    context = {
        "kinds": [(k.value, messages.KIND_NAMES[k]) for k in Kind],
        "deliveries": [d.value for d in Delivery],
        "chosen": service.preferences_of(session, user.id),
        "all_languages": i18n.LANGUAGE_NAMES,
        "me": user,
    } | extra
    return render(
        request, "notifications/preferences.html", context, status=extra.get("status", 200)
    )


@router.get(service.PREFERENCES_PATH, response_class=HTMLResponse)
def preferences_page(request: Request, session: SessionDep, user: PageUser) -> Response:
    return _settings_page(request, session, user)


@router.post(service.PREFERENCES_PATH, response_class=HTMLResponse, dependencies=[Csrf])
async def save_preferences(
    request: Request,
    session: SessionDep,
    user: PageUser,
    language: Annotated[str, Form(max_length=5)],
    timezone: Annotated[str, Form(max_length=64)],
) -> Response:
    form = await request.form()
    chosen = {k.value: str(form[f"kind_{k.value}"]) for k in Kind if f"kind_{k.value}" in form}

    def save() -> Response:  # the database work, off the event loop
        try:
            updated = service.update_settings(
                session, user, language=language, timezone=timezone.strip(), notifications=chosen
            )
        except DomainError as exc:
            error = error_text(request, exc)
            return _settings_page(request, session, user, error=error, status=422)
        return _settings_page(request, session, updated, saved=True)

    return await run_in_threadpool(save)
