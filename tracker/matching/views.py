"""The matching board: ranked pledges for one request, one-click allocation, the optimal plan.

Coordinators and administrators only. Everything goes through the same services as the API
(`matching.service`, `allocations.service`); the page only reads, calls and explains.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlmodel import Session

from tracker import i18n
from tracker.allocations import service as allocations
from tracker.allocations.models import AllocationCreate
from tracker.auth.models import User
from tracker.dashboard import queries as q
from tracker.db import SessionDep, end_read, utcnow
from tracker.errors import N_, DomainError, Forbidden, NotFound
from tracker.fields import MAX_ID, Id
from tracker.matching import core
from tracker.matching import service as matching
from tracker.matching.solver import Plan
from tracker.pledges import service as pledges
from tracker.requests import service as requests
from tracker.vocab import Category
from tracker.web.forms import parse_form
from tracker.web.labels import labeller
from tracker.web.render import error_text, is_htmx, language, render
from tracker.web.security import Csrf, PageUser

router = APIRouter(include_in_schema=False)

SHOWN_SUGGESTIONS = 20
TEMPLATE = "matching/board.html"


class Words:
    """The page's language for strings built in Python (reasons, skip explanations)."""

    def __init__(self, request: Request) -> None:
        lang = self.lang = language(request)
        self.tr: Callable[[str], str] = i18n.translations(lang).gettext
        self.label = labeller(self.tr)
        self.num = lambda value: i18n.number(value, lang)

    def days(self, n: int) -> str:
        return i18n.plural(self.lang, "%(num)s day", "%(num)s days", n)

    def reason(self, parts: list[core.ReasonPart]) -> str:
        """`core.reason_text`, in the page's language."""
        tr, words = self.tr, []
        for code, p in parts:
            if code == "aimed":
                words.append(tr("pledged for this request"))
            elif code == "twin_city":
                words.append(tr("twin city"))
            elif code == "priority":
                words.append(
                    tr("%(priority)s priority")
                    % {"priority": self.label("priority", p["priority"])}
                )
            elif code == "distance":
                words.append(tr("%(km)s km") % {"km": self.num(round(p["km"]))})
            elif code == "distance_unknown":
                words.append(
                    tr("location unknown (counted as %(km)s km)")
                    % {"km": self.num(round(p["assumed_km"]))}
                )
            elif code == "available_in":
                words.append(tr("available in %(days)s") % {"days": self.days(p["days"])})
            elif code == "overdue":
                words.append(tr("needed %(days)s ago") % {"days": self.days(p["days"])})
            elif code == "available_before":
                words.append(
                    tr("available %(days)s before needed") % {"days": self.days(p["days"])}
                )
            elif code == "available_on_day":
                words.append(tr("available on the day needed"))
            elif code == "available_late":
                words.append(tr("available %(days)s after needed") % {"days": self.days(p["days"])})
            else:
                words.append(core.reason_text([(code, p)]))
        return ", ".join(words)

    def skipped(self, why: str) -> str:
        """`apply_plan`'s fixed explanations in the page's language; others as they are."""
        if why == "no longer exists":
            return self.tr("no longer exists")
        if why == "already covered or no longer available":
            return self.tr("already covered or no longer available")
        found = re.fullmatch(r"only (\d+) of (\d+) still fit", why)
        if found:
            return self.tr("only %(room)s of %(planned)s still fit") % {
                "room": self.num(int(found[1])),
                "planned": self.num(int(found[2])),
            }
        return why


def _ensure_coordinator(request: Request, user: User) -> None:
    if not user.is_coordinator:
        raise Forbidden(N_("Only coordinators and administrators can use the matching board."))


def _int(value: str | None) -> int | None:
    try:
        number = int(value or "")
    except ValueError:
        return None
    return number if 0 < number <= MAX_ID else None


# Building the page --------------------------------------------------------------------------


