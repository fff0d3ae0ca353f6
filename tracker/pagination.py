"""List parameters and the `{"items": [...], "total": N}` envelope every list returns."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated, Any, Generic, TypeVar

from fastapi import Depends, Query
from fastapi.responses import Response
from pydantic import BaseModel
from pydantic_core import to_json

from tracker.fields import MAX_ID

T = TypeVar("T")

MAX_LIMIT = 500


class PageParams(BaseModel):
    limit: int = 50
    offset: int = 0


async def page_params(
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT, description="At most 500")] = 50,
    offset: Annotated[int, Query(ge=0, le=MAX_ID)] = 0,
) -> PageParams:
    return PageParams(limit=limit, offset=offset)


Pagination = Annotated[PageParams, Depends(page_params)]


class Page(BaseModel, Generic[T]):
    items: list[T]
    total: int


def page_json(items: Sequence[Any], total: int) -> Response:
    """The list envelope serialized once, by pydantic-core, without validating the items again.

    Items are read models or rows already in a read model's shape (see `RequestRow`); the
    route still declares `response_model=Page[Model]` for the OpenAPI document.
    """
    return Response(to_json({"items": items, "total": total}), media_type="application/json")
