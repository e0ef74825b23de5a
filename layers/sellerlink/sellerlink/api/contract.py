"""What the OpenAPI document promises beyond what Powertools writes from the routes: every success
answer with its schema and a one-line description, every error as it really comes back.

Our own errors are problem+json (`problems.ERROR_RESPONSES`, plus 400 and 415 for a body that
cannot be read). API Gateway's own answers are `{"message": ...}` JSON, as the gateway gives them:
404 for a path no route serves (a path parameter holding `/`, say), 413 for a body over 10 MB or
an event over Lambda's 6 MB, 414 over the 10,240-byte request line and headers, 500 when the
function fails outright. A route declares a success other than 200 with `status_code=`.
"""

from __future__ import annotations

import inspect
import typing
from typing import Any

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.api_gateway import Route

from sellerlink.api.problems import ERROR_RESPONSES, PROBLEM_JSON

GATEWAY_MESSAGE = {
    "type": "object",
    "required": ["message"],
    "properties": {"message": {"type": "string", "examples": ["Not Found"]}},
    "description": "An answer of API Gateway itself, before or after the function.",
}
PROBLEM = {PROBLEM_JSON: {"schema": {"$ref": "#/components/schemas/Problem"}}}
GATEWAY = {"application/json": {"schema": {"$ref": "#/components/schemas/GatewayMessage"}}}
EVERY_OPERATION: dict[str, tuple[str, dict[str, Any]]] = {
    "404": ("No such resource (problem+json), or no route for the path (API Gateway).", PROBLEM | GATEWAY),
    "414": ("API Gateway: the request line and headers are over 10,240 bytes.", GATEWAY),
    "500": ("Something failed on Sellerlink's side (problem+json, or API Gateway's own).", PROBLEM | GATEWAY),
}
WITH_A_BODY: dict[str, tuple[str, dict[str, Any]]] = {
    "400": ("The body is not JSON, not UTF-8, or nested deeper than 32 levels.", PROBLEM),
    "413": ("API Gateway: the body is over 10 MB, or its event over Lambda's 6 MB.", GATEWAY),
    "415": ("The body is not `application/json` (in UTF-8).", PROBLEM),
}


def complete_routes(routes: list[Route]) -> None:
    """Each route gains a description and, unless it documents its own success (the OAuth pages),
    the errors of `problems.ERROR_RESPONSES` and its success answer with the model it returns."""
    for route in routes:
        doc = inspect.getdoc(route.func) or ""
        route.description = route.description or doc or None
        if any(200 <= code < 400 for code in route.responses or {}):
            continue
        answers: dict[int, Any] = {**ERROR_RESPONSES, **(route.responses or {})}
        returns, model = _returned(route)
        if returns:
            summary = doc.splitlines()[0] if doc else "Success."
            content = {"application/json": {"model": model}} if model is not None else {}
            answers[route.status_code] = {"description": summary, "content": content}
        route.responses = answers


def complete_document(document: dict[str, Any]) -> None:
    """API Gateway's own answers and the body errors, on every operation they can happen to."""
    document["components"]["schemas"]["GatewayMessage"] = GATEWAY_MESSAGE
    for operations in document["paths"].values():
        for operation in operations.values():
            answers = operation["responses"]
            extra = {**EVERY_OPERATION, **(WITH_A_BODY if "requestBody" in operation else {})}
            for status, (description, content) in extra.items():
                kept = answers.get(status, {}).get("description", description)
                own = answers.get(status, {}).get("content", {})  # e.g. a public page's text/html
                answers[status] = {"description": kept, "content": {**own, **content}}


def _returned(route: Route) -> tuple[bool, Any]:
    """Whether a route answers success at all (`-> None`: never, it always refuses), and the model
    its success carries: `X` of `-> X` or `-> Response[X]`, None for an empty answer (204)."""
    returned = typing.get_type_hints(route.func).get("return")
    if returned is None or returned is type(None):
        return False, None
    if typing.get_origin(returned) is Response:
        (returned,) = typing.get_args(returned)
    return True, None if returned is type(None) else returned