def _suggestions_context(
    session: Session, words: Words, request_id: Id | None, today: date
) -> dict[str, Any]:
    """The chosen request and its ranked pledges with partner, item and default quantity."""
    context: dict[str, Any] = {"chosen": None, "suggestions": [], "suggestions_total": 0}
    if request_id is None:
        return context
    try:
        chosen = requests.read(session, request_id)
    except NotFound:
        context["pick_error"] = words.tr("There is no request with this number.")
        return context
    found = matching.suggestions(session, request_id, today)
    shown = found[:SHOWN_SUGGESTIONS]
    details = q.pledges_with_partner(session, [s.pledge_id for s in shown])
    missing = chosen.quantity_needed
    rows = []
    for s in shown:
        pledge, partner = details[s.pledge_id]
        rows.append(
            {
                "s": s,
                "pledge": pledge,
                "partner": partner,
                "reason": words.reason(s.reason_parts),
                "quantity": min(missing, s.quantity_available),
            }
        )
    context |= {
        "chosen": chosen,
        "missing": missing,
        "suggestions": rows,
        "suggestions_total": len(found),
    }
    return context


def _plan_rows(session: Session, words: Words, proposed: list[Any]) -> list[dict[str, Any]]:
    """Each proposed (or applied/skipped) pair with its request and pledge spelled out."""
    reqs = q.requests_with_community(session, [a.request_id for a, *_ in proposed])
    offers = q.pledges_with_partner(session, [a.pledge_id for a, *_ in proposed])
    rows = []
    for a, *extra in proposed:
        rows.append(
            {
                "a": a,
                "request": reqs.get(a.request_id),
                "pledge": offers.get(a.pledge_id),
                "reason": words.reason(a.reason_parts),
                "extra": extra[0] if extra else None,
            }
        )
    return rows


class PlanFilter:
    """The plan's filter, as typed in the form (kept for re-display and the apply form)."""

    def __init__(self, category: str = "", oblast: str = "", community_id: str = "") -> None:
        self.category = category.strip()
        self.oblast = oblast.strip()
        self.community_id = community_id.strip()
        self.errors: dict[str, str] = {}

    def check(self, words: Words) -> bool:
        if self.category and self.category not in {c.value for c in Category}:
            self.errors["category"] = words.tr("Choose one of the options.")
        if self.community_id and _int(self.community_id) is None:
            self.errors["community_id"] = words.tr("Choose one of the options.")
        return not self.errors

    def make(self, session: Session, today: date) -> Plan:
        return matching.make_plan(
            session,
            today,
            self.category or None,
            _int(self.community_id),
            self.oblast or None,
        )


def _plan_context(
    session: Session, words: Words, plan_filter: PlanFilter, propose: bool, today: date
) -> dict[str, Any]:
    oblasts, communities = q.plan_filter_choices(session)
    context: dict[str, Any] = {
        "filter": plan_filter,
        "oblasts": oblasts,
        "communities": communities,
        "proposal": None,
        "outcome": None,
    }
    if propose and plan_filter.check(words):
        proposal = plan_filter.make(session, today)
        context["proposal"] = proposal
        context["plan_rows"] = _plan_rows(session, words, [(a,) for a in proposal.allocations])
    return context


def _board(
    request: Request,
    session: Session,
    *,
    request_id: Id | None = None,
    plan_filter: PlanFilter | None = None,
    propose: bool = False,
    extra: dict[str, Any] | None = None,
) -> dict[str, Any]:
    words = Words(request)
    today = utcnow().date()
    search = request.query_params.get("q", "")
    context = {
        "choices": q.request_choices(session, search),
        "search": search,
        "request_id": request_id,
        "cost_model": core.cost_model_text(),
        "message": None,
        "error": None,
        "field_errors": {},
    }
    context |= _suggestions_context(session, words, request_id, today)
    context |= _plan_context(session, words, plan_filter or PlanFilter(), propose, today)
    context |= extra or {}
    end_read(session)
    return context


# Routes -------------------------------------------------------------------------------------


