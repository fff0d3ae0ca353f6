"""`tracker users create` and `tracker db upgrade` from the shell's point of view."""

from __future__ import annotations

from typer.testing import CliRunner

from tests.conftest import PASSWORD
from tracker.cli import app as cli

runner = CliRunner()


def test_users_create_reads_the_password_from_stdin(monkeypatch, database_url, db, world, client):
    from tracker.config import get_settings

    monkeypatch.setenv("DATABASE_URL", database_url)
    get_settings.cache_clear()
    try:
        result = runner.invoke(
            cli,
            [
                "users",
                "create",
                "koordynator@hromady.org.ua",
                "--role",
                "coordinator",
                "--password-stdin",
            ],
            input="Bezpeka-2026!\n",
        )
        assert result.exit_code == 0, result.output
        assert "koordynator@hromady.org.ua" in result.output
        token = client.post(
            "/api/v1/auth/token",
            data={"username": "koordynator@hromady.org.ua", "password": "Bezpeka-2026!"},
        )
        assert token.status_code == 200
        duplicate = runner.invoke(
            cli,
            [
                "users",
                "create",
                "koordynator@hromady.org.ua",
                "--role",
                "coordinator",
                "--password-stdin",
            ],
            input="Bezpeka-2026!\n",
        )
        assert duplicate.exit_code == 1 and "already exists" in duplicate.output
        no_org = runner.invoke(
            cli,
            ["users", "create", "x@brovary.ua", "--role", "community", "--password-stdin"],
            input="Bezpeka-2026!\n",
        )
        assert no_org.exit_code == 1 and "organization_id" in no_org.output
    finally:
        get_settings.cache_clear()


def test_users_disable_stops_sign_in_and_tokens(monkeypatch, database_url, world, client):
    from tracker.config import get_settings

    monkeypatch.setenv("DATABASE_URL", database_url)
    get_settings.cache_clear()
    try:
        headers = world.h("kalmar")
        assert client.get("/api/v1/pledges", headers=headers).status_code == 200
        result = runner.invoke(cli, ["users", "disable", "Poltava@Kalmar.se"])
        assert result.exit_code == 0, result.output
        said = " ".join(result.output.split())  # rich wraps long lines
        assert "Disabled user" in said and "sessions and tokens ended at once" in said
        assert client.get("/api/v1/pledges", headers=headers).status_code == 401
        sign_in = {"username": "poltava@kalmar.se", "password": PASSWORD}
        assert client.post("/api/v1/auth/token", data=sign_in).status_code == 401
        coordinator = world.h("coordinator")
        entries = client.get(
            f"/api/v1/audit?entity=user&id={world.users['kalmar']}", headers=coordinator
        ).json()["items"]
        assert [(e["action"], e["after"]) for e in entries] == [("disable", {"is_active": False})]

        assert runner.invoke(cli, ["users", "enable", "poltava@kalmar.se"]).exit_code == 0
        assert client.post("/api/v1/auth/token", data=sign_in).status_code == 200
        # Enabled again, but the token issued before the disable stays dead.
        assert client.get("/api/v1/pledges", headers=headers).status_code == 401
        unknown = runner.invoke(cli, ["users", "disable", "nobody@kalmar.se"])
        assert (
            unknown.exit_code == 1 and "No user has the e-mail nobody@kalmar.se" in unknown.output
        )
    finally:
        get_settings.cache_clear()


def test_every_command_has_help():
    for command in (
        [],
        ["db"],
        ["db", "upgrade"],
        ["serve"],
        ["demo"],
        ["users"],
        ["users", "create"],
        ["users", "disable"],
        ["users", "enable"],
        ["geocode"],
    ):
        result = runner.invoke(cli, [*command, "--help"])
        assert result.exit_code == 0, (command, result.output)
        assert "Usage" in result.output
