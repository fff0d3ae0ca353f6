"""`tracker export …` and `tracker import …`: CSV/HXL files in and out of the database."""

from __future__ import annotations

import sys
from contextlib import ExitStack
from enum import StrEnum
from pathlib import Path
from types import TracebackType
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from tracker.config import get_settings

PROGRESS_MIN_ROWS = 300


class _Bar:
    """A progress bar on the terminal, shown only for files over a few hundred rows."""

    def __init__(self, console: Console, label: str) -> None:
        self.console, self.label = console, label
        self.progress: Progress | None = None
        self.task: int | None = None

    def update(self, done: int, total: int) -> None:
        if total < PROGRESS_MIN_ROWS or not self.console.is_terminal:
            return
        if self.progress is None:
            self.progress = Progress(
                TextColumn(self.label),
                BarColumn(),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
                console=self.console,
                transient=True,
            )
            self.progress.start()
            self.task = self.progress.add_task(self.label, total=total)
        self.progress.update(self.task, completed=done)  # type: ignore[arg-type]

    def __enter__(self) -> _Bar:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self.progress is not None:
            self.progress.stop()


class ExportWhat(StrEnum):
    requests = "requests"
    pledges = "pledges"
    shipments = "shipments"


class ImportWhat(StrEnum):
    requests = "requests"
    pledges = "pledges"


def export_command(
    kind: Annotated[ExportWhat, typer.Argument(help="requests, pledges or shipments (lines)")],
    hxl: Annotated[
        bool, typer.Option("--hxl", help="Add a second row of HXL hashtags under the header")
    ] = False,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Write to FILE instead of standard output"),
    ] = None,
    status: Annotated[str | None, typer.Option(help="Only this status")] = None,
    category: Annotated[str | None, typer.Option(help="Only this category")] = None,
    community_id: Annotated[int | None, typer.Option(help="Only this community")] = None,
    partner_id: Annotated[int | None, typer.Option(help="Only this partner")] = None,
    priority: Annotated[str | None, typer.Option(help="Only this priority (requests)")] = None,
    q: Annotated[str | None, typer.Option("--q", help="Text search, as in the lists")] = None,
) -> None:
    """Export requests, pledges or shipment lines as UTF-8 CSV (with --hxl, HXL-tagged)."""
    from tracker.db import make_engine
    from tracker.reports.export import ExportFilters, iter_csv

    filters = ExportFilters(
        status=status,
        category=category,
        community_id=community_id,
        partner_id=partner_id,
        priority=priority,
        q=q,
    )
    engine = make_engine(get_settings().database_url)
    try:
        with ExitStack() as stack:
            out = stack.enter_context(output.open("wb")) if output else sys.stdout.buffer
            for chunk in iter_csv(engine, kind.value, filters, None, hxl=hxl):  # type: ignore[arg-type]
                out.write(chunk)
            out.flush()
    finally:
        engine.dispose()
    if output:
        Console(stderr=True).print(f"Wrote {kind.value} to {output}")


def import_command(
    kind: Annotated[ImportWhat, typer.Argument(help="requests or pledges")],
    file: Annotated[
        Path,
        typer.Argument(
            exists=True,
            dir_okay=False,
            readable=True,
            help="The CSV file (UTF-8 or Windows-1251; comma or semicolon separated)",
        ),
    ],
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Check every row and report; write nothing")
    ] = False,
    skip_invalid: Annotated[
        bool,
        typer.Option("--skip-invalid", help="Write the valid rows even when some are refused"),
    ] = False,
) -> None:
    """Import requests or pledges from a CSV file, checking every row first.

    Columns are found by header name (the API's field names; the organization as
    `community`/`partner` by name or `community_id`/`partner_id`) or, when the file has an HXL
    hashtag row, by hashtag. Nothing is written unless every row is valid (or, with
    --skip-invalid, only the valid ones). Exits with status 1 when any row was refused.
    """
    from sqlmodel import Session

    from tracker.db import make_engine
    from tracker.errors import DomainError
    from tracker.reports.importer import import_csv

    out, err = Console(), Console(stderr=True)
    content = file.read_bytes()
    engine = make_engine(get_settings().database_url)
    try:
        with (
            _Bar(err, f"Checking {kind.value}") as bar,
            Session(engine, expire_on_commit=False) as session,
        ):
            report = import_csv(
                session,
                kind.value,
                content,
                actor=None,
                dry_run=dry_run,
                skip_invalid=skip_invalid,
                progress=bar.update,
            )
    except DomainError as exc:
        err.print(f"[red]{escape(exc.detail)}[/red]")
        raise typer.Exit(1) from exc
    finally:
        engine.dispose()
    for warning in report.warnings:
        err.print(f"[yellow]{escape(str(warning))}[/yellow]", highlight=False)
    for error in report.errors:
        err.print(f"[red]{escape(str(error))}[/red]", highlight=False)
    if report.errors and not report.created and not dry_run and report.valid:
        err.print("Nothing was written. Fix these rows, or pass --skip-invalid to write the rest.")
    out.print(report.summary(), highlight=False)
    if report.errors:
        raise typer.Exit(1)
