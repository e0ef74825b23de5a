"""The resolver shared by every HTTP function: validation on, bodies JSON only, errors as problem+json.

Who asks comes before what is asked: on a route that needs a key, a request without a known one
gets 401 before any complaint about its body or parameters.
"""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools.event_handler import APIGatewayHttpResolver, Response
from aws_lambda_powertools.event_handler.api_gateway import Router
from aws_lambda_powertools.event_handler.exceptions import NotFoundError
from aws_lambda_powertools.event_handler.middlewares.openapi_validation import (
    OpenAPIRequestValidationMiddleware,
)
from aws_lambda_powertools.event_handler.openapi.exceptions import RequestValidationError

from sellerlink import bodies
from sellerlink.api import problems
from sellerlink.api.dependencies import principal
from sellerlink.api.public_routes import is_public
from sellerlink.errors import SellerlinkError, Unauthorized
from sellerlink.observability import logger


class JsonBodyValidation(OpenAPIRequestValidationMiddleware):
    """Powertools' request validation, reading bodies with `sellerlink.bodies`: JSON in UTF-8 and
    not nested too deep, else 400 or 415 (Powertools would parse form and multipart bodies too)."""

    def _get_body(self, app: Any) -> Any:
        event = app.current_event
        return bodies.json_value(event.body, bool(event.is_base64_encoded), event.headers.get("content-type"))


def build_resolver(*routers: Router) -> APIGatewayHttpResolver:
    app = APIGatewayHttpResolver(enable_validation=True)
    app._request_validation_middleware = JsonBodyValidation()  # Powertools' hook for request validation
    for router in routers:
        app.include_router(router)

    @app.exception_handler(SellerlinkError)
    def domain_error(error: SellerlinkError) -> Response:
        return _unauthenticated(app) or problems.from_error(error, app.current_event.path)

    @app.exception_handler(RequestValidationError)
    def invalid_request(error: RequestValidationError) -> Response:
        refused = _unauthenticated(app)
        if refused is not None:
            return refused
        errors = [
            {"field": ".".join(str(part) for part in e.get("loc", ())[1:]), "message": e.get("msg", "")}
            for e in error.errors()
        ]
        summary = "; ".join(f"{e['field'] or 'body'}: {e['message']}" for e in errors)
        return problems.problem_response(
            422,
            "Invalid request",
            f"Fix these fields and send again: {summary}.",
            app.current_event.path,
            errors=errors,
        )

    @app.not_found
    def no_route(_: NotFoundError) -> Response:
        return problems.problem_response(
            404, "Not found", f"There is no route {app.current_event.http_method} {app.current_event.path}."
        )

    @app.exception_handler(Exception)
    def unexpected(error: Exception) -> Response:
        logger.exception("unexpected error")
        return problems.problem_response(
            500,
            "Internal error",
            "Something went wrong on our side; try again, and tell the operator if it persists.",
        )

    return app


def _unauthenticated(app: APIGatewayHttpResolver) -> Response | None:
    """The 401 for a caller without a known key on a route that needs one; None otherwise."""
    event = app.current_event
    if is_public(event.http_method, event.path):
        return None
    try:
        principal(app)
    except Unauthorized as refused:
        return problems.from_error(refused, event.path)
    return None
