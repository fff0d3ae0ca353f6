"""Bulk import of requests and pledges from CSV, with a report line per refused row.

The file may come from our own export (read by its HXL hashtags when it has a hashtag row),
from Excel (UTF-8 with a BOM or Windows-1251, `;` separators, `20.12.2026` dates, decimal
commas) or be typed by hand with English or Ukrainian column names. Every row goes through
the API's own schemas (`RequestCreate`, `PledgeCreate`), so a rule lives in one place. Nothing
is written unless every row is valid, or, with `skip_invalid`, only the valid rows, in one
transaction with an audit row per record.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from hxl.model import Column, TagPattern
from pydantic import BaseModel, ValidationError
from sqlmodel import Session, select

from tracker.auth.models import User
from tracker.errors import N_, Forbidden, Invalid
from tracker.geo.locate import Located, locate
from tracker.orgs.models import Organization
from tracker.pledges import service as pledges
from tracker.pledges.models import PledgeCreate
from tracker.reports.columns import COLUMNS, IMPORT_KINDS, ImportKind
from tracker.requests import service as requests
from tracker.requests.models import AidRequest, RequestCreate
from tracker.vocab import Category, OrgKind, Priority, Role, Unit

Progress = Callable[[int, int], None]

# The fields each kind reads. `community_name`/`partner_name` carry the organization by name.
IMPORT_FIELDS: dict[str, tuple[str, ...]] = {
    "requests": (
        "community_id",
        "community_name",
        "category",
        "item",
        "quantity",
        "unit",
        "priority",
        "needed_by",
        "destination",
        "justification",
        "latitude",
        "longitude",
    ),
    "pledges": (
        "partner_id",
        "partner_name",
        "request_id",
        "category",
        "item",
        "quantity",
        "unit",
        "origin",
        "latitude",
        "longitude",
        "available_from",
        "value_amount",
        "currency",
    ),
}
REQUIRED: dict[str, tuple[str, ...]] = {
    "requests": ("category", "item", "quantity", "unit", "destination"),
    "pledges": ("category", "item", "quantity", "unit", "origin"),
}
ORG: dict[str, tuple[str, str, OrgKind]] = {
    # kind: (id field, name field, organization kind)
    "requests": ("community_id", "community_name", OrgKind.community),
    "pledges": ("partner_id", "partner_name", OrgKind.partner),
}

# Header names people use (normalised: case-folded, spaces and dots as "_"), English and
# Ukrainian, to the field they mean.
HEADER_ALIASES: dict[str, str] = {
    "community": "community_name",
    "громада": "community_name",
    "назва_громади": "community_name",
    "id_громади": "community_id",
    "partner": "partner_name",
    "партнер": "partner_name",
    "id_партнера": "partner_id",
    "категорія": "category",
    "найменування": "item",
    "предмет": "item",
    "товар": "item",
    "кількість": "quantity",
    "qty": "quantity",
    "одиниця": "unit",
    "од_виміру": "unit",
    "одиниця_виміру": "unit",
    "пріоритет": "priority",
    "потрібно_до": "needed_by",
    "термін": "needed_by",
    "місце_призначення": "destination",
    "призначення": "destination",
    "обґрунтування": "justification",
    "обгрунтування": "justification",
    "широта": "latitude",
    "довгота": "longitude",
    "запит": "request_id",
    "походження": "origin",
    "звідки": "origin",
    "доступно_з": "available_from",
    "вартість": "value_amount",
    "сума": "value_amount",
    "value": "value_amount",
    "валюта": "currency",
}

VALUE_ALIASES: dict[str, dict[str, str]] = {
    "unit": {
        "шт": "pcs",
        "штук": "pcs",
        "pc": "pcs",
        "pieces": "pcs",
        "кг": "kg",
        "т": "t",
        "л": "l",
        "м3": "m3",
        "м³": "m3",
        "m³": "m3",
        "ящик": "box",
        "коробка": "box",
        "палета": "pallet",
        "піддон": "pallet",
        "комплект": "set",
        "набір": "set",
    },
    "priority": {
        "критичний": "critical",
        "критично": "critical",
        "високий": "high",
        "звичайний": "normal",
        "нормальний": "normal",
        "середній": "normal",
        "medium": "normal",
        "низький": "low",
    },
    "category": {
        "генератор": "generator",
        "генератори": "generator",
        "опалення": "heating",
        "медичне_обладнання": "medical_equipment",
        "медичні_засоби": "medical_supplies",
        "медикаменти": "medical_supplies",
        "транспорт": "vehicle",
        "автомобіль": "vehicle",
        "укриття": "shelter",
        "вода_та_санітарія": "water_sanitation",
        "водопостачання": "water_sanitation",
        "продукти": "food",
        "харчування": "food",
        "одяг": "clothing",
        "освіта": "education",
        "it": "it_equipment",
        "комп'ютерна_техніка": "it_equipment",
        "інше": "other",
    },
}


# What a field must look like, in the words of a refusal.
@dataclass(frozen=True)
class Said:
    """One finding in words: an English message (its gettext msgid) and the values it names.

    Pages show it translated (`render`); the command line and the API show the English. A
    value may itself be `Said`, translated with it.
    """

    text: str
    values: Mapping[str, Any] = field(default_factory=dict)

    def render(self, gettext: Callable[[str], str]) -> str:
        text = gettext(self.text)
        if not self.values:
            return text
        return text % {
            name: value.render(gettext) if isinstance(value, Said) else value
            for name, value in self.values.items()
        }

    def __str__(self) -> str:
        return self.render(str)


def _one_of(codes: Iterable[str]) -> Said:
    return Said(N_("one of %(codes)s"), {"codes": ", ".join(codes)})


RULES: dict[str, Said] = {
    "category": _one_of(c.value for c in Category),
    "unit": _one_of(u.value for u in Unit),
    "priority": _one_of(p.value for p in Priority),
    "quantity": Said(N_("a whole number greater than 0")),
    "needed_by": Said(N_("a date such as 2026-12-20")),
    "available_from": Said(N_("a date such as 2026-12-20")),
    "item": Said(N_("2 to 200 characters long")),
    "destination": Said(N_("a place name 2 to 200 characters long")),
    "origin": Said(N_("a place name 2 to 200 characters long")),
    "justification": Said(N_("at most 2000 characters long")),
    "value_amount": Said(N_("an amount of money of at least 0, with at most two decimals")),
    "latitude": Said(N_("a number between -90 and 90")),
    "longitude": Said(N_("a number between -180 and 180")),
    "currency": Said(N_("an ISO 4217 code such as EUR, UAH, SEK, PLN or USD")),
    "request_id": Said(N_("the number of an existing request")),
    "community_id": Said(N_("the number of a community")),
    "partner_id": Said(N_("the number of a partner")),
}

_DOTTED_DATE = re.compile(r"^(\d{1,2})[./](\d{1,2})[./](\d{4})$")
_SEPARATORS = (",", ";", "\t")


@dataclass(frozen=True)
class RowProblem:
    """What is wrong with one line of the file (or to know about it): one or more findings."""

    line: int
    findings: tuple[Said, ...]

    @classmethod
    def of(cls, line: int, text: str, **values: Any) -> RowProblem:
        return cls(line, (Said(text, values),))

    def render(self, gettext: Callable[[str], str]) -> str:
        return "; ".join(finding.render(gettext) for finding in self.findings)

    @property
    def message(self) -> str:
        return self.render(str)

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}"


@dataclass
class ImportReport:
    """What an import found and did. `errors` are refusals; `warnings` never stop it."""

    kind: str
    dry_run: bool = False
    skip_invalid: bool = False
    rows: int = 0
    valid: int = 0
    created: int = 0
    read_by_tags: bool = False
    delimiter: str = ","
    errors: list[RowProblem] = field(default_factory=list)
    warnings: list[RowProblem] = field(default_factory=list)
    created_ids: list[int] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def refused(self) -> int:
        return len({e.line for e in self.errors})

    def messages(self) -> list[str]:
        return [str(e) for e in self.errors]

    def summary(self) -> str:
        if self.dry_run:
            verdict = "dry run, nothing written"
        elif self.created:
            verdict = f"{self.created} {self.kind} created"
        else:
            verdict = "nothing written"
        return f"{self.rows} row(s) read, {self.valid} valid, {self.refused} refused; {verdict}."


@dataclass
class _Row:
    line: int
    data: dict[str, str]


@dataclass
class _Valid:
    line: int
    data: Any  # RequestCreate | PledgeCreate
    org: Organization


# Reading the file -------------------------------------------------------------------------


def _decode(content: str | bytes, report: ImportReport) -> str | None:
    """The file's text: UTF-8 (with or without a BOM); else Windows-1251 (Cyrillic) or
    Windows-1252 (Latin-1 and Western European), whichever reads as plausible words; None
    (and an error naming the encodings accepted) when neither clearly does."""
    if isinstance(content, str):
        return content.removeprefix("\ufeff")
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    readings = {}
    for encoding in ("cp1251", "cp1252"):
        try:
            readings[encoding] = content.decode(encoding)
        except UnicodeDecodeError:
            continue
    odd = {encoding: _implausible_words(text) for encoding, text in readings.items()}
    ranked = sorted(odd, key=lambda encoding: (odd[encoding], encoding))
    best = ranked[0] if ranked else None
    if best is None or (len(ranked) == 2 and odd[ranked[0]] == odd[ranked[1]] > 0):
        report.errors.append(
            RowProblem.of(
                1,
                N_(
                    "the file's encoding could not be recognised; save it as UTF-8 (or "
                    "Windows-1251 for Cyrillic, Windows-1252 for Western European text)"
                ),
            )
        )
        return None
    report.warnings.append(
        RowProblem.of(1, N_("the file is not UTF-8; it was read as Windows-1251 (Cyrillic)"))
        if best == "cp1251"
        else RowProblem.of(
            1, N_("the file is not UTF-8; it was read as Windows-1252 (Western European)")
        )
    )
    return readings[best]


_WORD = re.compile(r"[^\W\d_]+")


def _implausible_words(text: str) -> int:
    """How many words of `text` no language writes: Cyrillic and Latin letters mixed in one
    word ("GrцЯe", Latin-1 read as Windows-1251), or a word of three or more letters made
    mostly of accented Latin letters ("Ãåíåðàòîð", Windows-1251 read as Latin-1)."""
    odd = 0
    for word in _WORD.findall(text):
        cyrillic = sum(1 for ch in word if "\u0400" <= ch <= "\u04ff")
        ascii_letters = sum(1 for ch in word if ch.isascii())
        accented = len(word) - cyrillic - ascii_letters
        mixed = bool(cyrillic and (ascii_letters or accented))
        if mixed or (len(word) >= 3 and accented * 2 > len(word)):
            odd += 1
    return odd


def _delimiter(text: str) -> str:
    """The separator of the first non-blank line: Excel writes `;` where `,` is a decimal mark."""
    first = next((line for line in text.splitlines() if line.strip()), "")
    counts = {sep: first.count(sep) for sep in _SEPARATORS}
    best = max(counts, key=lambda sep: counts[sep])
    return best if counts[best] else ","


class _Unreadable(Exception):
    """The CSV reader gave up at `line` (a cell longer than it reads, a broken quote)."""

    def __init__(self, line: int) -> None:
        self.line = line


# The longest cell read (the csv module's default limit); longer ones refuse the file with a
# message instead of crashing the import. No column takes more than 2000 characters anyway.
MAX_CELL = 131_072


def _records(text: str, delimiter: str) -> Iterable[tuple[int, list[str]]]:
    """(line where the record starts, cells); blank records are skipped, lines still count."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    start = 1
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error:
            raise _Unreadable(start) from None
        if any(c.strip() for c in cells):
            yield start, cells
        start = reader.line_num + 1


