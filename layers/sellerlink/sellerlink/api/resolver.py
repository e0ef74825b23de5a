"""The resolver shared by every HTTP function: validation on, errors as problem+json."""

from __future__ import annotations

from aws_lambda_powertools.event_handler import APIGatewayHttpResolver, Response
from aws_lambda_powertools.event_handler.api_gateway import Router
from aws_lambda_powertools.event_handler.exceptions import NotFoundError
from aws_lambda_powertools.event_handler.openapi.exceptions import RequestValidationError

from sellerlink.api import problems
from sellerlink.api.dependencies import principal
from sellerlink.api.public_routes import is_public
from sellerlink.errors import SellerlinkError, Unauthorized
from sellerlink.observability import logger


def build_resolver(*routers: Router) -> APIGatewayHttpResolver:
    app = APIGatewayHttpResolver(enable_validation=True)
    for router in routers:
        app.include_router(router)

    @app.exception_handler(SellerlinkError)
    def domain_error(error: SellerlinkError) -> Response:
        return problems.from_error(error, app.current_event.path)

    @app.exception_handler(RequestValidationError)
    def invalid_request(error: RequestValidationError) -> Response:
        event = app.current_event
        if not is_public(event.http_method, event.path):  # who asks comes before what is asked
            try:
                principal(app)
            except Unauthorized as refused:
                return problems.from_error(refused, event.path)
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
