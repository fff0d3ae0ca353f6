"""Field types shared by the models: text as people mean it, integers as the columns hold them.

`Line` is single-line text (names, places, references): stripped before its length is checked
(so "   " is empty, not three characters), and refused when it holds a control character
(NUL, CR, LF, tab…), which would break a header, a PDF or a CSV, or fail on PostgreSQL.
`MultiLine` is multi-line text (notes, justifications): the same, but line breaks and tabs are
kept.
"""

from __future__ import annotations

import unicodedata
from typing import Annotated

from annotated_types import Interval
from pydantic import AfterValidator, StringConstraints
from pydantic_core import PydanticCustomError

CONTROL_IN_LINE = "This text must be a single line without control characters (NUL, line breaks)."
CONTROL_IN_TEXT = "This text must not contain control characters such as NUL bytes."

_TEXT_ALLOWED = frozenset("\n\r\t")


def _has_control(value: str, allowed: frozenset[str] = frozenset()) -> bool:
    return any(
        unicodedata.category(ch) == "Cc" and ch not in allowed
        for ch in value
        if not ch.isprintable()
    )


def clean_line(value: str) -> str:
    """`value` refused (422) with a control character in it."""
    if _has_control(value) or "\u2028" in value or "\u2029" in value:
        raise PydanticCustomError("control_characters", CONTROL_IN_LINE)
    return value


def clean_text(value: str) -> str:
    """`value` refused (422) with a control character other than a line break or a tab."""
    if _has_control(value, _TEXT_ALLOWED):
        raise PydanticCustomError("control_characters", CONTROL_IN_TEXT)
    return value


# Stripped inside the string schema, so `min_length` counts what is left.
Line = Annotated[str, StringConstraints(strip_whitespace=True), AfterValidator(clean_line)]
MultiLine = Annotated[str, StringConstraints(strip_whitespace=True), AfterValidator(clean_text)]


# Ids are PostgreSQL INTEGER columns (SQLite's hold 64 bits): a number beyond them names
# nothing, and is refused (422) before any query. Offsets are bounded the same way.
MAX_ID = 2**31 - 1
Id = Annotated[int, Interval(ge=1, le=MAX_ID)]
Offset = Annotated[int, Interval(ge=0, le=MAX_ID)]

# A search as typed (`?q=`): one line, no control characters (a NUL fails on PostgreSQL).
Search = Annotated[
    str,
    StringConstraints(strip_whitespace=True, max_length=200),
    AfterValidator(clean_line),
]
