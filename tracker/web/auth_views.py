"""Sign in, sign out, and the language switch."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from tracker.auth import service as auth
from tracker.auth.ratelimit import TooManyAttempts
from tracker.db import SessionDep
from tracker.i18n import PAGE_LANGUAGES
from tracker.web.render import render
from tracker.web.security import Csrf, OptionalPageUser, csrf_ok, safe_next, sign_in, sign_out

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
    limiter = request.app.state.login_limiter
    context = {"next": safe_next(next), "email": email}
    if not csrf_ok(request, csrf_token):
        return render(request, "login.html", context | {"error": "expired"}, status=400)
    try:
        limiter.check(request, email)
    except TooManyAttempts:
        return render(request, "login.html", context | {"error": "too_many"}, status=429)
    user = auth.authenticate(session, email, password)
    if user is None:
        limiter.failed(request, email)
        return render(request, "login.html", context | {"error": "wrong"}, status=401)
    sign_in(request, user)
    return RedirectResponse(safe_next(next), status_code=303)


@router.post("/logout", dependencies=[Csrf])
def logout(request: Request) -> Response:
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
