"""`tracker backup verify` finds every kind of damage; the CLI's three commands and their exits."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.backup.conftest import read_archive, snapshot, write_archive
from tracker.backup.service import create_backup, verify_backup
from tracker.cli import app as cli_app

runner = CliRunner()


def said(result) -> str:  # type: ignore[no-untyped-def]
    """The command's output with rich's line wrapping undone."""
    return " ".join(result.output.split())


@pytest.fixture
def archive(world, settings, tmp_path) -> Path:  # type: ignore[no-untyped-def]
    data = tmp_path / "data"
    (data / "receipts").mkdir(parents=True)
    (data / "receipts" / "RCPT-7K3Q-M2XA.pdf").write_bytes(b"%PDF-1.7 receipt")
    path = tmp_path / "backup.tar.gz"
    create_backup(settings.database_url, data, path)
    return path


def _tampered(archive: Path, tmp_path: Path, edit) -> Path:  # type: ignore[no-untyped-def]
    members = read_archive(archive)
    edit(members)
    out = tmp_path / "tampered.tar.gz"
    write_archive(out, members, rehash=False)
    return out


def test_an_intact_archive_verifies(archive):
    manifest, problems = verify_backup(archive)
    assert problems == []
    assert manifest["tables"]["organization"]["rows"] == 7
    assert manifest["tables"]["user_account"]["rows"] == 7
    assert list(manifest["files"]) == ["receipts/RCPT-7K3Q-M2XA.pdf"]


def test_password_hashes_stay_hashes(archive, password_hash):
    members = read_archive(archive)
    users = [json.loads(line) for line in members["database/user_account.jsonl"].splitlines()]
    assert {user["password_hash"] for user in users} == {password_hash}
    assert b"Slava-Ukraini-2022" not in b"".join(members.values())


def _rename_a_community(members: dict[str, bytes]) -> None:
    body = members["database/organization.jsonl"]
    assert b'"Brovary"' in body
    members["database/organization.jsonl"] = body.replace(b'"Brovary"', b'"Browary"', 1)


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (_rename_a_community, "table organization: SHA-256 differs"),
        (
            lambda m: m.__setitem__(
                "database/partnership.jsonl", m["database/partnership.jsonl"].split(b"\n", 1)[1]
            ),
            "table partnership: the manifest says 3 rows, the archive holds 2",
        ),
        (
            lambda m: m.__setitem__("files/receipts/RCPT-7K3Q-M2XA.pdf", b"%PDF-1.7 receipT"),
            "file receipts/RCPT-7K3Q-M2XA.pdf: SHA-256 differs",
        ),
        (
            lambda m: m.pop("files/receipts/RCPT-7K3Q-M2XA.pdf"),
            "file receipts/RCPT-7K3Q-M2XA.pdf: listed in the manifest, missing",
        ),
        (
            lambda m: m.__setitem__("files/extra.txt", b"slipped in"),
            "file extra.txt: in the archive but not in the manifest",
        ),
        (lambda m: m.pop("database/receipt.jsonl"), "table receipt: listed in the manifest"),
        (lambda m: m.pop("manifest.json"), "no manifest.json"),
        (
            lambda m: m.__setitem__("../outside.txt", b"x"),
            "../outside.txt: unexpected entry",
        ),
        (
            lambda m: m.__setitem__("database/user_account.jsonl", b"not json\n"),
            "database/user_account.jsonl: row 1 cannot be read",
        ),
    ],
)
def test_verify_reports_each_mismatch(archive, tmp_path, edit, message):
    damaged = _tampered(archive, tmp_path, edit)
    problems = verify_backup(damaged)[1]
    assert any(message in problem for problem in problems), problems

    result = runner.invoke(cli_app, ["backup", "verify", str(damaged)])
    assert result.exit_code == 1
    assert "does NOT match its manifest" in said(result)


def test_a_truncated_archive_fails_cleanly(archive, tmp_path):
    cut = tmp_path / "cut.tar.gz"
    cut.write_bytes(archive.read_bytes()[: archive.stat().st_size // 2])
    problems = verify_backup(cut)[1]
    assert any("cannot be read" in problem for problem in problems), problems
    assert runner.invoke(cli_app, ["backup", "verify", str(cut)]).exit_code == 1


@pytest.fixture
def cli_settings(settings, tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    """The CLI's settings: this test's database, a data folder of its own."""
    configured = settings.model_copy(update={"data_dir": tmp_path / "cli-data"})
    monkeypatch.setattr("tracker.backup.cli.get_settings", lambda: configured)
    return configured


def test_cli_create_verify_restore(world, cli_settings, new_database, tmp_path, monkeypatch):
    (cli_settings.data_dir / "docs").mkdir(parents=True)
    (cli_settings.data_dir / "docs" / "a.txt").write_text("Акт")
    out = tmp_path / "nested" / "b.tar.gz"

    created = runner.invoke(cli_app, ["backup", "create", "-o", str(out)])
    assert created.exit_code == 0, created.output
    rows = sum(len(table) for table in snapshot(cli_settings.database_url).values())
    assert rows > 17, "the world's organizations, partnerships and users at least"
    assert f"{rows} rows" in said(created) and "1 files" in said(created)
    assert not list(out.parent.glob("*.partial"))

    verified = runner.invoke(cli_app, ["backup", "verify", str(out)])
    assert verified.exit_code == 0 and "is intact" in said(verified)

    refused = runner.invoke(cli_app, ["backup", "restore", str(out)])
    assert refused.exit_code == 1 and "--force" in said(refused)

    target = cli_settings.model_copy(
        update={"database_url": new_database("sqlite"), "data_dir": tmp_path / "restored"}
    )
    monkeypatch.setattr("tracker.backup.cli.get_settings", lambda: target)
    restored = runner.invoke(cli_app, ["backup", "restore", str(out)])
    assert restored.exit_code == 0, restored.output
    assert "user_account" in said(restored) and "1 files restored" in said(restored)
    assert snapshot(target.database_url) == snapshot(cli_settings.database_url)
    assert (tmp_path / "restored" / "docs" / "a.txt").read_text() == "Акт"


@pytest.mark.parametrize(
    "args",
    [["backup"], ["backup", "create"], ["backup", "verify"], ["backup", "restore"]],
)
def test_each_command_has_help(args):
    result = runner.invoke(cli_app, [*args, "--help"])
    assert result.exit_code == 0 and "Usage" in result.output


def test_a_sqlite_database_inside_the_data_folder_is_backed_up_as_rows_not_as_a_file(tmp_path):
    from tracker.migrate import upgrade

    data = tmp_path / "data"
    data.mkdir()
    url = f"sqlite:///{data / 'tracker.db'}"
    upgrade(url)
    (data / "notes.txt").write_text("kept")
    manifest = create_backup(url, data, data / "backups" / "b.tar.gz")
    assert (data / "tracker.db").exists()
    assert list(manifest["files"]) == ["notes.txt"]
    assert manifest["source_engine"] == "sqlite" and "organization" in manifest["tables"]
