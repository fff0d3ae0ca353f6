"""Where attachment files live: a small interface (put, open, delete by key) and its
local-files implementation under `TRACKER_DATA_DIR/attachments`.

Keys are made here (random, URL-safe), never from a user's file name; a key that is not one
of ours is refused before any path is built, so no key can reach outside the directory.
An S3-compatible store can implement the same three methods later.
"""

from __future__ import annotations

import os
import re
import secrets
from pathlib import Path
from typing import BinaryIO, Protocol

_KEY = re.compile(r"^[A-Za-z0-9_-]{32,64}$")


class Storage(Protocol):
    def put(self, data: bytes) -> str:
        """Store `data` under a new random key and return the key."""

    def open(self, key: str) -> BinaryIO:
        """The stored bytes (FileNotFoundError when there are none)."""

    def delete(self, key: str) -> None:
        """Remove the file; a missing one is not an error."""


def new_key() -> str:
    return secrets.token_urlsafe(32)


class LocalStorage:
    """Files in one directory, fanned out by the key's first two characters."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root).resolve()

    def _path(self, key: str) -> Path:
        if not _KEY.match(key):
            raise ValueError("not a storage key")
        return self.root / key[:2] / key

    def put(self, data: bytes) -> str:
        key = new_key()
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(path.name + ".part")
        with open(temporary, "xb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        temporary.replace(path)
        return key

    def open(self, key: str) -> BinaryIO:
        return open(self._path(key), "rb")

    def delete(self, key: str) -> None:
        self._path(key).unlink(missing_ok=True)


def storage_for(data_dir: Path) -> Storage:
    return LocalStorage(Path(data_dir) / "attachments")
