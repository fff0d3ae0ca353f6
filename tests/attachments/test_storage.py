"""The local file storage: random keys, nothing reachable outside its directory."""

from __future__ import annotations

import pytest

from tracker.attachments.storage import LocalStorage


def test_put_open_delete(tmp_path):
    storage = LocalStorage(tmp_path / "files")
    key = storage.put(b"%PDF-1.7 act")
    other = storage.put(b"%PDF-1.7 act")
    assert key != other and len(key) >= 32
    with storage.open(key) as stored:
        assert stored.read() == b"%PDF-1.7 act"
    storage.delete(key)
    storage.delete(key)  # already gone: not an error
    with pytest.raises(FileNotFoundError):
        storage.open(key)
    assert not list((tmp_path / "files").rglob("*.part"))


@pytest.mark.parametrize(
    "key", ["../../etc/passwd", "/etc/passwd", "..", "a" * 31, "ab/" + "c" * 40, "x\0" * 20]
)
def test_keys_that_are_not_ours_reach_nothing(tmp_path, key):
    storage = LocalStorage(tmp_path / "files")
    with pytest.raises(ValueError):
        storage.open(key)
    with pytest.raises(ValueError):
        storage.delete(key)