def _is_hashtag_row(cells: list[str]) -> bool:
    filled = [c for c in cells if c.strip()]
    return bool(filled) and all(Column.parse(c) for c in filled)


def _normalise_header(name: str) -> str:
    return re.sub(r"[\s.\-/]+", "_", name.strip().casefold()).strip("_")


def _import_tags(kind: str) -> dict[str, str]:
    """Field → hashtag, from the export's columns (names as the importer calls them)."""
    tags = dict(COLUMNS[kind])
    return {f: tags[f] for f in IMPORT_FIELDS[kind] if f in tags}


def _map_columns(kind: str, header: list[str] | None, tags: list[str] | None) -> dict[str, int]:
    """Field → column index: by HXL hashtag when there is a hashtag row, else by header name."""
    mapping: dict[str, int] = {}
    taken: set[int] = set()
    if tags is not None:
        parsed = [Column.parse(t) if t.strip() else None for t in tags]
        wanted = _import_tags(kind)
        # Exact hashtag (attribute order ignored) first, then the first column it matches.
        for exact in (True, False):
            for name, spec in wanted.items():
                if name in mapping:
                    continue
                pattern = TagPattern.parse(spec)
                want = Column.parse(spec)
                for index, column in enumerate(parsed):
                    if not column or index in taken:
                        continue
                    if exact:
                        hit = column.tag == want.tag and column.attributes == want.attributes
                    else:
                        hit = pattern.match(column)
                    if hit:
                        mapping[name] = index
                        taken.add(index)
                        break
    if header is not None:
        known = set(IMPORT_FIELDS[kind])
        for index, name in enumerate(header):
            if index in taken or (tags is not None and index < len(tags) and tags[index].strip()):
                continue
            key = _normalise_header(name)
            key = HEADER_ALIASES.get(key, key)
            if key in known and key not in mapping:
                mapping[key] = index
                taken.add(index)
    return mapping


