"""Geo test fixtures: one gazetteer build per session, in a private data dir."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tracker.config import get_settings
from tracker.geo import gazetteer as gazetteer_module
from tracker.geo import service
from tracker.geo.gazetteer import Gazetteer
from tracker.geo.geocoder import OfflineGeocoder


@pytest.fixture(scope="session")
def geo_data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("geo-data")


@pytest.fixture(scope="session")
def gazetteer(geo_data_dir: Path) -> Gazetteer:
    """Built (the only real build of the session) and loaded once."""
    return gazetteer_module.get_gazetteer(geo_data_dir / "cache")


@pytest.fixture(scope="session")
def geocoder(gazetteer: Gazetteer) -> OfflineGeocoder:
    return OfflineGeocoder(gazetteer=gazetteer)


@pytest.fixture
def geo_settings(
    monkeypatch: pytest.MonkeyPatch, geo_data_dir: Path, gazetteer: Gazetteer
) -> Iterator[None]:
    """Point settings at the session data dir so `service.*` uses the session gazetteer."""
    monkeypatch.setenv("TRACKER_DATA_DIR", str(geo_data_dir))
    monkeypatch.setenv("TRACKER_GEOCODER", "offline")
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()
    service._geocoder_for.cache_clear()
