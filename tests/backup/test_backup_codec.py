"""Every value a column holds comes back from a backup as the same Python value."""

from __future__ import annotations

import datetime as dt
import math
import uuid
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from tracker.backup.codec import EncodeError, decode_row, encode_row


def test_typed_values_round_trip():
    row = {
        "id": 7,
        "name": 'Бровари "лікарня" \n',
        "active": True,
        "retired": False,
        "missing": None,
        "latitude": 50.5110,
        "since": dt.date(2023, 3, 15),
        "at": dt.datetime(2026, 12, 4, 15, 43, 52, 123456, tzinfo=dt.UTC),
        "opens": dt.time(8, 30),
        "delay": dt.timedelta(days=2, seconds=5, microseconds=7),
        "value": Decimal("25000.00"),
        "scan": bytes(range(256)),
        "ref": uuid.UUID("12345678-1234-5678-1234-567812345678"),
        "after": {"quantity": 5, "nested": [1, {"$decimal": "not a tag here"}]},
        "tags": ["a", "b"],
    }
    back = decode_row(encode_row(row))
    assert back == row
    assert type(back["value"]) is Decimal and str(back["value"]) == "25000.00"
    assert back["active"] is True


def test_instants_are_written_in_utc():
    kyiv = dt.datetime(2026, 12, 4, 17, 0, tzinfo=ZoneInfo("Europe/Kyiv"))
    back = decode_row(encode_row({"at": kyiv}))["at"]
    assert back == kyiv and back.utcoffset() == dt.timedelta(0)


def test_naive_datetimes_of_timezone_columns_are_utc_and_others_stay_naive():
    naive = dt.datetime(2026, 12, 4, 15, 0)
    back = decode_row(encode_row({"at": naive, "local": naive}, frozenset({"at"})))
    assert back["at"] == naive.replace(tzinfo=dt.UTC)
    assert back["local"] == naive and back["local"].tzinfo is None


def test_non_finite_floats_survive():
    back = decode_row(encode_row({"a": math.inf, "b": -math.inf, "c": math.nan}))
    assert back["a"] == math.inf and back["b"] == -math.inf and math.isnan(back["c"])


def test_an_unknown_type_stops_the_backup_with_its_column():
    with pytest.raises(EncodeError, match="column odd: cannot back up a value of type object"):
        encode_row({"odd": object()})


def test_an_unknown_tag_is_refused():
    with pytest.raises(ValueError, match="unknown value type"):
        decode_row(b'{"a": {"$pickle": "x"}}\n')