@router.get("/matching", response_class=HTMLResponse)
def board(
    request: Request,
    session: SessionDep,
    user: PageUser,
    request_id: str = "",
    category: str = "",
    oblast: str = "",
    community_id: str = "",
    propose: str = "",
    allocated: str = "",
) -> Response:
    """Pick a request to see its ranked pledges; or propose the optimal plan for a filter."""
    _ensure_coordinator(request, user)
    extra: dict[str, Any] = {}
    done = _int(allocated)
    if done is not None:
        try:
            extra["message"] = _allocated_message(request, session, allocations.get(session, done))
        except NotFound:
            pass
    context = _board(
        request,
        session,
        request_id=_int(request_id),
        plan_filter=PlanFilter(category, oblast, community_id),
        propose=bool(propose),
        extra=extra,
    )
    return render(request, TEMPLATE, context, block="plan" if propose else "picker")


def _allocated_message(request: Request, session: Session, allocation: Any) -> str:
    words = Words(request)
    pledge = pledges.get(session, allocation.pledge_id)
    return words.tr("Allocated %(quantity)s %(unit)s from pledge #%(pledge)s.") % {
        "quantity": words.num(allocation.quantity),
        "unit": words.label("unit", pledge.unit),
        "pledge": allocation.pledge_id,
    }


@router.post("/matching/allocate", response_class=HTMLResponse, dependencies=[Csrf])
def allocate(
    request: Request,
    session: SessionDep,
    user: PageUser,
    request_id: Annotated[str, Form()] = "",
    pledge_id: Annotated[str, Form()] = "",
    quantity: Annotated[str, Form()] = "",
) -> Response:
    """One click: allocate a suggested pledge to the request (quantity defaults to what fits)."""
    _ensure_coordinator(request, user)
    words = Words(request)
    if not quantity.strip():
        quantity = str(_default_quantity(session, _int(request_id), _int(pledge_id)) or "")
    form = {"request_id": request_id, "pledge_id": pledge_id, "quantity": quantity}
    data, errors = parse_form(AllocationCreate, form, words.tr)
    status, error = 422, None
    if data is not None:
        try:
            allocation = allocations.create(session, data, user)
        except DomainError as exc:
            status, error = exc.status_code, error_text(request, exc)
        else:
            if not is_htmx(request):
                target = "/matching?" + urlencode(
                    {"request_id": data.request_id, "allocated": allocation.id}
                )
                return RedirectResponse(target, status_code=303)
            message = _allocated_message(request, session, allocation)
            context = _board(request, session, request_id=data.request_id)
            return render(request, TEMPLATE, context | {"message": message}, block="suggestions")
    context = _board(
        request,
        session,
        request_id=_int(request_id),
        extra={"error": error, "field_errors": errors, "failed_pledge": _int(pledge_id)},
    )
    return render(request, TEMPLATE, context, block="suggestions", status=status)


def _default_quantity(session: Session, request_id: Id | None, pledge_id: Id | None) -> int:
    """min(still needed, still available), or 0 when either cannot be read."""
    if request_id is None or pledge_id is None:
        return 0
    try:
        wanted = requests.get(session, request_id)
        offered = pledges.get(session, pledge_id)
    except NotFound:
        return 0
    return max(min(wanted.quantity_needed, offered.quantity_available), 0)


@router.post("/matching/plan", response_class=HTMLResponse, dependencies=[Csrf])
def apply_plan(
    request: Request,
    session: SessionDep,
    user: PageUser,
    category: Annotated[str, Form()] = "",
    oblast: Annotated[str, Form()] = "",
    community_id: Annotated[str, Form()] = "",
) -> Response:
    """Re-compute the plan for the filter (same data, same plan) and apply it in one step."""
    _ensure_coordinator(request, user)
    words = Words(request)
    plan_filter = PlanFilter(category, oblast, community_id)
    if not plan_filter.check(words):
        context = _board(request, session, plan_filter=plan_filter)
        return render(request, TEMPLATE, context, block="plan", status=422)
    proposal = plan_filter.make(session, utcnow().date())
    result = matching.apply_plan(session, proposal, user)
    outcome = {
        "applied": _plan_rows(session, words, list(result.applied)),
        "skipped": [
            row | {"why": words.skipped(row["extra"])}
            for row in _plan_rows(session, words, list(result.skipped))
        ],
        "applied_quantity": sum(n for _, n in result.applied),
    }
    context = _board(request, session, plan_filter=plan_filter, extra={"outcome": outcome})
    return render(request, TEMPLATE, context, block="plan")
