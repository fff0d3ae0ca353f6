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
    if limit == 1:
        found = geo.geocode(place, prefer_country=prefer_country)
        places = [found] if found else []
    else:
        places = geo.search(place, limit=limit, prefer_country=prefer_country, complete=False)
    if not places:
        Console(stderr=True).print(f"[red]No place found for {place!r}.[/red]")
        raise typer.Exit(code=1)
    table = Table(title=f"Geocoding {place!r}")
    for column in ("name", "country", "admin1", "latitude", "longitude", "population"):
        table.add_column(column, justify="right" if column in {"latitude", "longitude"} else "left")
    for p in places:
        table.add_row(
            p.name,
            p.country,
            p.admin1 or "",
            f"{p.latitude:.5f}",
            f"{p.longitude:.5f}",
            f"{p.population:,}" if p.population else "",
        )
    Console().print(table)
