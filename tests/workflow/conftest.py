"""Helpers that drive the aid workflow through the JSON API, as a script would."""

from __future__ import annotations

import pytest

from tests.helpers import Flow


@pytest.fixture
def flow(client, world) -> Flow:  # type: ignore[no-untyped-def]
    return Flow(client, world)