# Cleaning values the way spreadsheets write them --------------------------------------------


def _clean(name: str, value: str) -> str:
    value = value.strip()
    if name in VALUE_ALIASES:
        key = _normalise_header(value)
        value = VALUE_ALIASES[name].get(key, key)
    elif name in ("needed_by", "available_from"):
        dotted = _DOTTED_DATE.match(value)
        if dotted:
            day, month, year = dotted.groups()
            value = f"{year}-{int(month):02d}-{int(day):02d}"
    elif name in ("quantity", "value_amount", "latitude", "longitude") or name.endswith("_id"):
        value = re.sub(r"[\s\u00a0\u202f']", "", value)
        if "," in value and "." not in value:
            value = value.replace(",", ".")
    return value


def _explain(exc: ValidationError) -> list[Said]:
    """Pydantic's errors in plain words: 'quantity must be a whole number … (got 'five')'."""
    out = []
    for error in exc.errors():
        name = str(error["loc"][0]) if error["loc"] else "row"
        got = error.get("input")
        values: dict[str, Any] = {"column": name}
        if isinstance(got, str | int | float):
            values["got"] = repr(got)
        kind = error["type"]
        if kind == "missing":
            out.append(Said(N_("%(column)s is required"), {"column": name}))
        elif kind == "value_error":
            # The schema's own words (a validator's message), with the value given.
            out.append(
                Said(
                    N_("%(error)s (got %(got)s)"),
                    values | {"error": Said(str(error["ctx"]["error"]))},
                )
                if "got" in values
                else Said(str(error["ctx"]["error"]))
            )
        elif kind == "less_than_equal":
            values["limit"] = f"{error['ctx']['le']:,}"
            out.append(
                Said(N_("%(column)s must be at most %(limit)s (got %(got)s)"), values)
                if "got" in values
                else Said(N_("%(column)s must be at most %(limit)s"), values)
            )
        else:
            values["rule"] = RULES.get(name) or Said(error["msg"].lower())
            out.append(
                Said(N_("%(column)s must be %(rule)s (got %(got)s)"), values)
                if "got" in values
                else Said(N_("%(column)s must be %(rule)s"), values)
            )
    return out


