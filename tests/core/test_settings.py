"""Settings: read from the environment, strict about the secret in production."""

from __future__ import annotations

import pytest

from tracker.config import Settings, SettingsError


def test_production_without_secret_is_a_clear_error(tmp_path):
    with pytest.raises(SettingsError, match="TRACKER_SECRET_KEY"):
        Settings(TRACKER_ENV="production", TRACKER_DATA_DIR=tmp_path, TRACKER_SECRET_KEY=None)


def test_development_generates_and_keeps_a_secret(tmp_path):
    first = Settings(TRACKER_ENV="development", TRACKER_DATA_DIR=tmp_path, TRACKER_SECRET_KEY=None)
    second = Settings(TRACKER_ENV="development", TRACKER_DATA_DIR=tmp_path, TRACKER_SECRET_KEY=None)
    assert first.secret_key and len(first.secret_key) >= 32
    assert first.secret_key == second.secret_key


def test_postgres_urls_use_psycopg3(tmp_path):
    settings = Settings(DATABASE_URL="postgres://u:p@db/tracker", TRACKER_DATA_DIR=tmp_path)
    assert settings.database_url == "postgresql+psycopg://u:p@db/tracker"


def test_defaults_are_the_embedded_ones(monkeypatch, tmp_path):
    for name in ("DATABASE_URL", "TRACKER_GEOCODER", "TRACKER_BASE_URL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)
    settings = Settings(TRACKER_DATA_DIR=tmp_path)
    assert settings.database_url == "sqlite:///./tracker.db"
    assert settings.geocoder == "offline"


def test_matching_weights_are_settings(tmp_path, monkeypatch):
    from tracker.matching.service import weights_from

    assert weights_from(Settings(TRACKER_DATA_DIR=tmp_path)).twin_bonus == 2000
    monkeypatch.setenv("TRACKER_MATCHING_WEIGHTS", '{"twin_bonus": 3500}')
    assert weights_from(Settings(TRACKER_DATA_DIR=tmp_path)).twin_bonus == 3500
    monkeypatch.setenv("TRACKER_MATCHING_WEIGHTS", '{"twin_bonuz": 1}')
    with pytest.raises(ValueError, match="TRACKER_MATCHING_WEIGHTS"):
        weights_from(Settings(TRACKER_DATA_DIR=tmp_path))
    # The app refuses to start with them (settings themselves import no domain code).
    from tracker.app import create_app

    with pytest.raises(ValueError, match="TRACKER_MATCHING_WEIGHTS"):
        create_app(Settings(TRACKER_DATA_DIR=tmp_path))
