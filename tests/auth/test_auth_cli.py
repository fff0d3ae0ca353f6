"""`tracker users create` and `tracker db upgrade` from the shell's point of view."""

from __future__ import annotations

from typer.testing import CliRunner

from tracker.cli import app

runner = CliRunner()


def test_users_create_reads_the_password_from_stdin(monkeypatch, database_url, db, world, client):
    from tracker.config import get_settings

    monkeypatch.setenv("DATABASE_URL", database_url)
    get_settings.cache_clear()
    try:
        result = runner.invoke(
            app,
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
            app,
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
            app,
            ["users", "create", "x@brovary.ua", "--role", "community", "--password-stdin"],
            input="Bezpeka-2026!\n",
        )
        assert no_org.exit_code == 1 and "organization_id" in no_org.output
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
        ["geocode"],
    ):
        result = runner.invoke(app, [*command, "--help"])
        assert result.exit_code == 0, (command, result.output)
        assert "Usage" in result.output
