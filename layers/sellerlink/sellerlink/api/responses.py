"""Successful answers that are not a plain 200, and reports answered as JSON or CSV."""

from __future__ import annotations

from typing import Any, TypeVar

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.api_gateway import Router
from aws_lambda_powertools.event_handler.openapi.types import OpenAPIResponse
from pydantic import BaseModel

from sellerlink.api.problems import ERROR_RESPONSES
from sellerlink.reports.tables import CSV, to_csv, wants_csv

Model = TypeVar("Model", bound=BaseModel)


def created(body: Model) -> Response[Model]:
    return Response(201, content_type="application/json", body=body)


def json_or_csv(model: type[BaseModel]) -> dict[int, OpenAPIResponse]:
    """The OpenAPI responses of a report route: its model as JSON, or CSV."""
    content: dict[str, Any] = {"application/json": {"model": model}, CSV: {"schema": {"type": "string"}}}
    return {
        **ERROR_RESPONSES,
        200: {"description": "JSON, or CSV with `Accept: text/csv`.", "content": content},
    }


def answer(
    router: Router, body: Model, rows: list[BaseModel], model: type[BaseModel]
) -> Response[Model | str]:
    """The report as JSON, or its rows as CSV when the request's `Accept` asks for `text/csv`."""
    if wants_csv(router.current_event.headers.get("accept")):
        return Response(200, content_type=f"{CSV}; charset=utf-8", body=to_csv(rows, model))
    return Response(200, content_type="application/json", body=body)
