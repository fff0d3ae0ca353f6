"""List parameters and the `{"items": [...], "total": N}` envelope every list returns."""

from __future__ import annotations

from typing import Annotated, Any, Generic, TypeVar

from fastapi import Depends, Query
from fastapi.responses import Response
from pydantic import BaseModel

T = TypeVar("T")

MAX_LIMIT = 500


class PageParams(BaseModel):
    limit: int = 50
    offset: int = 0


async def page_params(
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT, description="At most 500")] = 50,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> PageParams:
    return PageParams(limit=limit, offset=offset)


Pagination = Annotated[PageParams, Depends(page_params)]


class Page(BaseModel, Generic[T]):
    items: list[T]
    total: int


def page_json(model: type[BaseModel], items: list[Any], total: int) -> Response:
    """The list envelope serialized once, in pydantic's Rust serializer.

    The route still declares `response_model=Page[Model]` for the OpenAPI document; returning
    a Response skips FastAPI re-validating items the service has just built from the database.
    """
    page = Page[model](items=items, total=total)  # type: ignore[valid-type]
    return Response(page.model_dump_json(), media_type="application/json")
