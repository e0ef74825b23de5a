"""Successful answers that are not a plain 200."""

from __future__ import annotations

from typing import TypeVar

from aws_lambda_powertools.event_handler import Response
from pydantic import BaseModel

Model = TypeVar("Model", bound=BaseModel)


def created(body: Model) -> Response[Model]:
    return Response(201, content_type="application/json", body=body)
