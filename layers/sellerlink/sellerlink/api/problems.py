"""RFC 9457 problem details: every error this API returns has this shape."""

from __future__ import annotations

import json
from typing import Any

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.openapi.types import OpenAPIResponse
from pydantic import ConfigDict

from sellerlink.errors import SellerlinkError
from sellerlink.model import Model

PROBLEM_JSON = "application/problem+json"
TYPE_BASE = "https://sellerlink.dev/problems/"


class Problem(Model):
    """An RFC 9457 problem: `detail` says what to do about it."""

    model_config = ConfigDict(extra="allow")

    type: str
    title: str
    status: int
    detail: str
    instance: str | None = None


def problem_response(
    status: int, title: str, detail: str, instance: str | None = None, **extra: Any
) -> Response:
    body = {
        "type": TYPE_BASE + title.lower().replace(" ", "-"),
        "title": title,
        "status": status,
        "detail": detail,
        **({"instance": instance} if instance else {}),
        **extra,
    }
    return Response(status_code=status, content_type=PROBLEM_JSON, body=json.dumps(body, default=str))


def from_error(error: SellerlinkError, instance: str | None = None) -> Response:
    response = problem_response(error.status, error.title, error.detail, instance, **error.extensions)
    if error.status == 401:  # RFC 9110: a 401 names the scheme to authenticate with
        response.headers["WWW-Authenticate"] = 'Bearer realm="sellerlink"'
    return response


ERROR_RESPONSES: dict[int, OpenAPIResponse] = {
    status: {
        "description": description,
        "content": {PROBLEM_JSON: {"schema": {"$ref": "#/components/schemas/Problem"}}},
    }
    for status, description in (
        (401, "The API key is missing, unknown or revoked (`WWW-Authenticate: Bearer`)."),
        (403, "The key's role or the account's edition does not allow this."),
        (404, "No such resource in this account."),
        (409, "The resource is in a state that does not allow this."),
        (422, "The request breaks a rule; `detail` says which."),
    )
}
