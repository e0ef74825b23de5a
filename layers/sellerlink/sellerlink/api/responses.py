"""Successful answers that are not a plain 200, and reports answered as JSON or CSV."""

from __future__ import annotations

from typing import Any, TypeVar
from urllib.parse import urlencode

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.api_gateway import Router
from aws_lambda_powertools.event_handler.openapi.types import OpenAPIResponse
from pydantic import BaseModel

from sellerlink.api.problems import ERROR_RESPONSES
from sellerlink.reports.tables import CSV, to_csv, wants_csv

Model = TypeVar("Model", bound=BaseModel)


def created(body: Model) -> Response[Model]:
    return Response(201, content_type="application/json", body=body)


def json_or_csv(model: type[BaseModel], paged: bool = False) -> dict[int, OpenAPIResponse]:
    """The OpenAPI responses of a report route: its model as JSON, or CSV; a paged one links the next page."""
    content: dict[str, Any] = {"application/json": {"model": model}, CSV: {"schema": {"type": "string"}}}
    answer: OpenAPIResponse = {"description": "JSON, or CSV with `Accept: text/csv`.", "content": content}
    if paged:
        link = {"description": 'The next page, when there is one: `<path?...&cursor=...>; rel="next"`.'}
        answer["headers"] = {"Link": {**link, "schema": {"type": "string"}}}  # type: ignore[typeddict-item]
    return {**ERROR_RESPONSES, 200: answer}


def answer(
    router: Router, body: Model, rows: list[BaseModel], model: type[BaseModel], next_cursor: str | None = None
) -> Response[Model | str]:
    """The report as JSON, or its rows as CSV when the request's `Accept` asks for `text/csv`. A page
    with more after it links the next one (`Link: <...>; rel="next"`, RFC 8288), so a CSV export,
    which has no room for a cursor, follows the links to the whole range."""
    headers = {"Link": f'<{_next_page(router, next_cursor)}>; rel="next"'} if next_cursor else None
    if wants_csv(router.current_event.headers.get("accept")):
        return Response(200, content_type=f"{CSV}; charset=utf-8", body=to_csv(rows, model), headers=headers)
    return Response(200, content_type="application/json", body=body, headers=headers)


def _next_page(router: Router, cursor: str | None) -> str:
    """This request's path and query, with the next page's cursor."""
    event = router.current_event
    query = {**(event.query_string_parameters or {}), "cursor": cursor or ""}
    return f"{event.path}?{urlencode(query)}"
