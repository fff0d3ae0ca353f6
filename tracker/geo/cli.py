"""`tracker geocode PLACE`: show what a typed place resolves to."""

from __future__ import annotations

import typer
from rich.console import Console
from rich.table import Table

from tracker.geo import service as geo


def geocode_command(
    place: str = typer.Argument(..., help='A place as people type it, e.g. "Бровари".'),
    limit: int = typer.Option(1, "--limit", "-n", min=1, help="Show this many candidates."),
    prefer_country: str | None = typer.Option(
        None, "--prefer-country", "-c", help="ISO 3166-1 alpha-2 code ranked first, e.g. UA."
    ),
) -> None:
    """Geocode PLACE and print name, country, admin1, latitude and longitude."""
    found = geo.resolve(place, limit=max(limit, 10), prefer_country=prefer_country)
    if found.best is None and not found.alternatives:
        Console(stderr=True).print(f"[red]No place found for {place!r}.[/red]")
        raise typer.Exit(code=1)
    if found.best is None:
        Console(stderr=True).print(
            f"[yellow]{place!r} fits several places equally; add the oblast or raion.[/yellow]"
        )
        places = found.alternatives[: max(limit, 10)]
    else:
        places = [found.best, *found.alternatives][:limit]
    table = Table(title=f"Geocoding {place!r}")
    columns = ("name", "country", "admin1", "raion", "hromada", "katottg", "precision")
    for column in (*columns, "latitude", "longitude", "population"):
        table.add_column(column, justify="right" if column in {"latitude", "longitude"} else "left")
    for p in places:
        table.add_row(
            f"{p.name_uk} ({p.name})" if p.name_uk else p.name,
            p.country,
            p.admin1 or "",
            p.raion or "",
            p.hromada or "",
            p.katottg or "",
            p.precision or "",
            f"{p.latitude:.5f}",
            f"{p.longitude:.5f}",
            f"{p.population:,}" if p.population else "",
        )
    console = Console()
    if not console.is_terminal:  # piped or captured: keep each place on one line
        console = Console(width=220)
    console.print(table)
    if found.best is None:
        raise typer.Exit(code=2)
