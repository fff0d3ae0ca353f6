"""Fixtures for the export, import and summary tests: the API-driving Flow, the CLI against
the test database, CSV helpers and a quick way to put many requests in the database."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from sqlmodel import Session
from typer.testing import CliRunner

from tests.helpers import Flow
from tracker.requests.models import AidRequest


@pytest.fixture
def flow(client, world) -> Flow:  # type: ignore[no-untyped-def]
    return Flow(client, world)


@pytest.fixture
def cli(monkeypatch: pytest.MonkeyPatch, database_url: str) -> Iterator[Callable[..., Any]]:
    """Run `tracker …` against the test database; settings are re-read around the call."""
    from tracker.cli import app
    from tracker.config import get_settings

    monkeypatch.setenv("DATABASE_URL", database_url)
    get_settings.cache_clear()
    runner = CliRunner()

    def run(*args: str) -> Any:
        return runner.invoke(app, list(args))

    yield run
    get_settings.cache_clear()


def parse_csv(text: str, delimiter: str = ",") -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))


def make_csv(rows: list[list[Any]], delimiter: str = ",") -> str:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\n").writerows(rows)
    return buffer.getvalue()


@pytest.fixture
def many_requests(session: Session, world) -> Callable[[int], None]:  # type: ignore[no-untyped-def]
    """Insert `n` Brovary requests straight into the table (faster than the API)."""

    def insert(n: int) -> None:
        session.add_all(
            AidRequest(
                community_id=world.orgs["Brovary"],
                category="food" if i % 2 else "generator",
                item=f"Запит №{i}",
                quantity=i + 1,
                unit="pcs",
                destination="Бровари",
                latitude=50.511,
                longitude=30.7909,
                admin1="Kyiv Oblast",
            )
            for i in range(n)
        )
        session.commit()

    return insert