# The import -------------------------------------------------------------------------------


class _Orgs:
    """Organizations by id, or by case-insensitive name (or unique place), loaded once."""

    def __init__(self, session: Session, kind: OrgKind) -> None:
        self.kind = kind
        everyone = session.exec(select(Organization)).all()
        self.by_id = {o.id: o for o in everyone}
        self.by_name = {o.name.strip().casefold(): o for o in everyone}
        # "Бровари" for the community named "Brovary": its place, when no other org shares it.
        places: dict[str, list[Organization]] = {}
        for o in everyone:
            if o.kind == kind and o.place.strip():
                places.setdefault(o.place.strip().casefold(), []).append(o)
        self.by_place = {p: found[0] for p, found in places.items() if len(found) == 1}

    def resolve(self, name: str | None, org_id: str | None) -> Organization | Said:
        """The organization, or why not."""
        kind = self.kind.value
        if name:
            key = name.strip().casefold()
            org = self.by_name.get(key) or self.by_place.get(key)
            if org is None:
                return Said(
                    N_("%(kind)s %(name)s is not known (check the spelling, or give %(kind)s_id)"),
                    {"kind": kind, "name": repr(name)},
                )
        elif org_id:
            try:
                org = self.by_id.get(int(org_id))
            except ValueError:
                return Said(
                    N_("%(kind)s_id must be the number of a %(kind)s (got %(got)s)"),
                    {"kind": kind, "got": repr(org_id)},
                )
            if org is None:
                return Said(N_("%(kind)s_id %(id)s does not exist"), {"kind": kind, "id": org_id})
        else:
            return Said(
                N_("%(kind)s is required (its name in a %(kind)s column, or %(kind)s_id)"),
                {"kind": kind},
            )
        if org.kind != self.kind:
            return Said(
                N_("%(name)s is a %(actual)s, not a %(kind)s"),
                {"name": org.name, "actual": org.kind, "kind": kind},
            )
        return org


