"""docker-compose.yml and the Dockerfile agree with the settings and the README's commands."""

from __future__ import annotations

from pathlib import Path

import yaml

from tracker.config import Settings

ROOT = Path(__file__).resolve().parents[2]


def _compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def test_compose_runs_postgres_16_with_a_volume_and_healthcheck():
    services = _compose()["services"]
    assert set(services) == {"db", "migrate", "app", "backup", "mail"}
    assert services["db"]["image"] == "postgres:16"
    assert any(v.startswith("pgdata:") for v in services["db"]["volumes"])
    assert "pgdata" in _compose()["volumes"]
    assert "pg_isready" in " ".join(services["db"]["healthcheck"]["test"])


def test_compose_migrates_before_the_app_starts():
    services = _compose()["services"]
    assert services["migrate"]["command"] == ["tracker", "db", "upgrade"]
    depends = services["app"]["depends_on"]
    assert depends["migrate"]["condition"] == "service_completed_successfully"
    assert depends["db"]["condition"] == "service_healthy"
    assert services["app"]["ports"] == ["8000:8000"]
    assert "/readyz" in " ".join(services["app"]["healthcheck"]["test"])


def test_compose_environment_names_are_the_settings():
    known = {field.alias for field in Settings.model_fields.values()}
    for name in ("migrate", "app", "backup"):
        environment = _compose()["services"][name]["environment"]
        assert set(environment) <= known, set(environment) - known
        assert environment["DATABASE_URL"].startswith("postgresql+psycopg://")
        assert environment["TRACKER_ENV"] == "production"


def test_dockerfile_serves_with_the_documented_command():
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert 'CMD ["tracker", "serve", "--host", "0.0.0.0", "--port", "8000"]' in dockerfile
    readme = (ROOT / "README.md").read_text()
    assert "tracker serve --host 0.0.0.0 --port 8000" in readme


def test_compose_catches_mail_locally():
    services = _compose()["services"]
    assert services["mail"]["image"] == "axllent/mailpit"
    environment = services["app"]["environment"]
    assert environment["TRACKER_SMTP_URL"].endswith("smtp://mail:1025}")


def test_compose_backs_up_daily_and_keeps_the_last_14():
    compose = _compose()
    backup = compose["services"]["backup"]
    script = " ".join(backup["command"])
    assert backup["command"][:2] == ["sh", "-c"]
    assert 'tracker backup create -o "$$file"' in script
    assert 'tracker backup verify "$$file"' in script
    assert "sleep 86400" in script
    assert "ls -1t /backups/tracker-backup-*.tar.gz | tail -n +15 | xargs -r rm -f --" in script
    assert "backups:/backups" in backup["volumes"] and "backups" in compose["volumes"]
    assert "appdata:/data:ro" in backup["volumes"], "the backup only reads the data folder"
    assert backup["environment"] == compose["services"]["app"]["environment"]
    assert backup["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
    # The named volume takes the image's /backups (owned by the unprivileged user) when created.
    assert "chown tracker /data /backups" in (ROOT / "Dockerfile").read_text()


def test_compose_backup_script_keeps_the_newest_14(tmp_path):
    """The retention line, run by a real shell on 20 backups, leaves the newest 14."""
    import os
    import subprocess

    backup = _compose()["services"]["backup"]
    line = next(part.strip() for part in backup["command"][2].splitlines() if "tail -n +15" in part)
    for day in range(1, 21):
        path = tmp_path / f"tracker-backup-202612{day:02d}T030000Z.tar.gz"
        path.write_bytes(b"x")
        os.utime(path, (1_700_000_000 + day * 86400,) * 2)
    (tmp_path / "tracker-backup-20261221T030000Z.tar.gz.partial").write_bytes(b"x")
    command = line.replace("/backups", str(tmp_path)).replace("$$", "$")
    subprocess.run(["sh", "-c", command], check=True)
    left = sorted(p.name for p in tmp_path.iterdir())
    assert left == [f"tracker-backup-202612{day:02d}T030000Z.tar.gz" for day in range(7, 21)] + [
        "tracker-backup-20261221T030000Z.tar.gz.partial"
    ]
