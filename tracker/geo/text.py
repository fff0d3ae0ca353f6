"""Normalising place names for lookup: case, diacritics and apostrophes folded, Cyrillic
transliterated with the Ukrainian national system, and consonant skeletons for typos. Used by
the gazetteer and the KATOTTG registry (which the gazetteer builds), so it lives apart from
both."""

from __future__ import annotations

import re
import unicodedata

from unidecode import unidecode

_APOSTROPHES = "'’ʼ`´‘ʹ′ʻ"
_DROP_APOSTROPHES = str.maketrans("", "", _APOSTROPHES)

# Ukrainian national transliteration (KMU 2010), plus the Russian-only letters.
_CYRILLIC = {
    "а": "a", "б": "b", "в": "v", "г": "h", "ґ": "g", "д": "d", "е": "e", "є": "ie",
    "ж": "zh", "з": "z", "и": "y", "і": "i", "ї": "i", "й": "i", "к": "k", "л": "l",
    "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u",
    "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ь": "", "ю": "iu",
    "я": "ia", "ы": "y", "э": "e", "ё": "io", "ъ": "",
}  # fmt: skip
_CYRILLIC_INITIAL = {"є": "ye", "ї": "yi", "й": "y", "ю": "yu", "я": "ya", "ё": "yo"}
_CYRILLIC_TABLE = str.maketrans(_CYRILLIC)
_INITIAL_RE = re.compile(r"(?<!\w)([єїйюяё])")
_ZGH_RE = re.compile("зг")
_NON_ALNUM_RE = re.compile(r"[^a-z0-9]+")


def normalize(text: str) -> str:
    """Fold a typed name to index form: "Кам'янець-Подільський" -> "kamianets podilskyi"."""
    s = text.casefold().translate(_DROP_APOSTROPHES)
    if not s.isascii():
        s = unicodedata.normalize("NFC", s)
        if _has_cyrillic(s):
            s = _ZGH_RE.sub("zgh", s)
            s = _INITIAL_RE.sub(lambda m: _CYRILLIC_INITIAL[m.group(1)], s)
            s = s.translate(_CYRILLIC_TABLE)
        s = unidecode(s).lower().translate(_DROP_APOSTROPHES)
    return _NON_ALNUM_RE.sub(" ", s).strip()


def transliterate(name: str) -> str:
    """Display form in the national system: "Кам’янець-Подільський" -> "Kamianets-Podilskyi"."""
    s = unicodedata.normalize("NFC", name.strip()).translate(_DROP_APOSTROPHES)
    out = []
    for word in re.split(r"(\W+)", s):
        if not word or not _has_cyrillic(word):
            out.append(word)
            continue
        lower = _ZGH_RE.sub("zgh", word.casefold())
        lower = _CYRILLIC_INITIAL.get(lower[0], lower[0]) + lower[1:]
        latin = lower.translate(_CYRILLIC_TABLE)
        out.append(latin[:1].upper() + latin[1:] if word[:1].isupper() else latin)
    return "".join(out)


def _has_cyrillic(s: str) -> bool:
    return any("\u0400" <= ch <= "\u04ff" for ch in s)


_SKELETON_SUBS = (("shch", "s"), ("sch", "s"), ("sh", "s"), ("sz", "s"), ("zh", "z"),
                  ("kh", "k"), ("ch", "k"), ("ck", "k"), ("ts", "c"), ("tz", "c"), ("w", "v"),
                  ("q", "k"), ("x", "ks"), ("ph", "f"))  # fmt: skip
_SKELETON_DROP = str.maketrans("", "", "aeiouyhj ")
_REPEAT_RE = re.compile(r"(.)\1+")


def skeleton(key: str) -> str:
    """Consonant skeleton of a normalised name, tolerant to vowel/transliteration variants.

    "kopychynitsi", "kopychyntsi" and "kopytschynzi" all become "kpkncs"-like strings; it is
    only used as a fallback, and candidates are re-checked for similarity.
    """
    s = key
    for old, new in _SKELETON_SUBS:
        s = s.replace(old, new)
    s = s.translate(_SKELETON_DROP)
    return _REPEAT_RE.sub(r"\1", s)


# Only Latin and Cyrillic alternate names are indexed; other scripts would be romanised by
# unidecode into noise.
_FOREIGN_SCRIPT_RE = re.compile(
    "[^\u0000-\u024f\u0300-\u036f\u0400-\u052f\u1e00-\u1eff\u2010-\u2019\u02b9-\u02bc\u2032]"
)


def indexable(name: str) -> bool:
    return bool(name) and not _FOREIGN_SCRIPT_RE.search(name)
