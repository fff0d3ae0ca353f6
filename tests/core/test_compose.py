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
    assert set(services) == {"db", "migrate", "app", "mail"}
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
    for name in ("migrate", "app"):
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
