"""The dashboard function's resolver: pages, a sign-in redirect for anyone without a session,
and an error page with the sentence the logic gave (403 for a page the person may not see)."""

from __future__ import annotations

from urllib.parse import quote

from aws_lambda_powertools.event_handler import APIGatewayHttpResolver, Response
from aws_lambda_powertools.event_handler.api_gateway import Router
from aws_lambda_powertools.event_handler.exceptions import NotFoundError

from sellerlink.dashboard import web
from sellerlink.dashboard.page import SignInRequired
from sellerlink.dashboard.render import render
from sellerlink.errors import SellerlinkError
from sellerlink.observability import logger

TITLES = {
    401: "Sign in again",
    403: "Not allowed",
    404: "Not found",
    409: "Not possible now",
    422: "Check what you entered",
    500: "Something went wrong",
}


def error_page(status: int, detail: str) -> Response[str]:
    title = TITLES.get(status, "Not possible")
    return web.page(render("error.html", title=title, detail=detail, status=status), status)


def build_dashboard(*routers: Router) -> APIGatewayHttpResolver:
    app = APIGatewayHttpResolver()
    for router in routers:
        app.include_router(router)

    @app.exception_handler(SignInRequired)
    def sign_in_first(_: SignInRequired) -> Response[str]:
        event = app.current_event
        htmx = event.headers.get("hx-request") == "true"
        target = event.path if event.http_method == "GET" else "/"
        return web.redirect(f"/sign-in?next={quote(target)}", htmx=htmx)

    @app.exception_handler(SellerlinkError)
    def refused(error: SellerlinkError) -> Response[str]:
        return error_page(error.status, error.detail)

    @app.not_found
    def no_page(_: NotFoundError) -> Response[str]:
        return error_page(404, f"There is no page {app.current_event.path}.")

    @app.exception_handler(Exception)
    def unexpected(_: Exception) -> Response[str]:
        logger.exception("unexpected error")
        return error_page(
            500, "Something went wrong on our side; try again, and tell the operator if it persists."
        )

    return app
