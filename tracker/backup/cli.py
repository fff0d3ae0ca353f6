"""`tracker backup create | verify | restore`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn
from rich.table import Table

from tracker.backup.service import (
    BackupError,
    Reporter,
    create_backup,
    default_name,
    restore_backup,
    verify_backup,
)
from tracker.config import get_settings

app = typer.Typer(
    help="Back up the database and the data folder into one archive; check it; restore it.",
    no_args_is_help=True,
)
console = Console()
err = Console(stderr=True)


class _RichReporter(Reporter):
    """Progress bars on standard error, so that standard output stays for results."""

    def __init__(self, progress: Progress) -> None:
        self.progress = progress
        self.task: TaskID | None = None

    def start(self, description: str, total: int) -> None:
        if self.task is not None:
            self.progress.update(self.task, visible=False)
        self.task = self.progress.add_task(description, total=total)

    def advance(self, amount: int = 1) -> None:
        if self.task is not None:
            self.progress.advance(self.task, amount)


def _progress() -> Progress:
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        console=err,
        transient=True,
    )


@app.command("create")
def create(
    output: Annotated[
        Path | None,
        typer.Option("-o", "--output", help="Archive to write (default: tracker-backup-<time>)"),
    ] = None,
) -> None:
    """Back up the database at DATABASE_URL and the files in TRACKER_DATA_DIR into one archive."""
    settings = get_settings()
    target = output or Path(default_name())
    try:
        with _progress() as progress:
            manifest = create_backup(
                settings.database_url, settings.data_dir, target, _RichReporter(progress)
            )
    except BackupError as exc:
        err.print(f"[red]{exc}[/red]")
        raise typer.Exit(1) from exc
    rows = sum(entry["rows"] for entry in manifest["tables"].values())
    console.print(
        f"Wrote {target}: {rows} rows in {len(manifest['tables'])} tables, "
        f"{len(manifest['files'])} files, schema {manifest['schema_revision']}."
    )


@app.command("verify")
def verify(
    archive: Annotated[Path, typer.Argument(help="The backup archive to check", exists=True)],
) -> None:
    """Check every file hash, row count and row checksum against the archive's manifest."""
    manifest, problems = verify_backup(archive)
    if problems:
        for problem in problems:
            err.print(f"[red]{problem}[/red]")
        err.print(f"[red]{archive} does NOT match its manifest ({len(problems)} problems).[/red]")
        raise typer.Exit(1)
    rows = sum(entry["rows"] for entry in manifest["tables"].values())
    console.print(
        f"[green]{archive} is intact:[/green] {rows} rows in {len(manifest['tables'])} tables, "
        f"{len(manifest['files'])} files; made {manifest['created_at']} from "
        f"{manifest['source_engine']} by tracker {manifest['tracker_version']}, "
        f"schema {manifest['schema_revision']}."
    )


@app.command("restore")
def restore(
    archive: Annotated[Path, typer.Argument(help="The backup archive to restore", exists=True)],
    force: Annotated[
        bool, typer.Option("--force", help="Replace a database or data folder that is not empty")
    ] = False,
) -> None:
    """Restore an archive into the (empty) database at DATABASE_URL and TRACKER_DATA_DIR."""
    settings = get_settings()
    try:
        with _progress() as progress:
            result = restore_backup(
                settings.database_url,
                settings.data_dir,
                archive,
                force=force,
                reporter=_RichReporter(progress),
            )
    except BackupError as exc:
        err.print(f"[red]{exc}[/red]")
        raise typer.Exit(1) from exc
    table = Table("table", "manifest", "restored", title=f"Restored {archive}")
    for count in result.tables:
        style = "" if count.manifest == count.restored else "red"
        table.add_row(count.name, str(count.manifest), str(count.restored), style=style)
    console.print(table)
    console.print(f"{result.files} files restored into {settings.data_dir}.")
    if result.upgraded_to:
        console.print(f"Schema upgraded from {result.revision} to {result.upgraded_to}.")
    if any(count.manifest != count.restored for count in result.tables):
        err.print("[red]Some tables do not hold the rows the manifest lists.[/red]")
        raise typer.Exit(1)
