"""Geo test fixtures: one gazetteer build per test run, shared by xdist workers.

The index lives in the shared `TRACKER_CACHE_DIR` that tests/conftest.py sets before the
workers start; its build runs under a file lock, so the first worker builds and the others
load it.
"""

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
def geo_cache_dir() -> Path:
    return gazetteer_module.cache_dir()


@pytest.fixture(scope="session")
def gazetteer(geo_cache_dir: Path) -> Gazetteer:
    """Built at most once per run (see the module docstring) and loaded once per process."""
    return gazetteer_module.get_gazetteer(geo_cache_dir)


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
