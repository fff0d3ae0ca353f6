"""Rows as JSON Lines, every value typed so that it comes back as the same Python value.

JSON knows strings, numbers, booleans and null. Everything else a column can hold is written as
a one-key object naming its type (`{"$datetime": "2026-12-04T15:43:52.123456+00:00"}`), so that
a restore binds a `datetime`, a `Decimal` or `bytes` and never a string the other engine would
have to guess at. JSON columns are wrapped too (`{"$json": …}`): a bare object in a row is always
a typed value, never ambiguous. A value of a type not listed here stops the backup with the
table and column named, rather than being written in a form that would not come back.

Datetimes are written in UTC with their offset. SQLite hands back the UTC wall time of a
`DateTime(timezone=True)` column without an offset (tracker stores only UTC), so those get
`+00:00` here; PostgreSQL hands back the session's time zone, which is turned into UTC. Either
way the restored instant is the same on both engines.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import math
import uuid
from collections.abc import Mapping
from decimal import Decimal
from typing import Any


class EncodeError(TypeError):
    """A value the backup format cannot carry faithfully."""


def encode_value(value: Any, *, aware: bool = False) -> Any:
    """A JSON-ready form of `value`; `aware`: the column holds UTC instants (timezone=True)."""
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        if math.isfinite(value):
            return value
        return {"$float": repr(value)}
    if isinstance(value, dt.datetime):
        if value.tzinfo is None:
            if aware:
                value = value.replace(tzinfo=dt.UTC)
        else:
            value = value.astimezone(dt.UTC)
        return {"$datetime": value.isoformat()}
    if isinstance(value, dt.date):
        return {"$date": value.isoformat()}
    if isinstance(value, dt.time):
        return {"$time": value.isoformat()}
    if isinstance(value, dt.timedelta):
        return {"$timedelta": [value.days, value.seconds, value.microseconds]}
    if isinstance(value, Decimal):
        return {"$decimal": str(value)}
    if isinstance(value, bytes | bytearray | memoryview):
        return {"$bytes": base64.b64encode(bytes(value)).decode("ascii")}
    if isinstance(value, uuid.UUID):
        return {"$uuid": str(value)}
    if isinstance(value, dict | list):
        return {"$json": value}
    raise EncodeError(f"cannot back up a value of type {type(value).__name__}")


_DECODERS: dict[str, Any] = {
    "$float": float,
    "$datetime": dt.datetime.fromisoformat,
    "$date": dt.date.fromisoformat,
    "$time": dt.time.fromisoformat,
    "$timedelta": lambda parts: dt.timedelta(*parts),
    "$decimal": Decimal,
    "$bytes": base64.b64decode,
    "$uuid": uuid.UUID,
    "$json": lambda value: value,
}


def decode_value(value: Any) -> Any:
    """The Python value `encode_value` wrote."""
    if not isinstance(value, dict):
        return value
    if len(value) != 1:
        raise ValueError(f"not a typed value: {value!r}")
    ((tag, raw),) = value.items()
    try:
        decoder = _DECODERS[tag]
    except KeyError:
        raise ValueError(f"unknown value type {tag!r}") from None
    return decoder(raw)


def encode_row(row: Mapping[str, Any], aware_columns: frozenset[str] = frozenset()) -> bytes:
    """One line of JSON (with its newline): the row's columns in the order given."""
    out = {}
    for name, value in row.items():
        try:
            out[name] = encode_value(value, aware=name in aware_columns)
        except EncodeError as exc:
            raise EncodeError(f"column {name}: {exc}") from exc
    text = json.dumps(out, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
    return text.encode("utf-8") + b"\n"


def decode_row(line: bytes) -> dict[str, Any]:
    data = json.loads(line)
    if not isinstance(data, dict):
        raise ValueError("a row must be a JSON object")
    return {name: decode_value(value) for name, value in data.items()}
