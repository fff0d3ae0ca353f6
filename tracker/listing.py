"""Filtered, paged reads: the statements behind the request and pledge lists.

Lists are the busiest reads, so they avoid what costs more than the query itself:
- statements are built once per combination of filters in use (filter values go in as
  parameters), not on every call;
- rows come back as plain tuples of the read model's fields (no ORM objects);
- the page carries the total count as its first column (a scalar subquery, evaluated once), so
  a page and its total cost one round trip; past the end, where no row carries it, the count
  runs on its own;
- the page's ids are found along the filters' index before any row is read (a deferred join),
  and the read runs outside a transaction on PostgreSQL and ends where it ran (`page`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Literal

from sqlalchemy import ColumnElement, Select, bindparam, func, select
from sqlalchemy.engine import Connection
from sqlmodel import Session

from tracker.db import end_read, single_read

Kind = Literal["count", "list", "page"]

# Searches take `%`, `_` and this escape character literally (`q=%` finds a percent sign).
LIKE_ESCAPE = "\\"


def contains_pattern(search: str) -> str:
    """The case-folded LIKE pattern that finds `search` anywhere, its LIKE wildcards escaped:
    use it with `like_search`, which names the escape character."""
    # No stored text holds a NUL (tracker.fields refuses them); PostgreSQL refuses one in a
    # query, so a search that reaches here with one (a page's ?q=) just leaves it out.
    text = search.replace("\x00", "").strip().lower()
    for special in (LIKE_ESCAPE, "%", "_"):
        text = text.replace(special, LIKE_ESCAPE + special)
    return f"%{text}%"


def like_search(column: Any, pattern: Any) -> ColumnElement[bool]:
    """`column` (case-folded) matches a `contains_pattern` (a value or a bound parameter).
    Every search uses this, so wildcards in a search are escaped everywhere."""
    return func.lower(column).like(pattern, escape=LIKE_ESCAPE)


def filter_values(exact: Mapping[str, Any], search: str | None) -> dict[str, Any]:
    """The filters in use, by the name of their condition: the exact ones given, and a search
    as the `pattern` parameter (a `contains_pattern`)."""
    used = {name: value for name, value in exact.items() if value}
    if search and search.strip():
        used["pattern"] = contains_pattern(search)
    return used


class FilteredList:
    """One list's statements: its columns (labelled, in the read model's order), the join that
    names them, one condition per filter (its value a parameter of the filter's name) and its
    order. `joined_filters` need the join even to count (a search in the joined names)."""

    def __init__(
        self,
        model: Any,
        columns: Sequence[ColumnElement[Any]],
        join: tuple[Any, ColumnElement[bool]],
        conditions: Mapping[str, ColumnElement[bool]],
        order: Sequence[ColumnElement[Any]],
        joined_filters: frozenset[str] = frozenset(),
    ) -> None:
        self._model = model
        self._columns = tuple(columns)
        self._join = join
        self._conditions = dict(conditions)
        self._order = tuple(order)
        self._joined_filters = joined_filters
        self._built: dict[tuple[tuple[str, ...], Kind], Select[Any]] = {}

    def statement(self, filters: tuple[str, ...], kind: Kind) -> Select[Any]:
        """`count`, the rows (`list`), or `page`: the rows in order, cut by `offset` and
        `limit` parameters, with the total as first column. Built once per filters and kind."""
        key = (filters, kind)
        built = self._built.get(key)
        if built is None:
            built = self._built[key] = self._build(filters, kind)
        return built

    def _build(self, filters: tuple[str, ...], kind: Kind) -> Select[Any]:
        if kind == "count":
            return self._narrowed(select(func.count()).select_from(self._model), filters)
        if kind == "list":
            query = select(*self._columns).join(*self._join)
            return query.where(*(self._conditions[name] for name in filters))
        return self._page(filters)

    def _narrowed(self, query: Select[Any], filters: tuple[str, ...]) -> Select[Any]:
        """`query` on the list's table alone, narrowed by the filters (joined only for a
        filter that needs the joined names)."""
        if self._joined_filters.intersection(filters):
            query = query.join(*self._join)
        return query.where(*(self._conditions[name] for name in filters))

    def _page(self, filters: tuple[str, ...]) -> Select[Any]:
        """The page as a deferred join: the ids of the page first, walked in order along the
        filters' index alone (no table row read for the rows skipped by `offset`), then only
        those rows read with their joined names. Read whole, the rows skipped cost as much as
        the rows shown, and PostgreSQL's planner often walks the date index instead."""
        key = self._model.id
        ids_page = (
            self._narrowed(select(key), filters)
            .order_by(*self._order)
            .offset(bindparam("offset"))
            .limit(bindparam("limit"))
            .subquery("page")
        )
        total = self.statement(filters, "count").scalar_subquery().label("total")
        return (
            select(total, *self._columns)
            .join_from(ids_page, self._model, key == ids_page.c.id)
            .join(*self._join)
            .order_by(*self._order)
        )

    def filtered(self, values: Mapping[str, Any], count: bool = False) -> Select[Any]:
        """The rows (or their count) for these filter values, values bound: for exports."""
        return self.statement(tuple(values), "count" if count else "list").params(dict(values))

    def page(
        self, session: Session, values: Mapping[str, Any], limit: int, offset: int
    ) -> tuple[list[tuple[Any, ...]], int]:
        """The rows of one page (tuples of the columns) and the total, in one round trip.

        A read begun here also ends here, in the caller's (worker) thread: closing the
        session afterwards then costs no round trip.
        """
        began = not session.in_transaction()
        rows, total = self._page_rows(single_read(session), tuple(values), values, limit, offset)
        if began:
            end_read(session)
        return rows, total

    def _page_rows(
        self,
        connection: Connection,
        filters: tuple[str, ...],
        values: Mapping[str, Any],
        limit: int,
        offset: int,
    ) -> tuple[list[tuple[Any, ...]], int]:
        rows = connection.execute(
            self.statement(filters, "page"), {**values, "offset": offset, "limit": limit}
        ).all()
        if rows:
            total = int(rows[0][0])
        elif offset:
            total = int(connection.execute(self.statement(filters, "count"), values).scalar_one())
        else:
            total = 0
        return [tuple(row[1:]) for row in rows], total
