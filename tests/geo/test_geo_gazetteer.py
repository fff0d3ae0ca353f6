"""The compact gazetteer file: built once, reused, rebuilt when its version key changes."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import numpy as np
import pytest

from tracker.geo import gazetteer as gz
from tracker.geo.gazetteer import Gazetteer


def test_contents(gazetteer: Gazetteer) -> None:
    ua = int((gazetteer.country == b"UA").sum())
    assert ua > 28_000  # every settlement of Ukraine's registry (KATOTTG)
    assert int((gazetteer.katottg != b"").sum()) == ua - 8  # all but the border crossings
    assert len(gazetteer) > 200_000 and gazetteer.key_count > 500_000
    countries = set(np.unique(gazetteer.country).astype(str))
    assert {"UA", "PL", "DE", "SE", "FR", "IT", "EE", "US", "CA", "MD", "RO"} <= countries
    assert gazetteer.lookup("brovary") and gazetteer.lookup(gz.normalize("Бровари"))


def test_second_call_reuses_the_file(gazetteer: Gazetteer, geo_cache_dir: Path) -> None:
    path = gz.cache_path(geo_cache_dir)
    assert path.exists() and path.parent == geo_cache_dir
    builds, mtime = gz.BUILD_COUNT, path.stat().st_mtime_ns
    # Other tests may have loaded another data directory's gazetteer meanwhile.
    first = gz.get_gazetteer(geo_cache_dir)
    assert gz.get_gazetteer(geo_cache_dir) is first  # in-process
    gz.clear_loaded()
    reloaded = gz.get_gazetteer(geo_cache_dir)  # from the file
    assert reloaded is not first and len(reloaded) == len(gazetteer)
    assert builds == gz.BUILD_COUNT
    assert path.stat().st_mtime_ns == mtime


def test_rebuilds_when_version_key_changes(
    gazetteer: Gazetteer, geo_cache_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    old = tmp_path / gz.cache_path(tmp_path).name
    shutil.copy(gz.cache_path(geo_cache_dir), old)
    with np.load(old) as data:
        arrays = {name: data[name] for name in data.files}

    calls: list[int] = []

    def fake_build() -> dict[str, np.ndarray]:  # the real build is covered by the session
        calls.append(1)
        return arrays

    monkeypatch.setattr(gz, "build_arrays", fake_build)
    gz.clear_loaded()
    assert len(gz.get_gazetteer(tmp_path)) == len(gazetteer)
    assert calls == []  # same key: the copied file is used as is

    monkeypatch.setattr(gz, "version_key", lambda: "0123456789abcdef")
    gz.clear_loaded()
    rebuilt = gz.get_gazetteer(tmp_path)
    assert calls == [1]
    assert (tmp_path / "gazetteer-0123456789abcdef.npz").exists()
    assert old.exists()  # another version used within the day may serve another checkout

    os.utime(old, (0, 0))  # unused for long: the next build removes it
    monkeypatch.setattr(gz, "version_key", lambda: "fedcba9876543210")
    gz.clear_loaded()
    gz.get_gazetteer(tmp_path)
    assert not old.exists()
    assert len(rebuilt) == len(gazetteer)
    gz.clear_loaded()


def test_corrupt_file_is_rebuilt(
    gazetteer: Gazetteer, geo_cache_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with np.load(gz.cache_path(geo_cache_dir)) as data:
        arrays = {name: data[name] for name in data.files}
    monkeypatch.setattr(gz, "build_arrays", lambda: arrays)
    gz.cache_path(tmp_path).write_bytes(b"not a zip file")
    gz.clear_loaded()
    assert len(gz.get_gazetteer(tmp_path)) == len(gazetteer)
    gz.clear_loaded()


def test_version_key_is_stable() -> None:
    assert gz.version_key() == gz.version_key()
    assert len(gz.version_key()) == 16
