"""A database failure answers 503, and says whether the change was saved before it."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text
from sqlalchemy.exc import OperationalError

from tracker.db import SessionDep, write_transaction


def _lost() -> OperationalError:
    return OperationalError("SELECT 1", {}, Exception("server closed the connection"))


@pytest.fixture
def app_with_failures(settings):  # type: ignore[no-untyped-def]
    from tracker.app import create_app

    app = create_app(settings)

    def fails_before_commit(session: SessionDep) -> dict[str, str]:
        with write_transaction(session):
            session.execute(text("SELECT 1"))
            raise _lost()

    def fails_after_commit(session: SessionDep) -> dict[str, str]:
        with write_transaction(session):
            session.execute(text("SELECT 1"))
        raise _lost()  # reading the answer back failed

    app.add_api_route("/api/v1/test-before", fails_before_commit, methods=["POST"])
    app.add_api_route("/api/v1/test-after", fails_after_commit, methods=["POST"])
    yield app
    app.state.engine.dispose()


def test_a_failure_inside_the_write_says_nothing_was_changed(app_with_failures, db):  # type: ignore[no-untyped-def]
    with TestClient(app_with_failures, raise_server_exceptions=False) as client:
        response = client.post("/api/v1/test-before")
    assert response.status_code == 503
    assert response.json()["detail"].endswith("nothing was changed.")


def test_a_failure_after_the_commit_says_the_change_was_saved(app_with_failures, db):  # type: ignore[no-untyped-def]
    with TestClient(app_with_failures, raise_server_exceptions=False) as client:
        response = client.post("/api/v1/test-after")
    assert response.status_code == 503
    assert response.json()["detail"].startswith("The change was saved")
