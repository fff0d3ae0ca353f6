"""A CSV template for `/import`: the columns the importer reads and one example row written in
the reader's language, with real organization names, so that it passes a check as it is."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import Response

from tracker.db import SessionDep, utcnow
from tracker.orgs import service as orgs
from tracker.vocab import OrgKind
from tracker.web.render import language
from tracker.web.security import PageCoordinator

router = APIRouter(include_in_schema=False)

COLUMNS = {
    "requests": [
        "community", "category", "item", "quantity", "unit", "priority", "needed_by",
        "destination", "justification",
    ],
    "pledges": [
        "partner", "category", "item", "quantity", "unit", "origin", "available_from",
        "value_amount", "currency",
    ],
}  # fmt: skip

# The example rows' words, per language (data, not page text: the file is the reader's).
EXAMPLES: dict[str, dict[str, str]] = {
    "uk": {
        "request_item": "Генератор 30 кВт для котельні",
        "destination": "Бровари",
        "justification": "Котельня школи зупиняється під час відключень світла",
        "pledge_item": "Тепловентилятори 3 кВт",
        "origin": "Єна",
        "currency": "UAH",
        "amount": "60000.00",
    },
    "en": {
        "request_item": "30 kW generator for the boiler house",
        "destination": "Brovary",
        "justification": "The school's boiler house stops during power cuts",
        "pledge_item": "3 kW fan heaters",
        "origin": "Erlangen",
        "currency": "EUR",
        "amount": "1500.00",
    },
    "de": {
        "request_item": "Stromgenerator 30 kW für das Heizhaus",
        "destination": "Brovary",
        "justification": "Das Heizhaus der Schule fällt bei Stromausfällen aus",
        "pledge_item": "Heizlüfter 3 kW",
        "origin": "Jena",
        "currency": "EUR",
        "amount": "1500.00",
    },
    "sv": {
        "request_item": "Elverk 30 kW till skolans värmecentral",
        "destination": "Brovary",
        "justification": "Skolans värmecentral stannar vid strömavbrott",
        "pledge_item": "Värmefläktar 3 kW",
        "origin": "Kalmar",
        "currency": "SEK",
        "amount": "17000.00",
    },
}


def template_csv(kind: str, lang: str, community: str, partner: str) -> str:
    words = EXAMPLES.get(lang, EXAMPLES["en"])
    today = utcnow().date()
    if kind == "pledges":
        row = [
            partner, "heating", words["pledge_item"], "20", "pcs", words["origin"],
            (today + timedelta(days=7)).isoformat(), words["amount"], words["currency"],
        ]  # fmt: skip
    else:
        row = [
            community, "generator", words["request_item"], "2", "pcs", "high",
            (today + timedelta(days=30)).isoformat(), words["destination"], words["justification"],
        ]  # fmt: skip
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS[kind])
    writer.writerow(row)
    return out.getvalue()


def _first_name(session: SessionDep, kind: OrgKind) -> str:
    found, _total = orgs.list_organizations(session, kind, None, 1, 0)
    return found[0].name if found else ""


@router.get("/import/template-{kind}.csv")
def import_template(
    kind: str, request: Request, session: SessionDep, user: PageCoordinator
) -> Response:
    """The template for `kind` (requests or pledges), UTF-8 with a BOM so Excel reads it."""
    if kind not in COLUMNS:
        raise HTTPException(status_code=404)
    lang = language(request)
    text = template_csv(
        kind, lang, _first_name(session, OrgKind.community), _first_name(session, OrgKind.partner)
    )
    return Response(
        ("\ufeff" + text).encode("utf-8"),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="tracker-{kind}-{lang}.csv"'},
    )
