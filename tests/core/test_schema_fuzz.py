"""Schemathesis over every operation of the published OpenAPI schema, in process.

Each operation gets generated valid and invalid inputs, sent as the coordinator and as a
community's staff, over a small world with one request, pledge, allocation and shipment (ids
start at 1, so generated ids meet real rows). Every response must be below 500 and match the
schema: its status code documented, its content type and body as published.

The run is bounded (few examples per operation, no shrinking, derandomized): it finds the
same cases on every run, so a failure in CI is a failure at a desk.
"""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.helpers import Flow

pytestmark = pytest.mark.slow

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
ROLES = ("coordinator", "brovary")


def _published_schema() -> dict[str, Any]:
    """The OpenAPI document as the app publishes it (it does not depend on the database)."""
    from tracker.app import create_app
    from tracker.config import Settings

    return create_app(Settings(DATABASE_URL="sqlite://", TRACKER_ENV="test")).openapi()


schema = schemathesis.openapi.from_dict(_published_schema())
schema.config.generation.update(
    modes=[GenerationMode.POSITIVE, GenerationMode.NEGATIVE],
    deterministic=True,
    allow_x00=True,
)


@pytest.fixture
def seeded(client, world) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    """One of each: a request, a pledge, an allocation between them and a shipment."""
    flow = Flow(client, world)
    request = flow.request(quantity=4)
    pledge = flow.pledge(quantity=4)
    allocation = flow.allocate(request["id"], pledge["id"], 2)
    shipment = flow.ship([allocation["id"]])
    return {"world": world, "shipment": shipment}


@schema.parametrize()
@settings(
    max_examples=5,
    deadline=None,
    derandomize=True,
    database=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)
def test_every_operation_answers_below_500_and_as_published(case, app, seeded) -> None:  # type: ignore[no-untyped-def]
    for role in ROLES:
        case.call_and_validate(app=app, headers=seeded["world"].h(role), checks=CHECKS)