def _check_actor(kind: str, actor: User | None) -> None:
    if actor is None or actor.is_coordinator:
        return
    own = Role.community if kind == "requests" else Role.partner
    if actor.role != own:
        what = "requests" if kind == "requests" else "pledges"
        raise Forbidden(
            N_("Only %(role)s staff and coordinators may import %(what)s."),
            role=own.value,
            what=what,
        )


def import_csv(
    session: Session,
    kind: ImportKind | str,
    content: str | bytes,
    actor: User | None = None,
    dry_run: bool = False,
    skip_invalid: bool = False,
    progress: Progress | None = None,
) -> ImportReport:
    """Read, check and (unless `dry_run`) write the requests or pledges of a CSV file.

    `actor` None is the command line (audit rows without a person). Community staff import
    requests only for their own community, partner staff pledges only for their own
    organization; a file without an organization column is then theirs.
    """
    if kind not in IMPORT_KINDS:
        raise Invalid(N_("Import %(kind)s? Only requests or pledges can be imported."), kind=kind)
    _check_actor(kind, actor)
    report = ImportReport(kind=kind, dry_run=dry_run, skip_invalid=skip_invalid)
    text = _decode(content, report)
    if text is None:
        return report
    report.delimiter = _delimiter(text)
    rows = _read_rows(kind, text, report, actor)
    if rows is None:
        return report
    valid = _validate(session, kind, rows, report, actor, progress)
    report.valid = len(valid)
    if dry_run or not valid or (report.errors and not skip_invalid):
        return report
    _write(session, kind, valid, report, actor)
    return report


