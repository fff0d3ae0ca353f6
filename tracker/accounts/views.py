"""Pages without an account: "forgot password", and the links that set a password."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from tracker.accounts import service
from tracker.accounts.models import Purpose
from tracker.auth import ratelimit
from tracker.auth import service as auth
from tracker.db import SessionDep
from tracker.errors import DomainError, Invalid
from tracker.web.forms import translator
from tracker.web.render import error_text, render
from tracker.web.security import Csrf, session_secret, sign_in

router = APIRouter(include_in_schema=False)


@router.get("/forgot", response_class=HTMLResponse)
def forgot_page(request: Request) -> Response:
    return render(request, "accounts/forgot.html", {"sent": False, "email": ""})


@router.post("/forgot", response_class=HTMLResponse, dependencies=[Csrf])
def forgot(request: Request, session: SessionDep, email: Annotated[str, Form()] = "") -> Response:
    """The same answer whether or not the account exists."""
    base = request.app.state.settings.base_url
    service.request_reset(session, email[:254], ratelimit.client_address(request), base)
    return render(request, "accounts/forgot.html", {"sent": True, "email": ""})


def _link_page(
    request: Request, purpose: Purpose, email: str, status: int = 200, **shown: Any
) -> Response:
    context = {"purpose": purpose.value, "email": email, "errors": {}, "values": {}} | shown
    return render(request, "accounts/set_password.html", context, status=status)


def _gone(request: Request, exc: DomainError) -> Response:
    return render(
        request,
        "accounts/link_gone.html",
        {"detail": error_text(request, exc)},
        status=exc.status_code,
    )


def _show(request: Request, session: SessionDep, token: str, purpose: Purpose) -> Response:
    try:
        link = service.open_link(session, token, purpose)
    except (service.LinkGone, service.LinkUnknown) as exc:
        return _gone(request, exc)
    return _link_page(request, purpose, link.user.email, values={"full_name": link.user.full_name})


def _use(
    request: Request, session: SessionDep, token: str, purpose: Purpose, form: dict[str, str]
) -> Response:
    _ = translator(request)
    try:
        link = service.open_link(session, token, purpose)
    except (service.LinkGone, service.LinkUnknown) as exc:
        return _gone(request, exc)
    values = {"full_name": form.get("full_name", "")}
    if form["password"] != form["password2"]:
        errors = {"password2": _("The two passwords differ.")}
        return _link_page(request, purpose, link.user.email, 422, errors=errors, values=values)
    try:
        user = service.use_link(session, token, purpose, form["password"])
    except Invalid as exc:
        errors = {"password": error_text(request, exc)}
        return _link_page(request, purpose, link.user.email, 422, errors=errors, values=values)
    except (service.LinkGone, service.LinkUnknown) as exc:
        return _gone(request, exc)
    secret = auth.start_web_session(
        session,
        user,
        user_agent=request.headers.get("user-agent", ""),
        address=ratelimit.client_address(request),
        replaces=session_secret(request),
    )
    sign_in(request, secret)
    return RedirectResponse("/", status_code=303)


@router.get("/reset/{token}", response_class=HTMLResponse)
def reset_page(token: str, request: Request, session: SessionDep) -> Response:
    return _show(request, session, token, Purpose.reset)


@router.post("/reset/{token}", response_class=HTMLResponse, dependencies=[Csrf])
def reset(
    token: str,
    request: Request,
    session: SessionDep,
    password: Annotated[str, Form()] = "",
    password2: Annotated[str, Form()] = "",
) -> Response:
    form = {"password": password, "password2": password2}
    return _use(request, session, token, Purpose.reset, form)


@router.get("/invite/{token}", response_class=HTMLResponse)
def invite_page(token: str, request: Request, session: SessionDep) -> Response:
    return _show(request, session, token, Purpose.invite)


@router.post("/invite/{token}", response_class=HTMLResponse, dependencies=[Csrf])
def accept_invite(
    token: str,
    request: Request,
    session: SessionDep,
    password: Annotated[str, Form()] = "",
    password2: Annotated[str, Form()] = "",
) -> Response:
    form = {"password": password, "password2": password2}
    return _use(request, session, token, Purpose.invite, form)
