"""Sign in, sign out, and the language switch."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from tracker.auth import ratelimit
from tracker.auth import service as auth
from tracker.db import SessionDep
from tracker.errors import NotAuthenticated
from tracker.i18n import PAGE_LANGUAGES
from tracker.web.render import render
from tracker.web.security import (
    Csrf,
    OptionalPageUser,
    csrf_ok,
    safe_next,
    session_secret,
    sign_in,
    sign_out,
)

router = APIRouter(include_in_schema=False)


@router.get("/login", response_class=HTMLResponse)
def login_page(request: Request, user: OptionalPageUser, next: str = "/") -> Response:
    if user is not None:
        return RedirectResponse(safe_next(next), status_code=303)
    return render(request, "login.html", {"next": safe_next(next), "error": None, "email": ""})


@router.post("/login", response_class=HTMLResponse)
def login(
    request: Request,
    session: SessionDep,
    email: Annotated[str, Form()] = "",
    password: Annotated[str, Form()] = "",
    next: Annotated[str, Form()] = "/",
    csrf_token: Annotated[str, Form()] = "",
) -> Response:
    address = ratelimit.client_address(request)
    context = {"next": safe_next(next), "email": email}
    if not csrf_ok(request, csrf_token):
        return render(request, "login.html", context | {"error": "expired"}, status=400)
    try:
        user = auth.sign_in(session, email, password, address)
    except ratelimit.TooManyAttempts:
        return render(request, "login.html", context | {"error": "too_many"}, status=429)
    except NotAuthenticated:
        return render(request, "login.html", context | {"error": "wrong"}, status=401)
    secret = auth.start_web_session(
        session,
        user,
        user_agent=request.headers.get("user-agent", ""),
        address=address,
        replaces=session_secret(request),
    )
    sign_in(request, secret)
    return RedirectResponse(safe_next(next), status_code=303)


@router.post("/logout", dependencies=[Csrf])
def logout(request: Request, session: SessionDep) -> Response:
    secret = session_secret(request)
    if secret is not None:
        auth.end_web_session(session, secret)
    sign_out(request)
    return RedirectResponse("/login", status_code=303)


@router.get("/lang/{code}")
def switch_language(
    code: str, request: Request, session: SessionDep, user: OptionalPageUser, next: str = "/"
) -> Response:
    """Remember the chosen language in a cookie (and in the account's setting when signed in
    and the account has one) and go back; works signed out too."""
    response = RedirectResponse(safe_next(next), status_code=303)
    if code in PAGE_LANGUAGES:
        response.set_cookie("lang", code, max_age=365 * 86400, samesite="lax", httponly=True)
        if user is not None and hasattr(user, "language"):
            user.language = code
            session.add(user)
            session.commit()
    return response