def _read_rows(kind: str, text: str, report: ImportReport, actor: User | None) -> list[_Row] | None:
    """The file's rows, or None when it cannot be used (the report says why)."""
    try:
        return _read_records(kind, text, report, actor)
    except _Unreadable as exc:
        report.errors.append(
            RowProblem.of(
                exc.line,
                N_(
                    "this line cannot be read: a cell is longer than %(limit)s characters or "
                    "a quote is not closed; nothing of the file was imported"
                ),
                limit=MAX_CELL,
            )
        )
        report.rows = 0
        return None


def _read_records(
    kind: str, text: str, report: ImportReport, actor: User | None
) -> list[_Row] | None:
    records = iter(_records(text, report.delimiter))
    first = next(records, None)
    if first is None:
        report.errors.append(RowProblem.of(1, N_("the file is empty; expected a header row")))
        return None
    header: list[str] | None = first[1]
    tags: list[str] | None = None
    pending: list[tuple[int, list[str]]] = []
    if _is_hashtag_row(first[1]):
        header, tags = None, first[1]
    else:
        second = next(records, None)
        if second is not None and _is_hashtag_row(second[1]):
            tags = second[1]
        elif second is not None:
            pending.append(second)
    report.read_by_tags = tags is not None
    mapping = _map_columns(kind, header, tags)
    id_field, name_field, org_kind = ORG[kind]
    needed = list(REQUIRED[kind])
    staff = actor is not None and not actor.is_coordinator
    if not staff and id_field not in mapping and name_field not in mapping:
        needed.append(org_kind.value)
    missing = [n for n in needed if n not in mapping and n != org_kind.value]
    if org_kind.value in needed:
        missing.append(f"{org_kind.value} (or {id_field})")
    if missing:
        tags_of = _import_tags(kind)
        expected = ", ".join(
            f"{m} ({tags_of[m]})" if tags is not None and m in tags_of else m for m in missing
        )
        report.errors.append(
            RowProblem.of(
                2 if tags is not None and header is not None else 1,
                N_("the hashtag row has no column for: %(expected)s")
                if tags is not None
                else N_("the header row has no column for: %(expected)s"),
                expected=expected,
            )
        )
        return None
    rows = []
    for line, cells in [*pending, *records]:
        data = {
            name: _clean(name, cells[index])
            for name, index in mapping.items()
            if index < len(cells) and cells[index].strip()
        }
        rows.append(_Row(line, data))
    report.rows = len(rows)
    if not rows:
        report.warnings.append(RowProblem.of(1, N_("the file has a header but no rows")))
    return rows


def _validate(
    session: Session,
    kind: str,
    rows: list[_Row],
    report: ImportReport,
    actor: User | None,
    progress: Progress | None,
) -> list[_Valid]:
    id_field, name_field, org_kind = ORG[kind]
    schema: type[BaseModel] = RequestCreate if kind == "requests" else PledgeCreate
    orgs = _Orgs(session, org_kind)
    own = orgs.by_id.get(actor.organization_id) if actor and actor.organization_id else None
    staff = actor is not None and not actor.is_coordinator
    aimed = _aimed_requests(session, rows) if kind == "pledges" else {}
    valid: list[_Valid] = []
    total = len(rows)
    for done, row in enumerate(rows, start=1):
        problems: list[Said] = []
        data = dict(row.data)
        name, org_id = data.pop(name_field, None), data.pop(id_field, None)
        org: Organization | Said | None = (
            own if staff and not name and not org_id else orgs.resolve(name, org_id)
        )
        if isinstance(org, Said):
            problems.append(org)
            org = None
        elif staff and org is not None and own is not None and org.id != own.id:
            problems.append(
                Said(
                    N_("you may import %(kind)s only for %(own)s, not for %(other)s"),
                    {"kind": kind, "own": own.name, "other": org.name},
                )
            )
        try:
            parsed = schema.model_validate(
                {**data, id_field: org.id if isinstance(org, Organization) else None}
            )
        except ValidationError as exc:
            problems.extend(_explain(exc))
            parsed = None
        if parsed is not None and kind == "pledges":
            problems.extend(_pledge_problems(parsed, aimed))
        if problems:
            report.errors.append(RowProblem(row.line, tuple(problems)))
        elif isinstance(org, Organization):
            valid.append(_Valid(row.line, parsed, org))
        if progress is not None and (done % 200 == 0 or done == total):
            progress(done, total)
    return valid


def _aimed_requests(session: Session, rows: list[_Row]) -> dict[int, tuple[str, str]]:
    """(category, unit) of every request a pledge in the file names, in a few queries."""
    ids: set[int] = set()
    for row in rows:
        raw = row.data.get("request_id", "")
        if raw.isdigit():
            ids.add(int(raw))
    found: dict[int, tuple[str, str]] = {}
    wanted = sorted(ids)
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        for rid, category, unit in session.exec(
            select(AidRequest.id, AidRequest.category, AidRequest.unit).where(
                AidRequest.id.in_(chunk)  # type: ignore[union-attr]
            )
        ).all():
            found[rid] = (category, unit)
    return found


def _pledge_problems(data: PledgeCreate, aimed: dict[int, tuple[str, str]]) -> list[Said]:
    """The checks `pledges.service.create` makes beyond the schema."""
    problems = []
    if data.value_amount is not None and data.currency is None:
        problems.append(Said(N_("currency is required with value_amount (e.g. EUR, UAH, SEK)")))
    if data.request_id is not None:
        target = aimed.get(data.request_id)
        if target is None:
            problems.append(Said(N_("request %(id)s does not exist"), {"id": data.request_id}))
        elif target != (data.category.value, data.unit.value):
            problems.append(
                Said(
                    N_(
                        "request %(id)s asks for %(category)s in %(unit)s; "
                        "this pledge offers %(offered)s in %(offered_unit)s"
                    ),
                    {
                        "id": data.request_id,
                        "category": target[0],
                        "unit": target[1],
                        "offered": data.category.value,
                        "offered_unit": data.unit.value,
                    },
                )
            )
    return problems


def _geocode_all(kind: str, valid: list[_Valid], report: ImportReport) -> list[Located]:
    """Each distinct place is geocoded once; unknown places are warnings, as in the API."""
    cache: dict[tuple[str, float | None, float | None, str | None], Located] = {}
    unknown: dict[str, list[int]] = {}
    out = []
    for entry in valid:
        data = entry.data
        text = data.destination if kind == "requests" else data.origin
        prefer = "UA" if kind == "requests" else entry.org.country
        key = (text.strip().casefold(), data.latitude, data.longitude, prefer)
        where = cache.get(key)
        if where is None:
            where = cache[key] = locate(text, data.latitude, data.longitude, prefer_country=prefer)
        if not where.found:
            unknown.setdefault(text, []).append(entry.line)
        out.append(where)
    for place, lines in unknown.items():
        shown = ", ".join(map(str, lines[:10])) + (" …" if len(lines) > 10 else "")
        report.warnings.append(
            RowProblem.of(
                lines[0],
                N_(
                    "%(place)s was not found on the map; "
                    "saved without coordinates (line(s) %(lines)s)"
                ),
                place=repr(place),
                lines=shown,
            )
        )
    return out


def _write(
    session: Session, kind: str, valid: list[_Valid], report: ImportReport, actor: User | None
) -> None:
    """The checked rows go to their domain's `create_many` (one transaction, batched)."""
    places = _geocode_all(kind, valid, report)
    located = zip(valid, places, strict=True)
    if kind == "requests":
        ids = requests.create_many(
            session,
            [requests.NewRequest(e.data, e.org, w, _source(e)) for e, w in located],
            actor,
        )
    else:
        ids = pledges.create_many(
            session,
            [pledges.NewPledge(e.data, e.org, w, _source(e)) for e, w in located],
            actor,
        )
    report.created = len(ids)
    report.created_ids = ids


def _source(entry: _Valid) -> str:
    return f"CSV import, line {entry.line}"
