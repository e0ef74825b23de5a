"""Brand: the program's webhook endpoints, their delivery logs, replays and secret rotation."""

from __future__ import annotations

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.api_gateway import Router

from sellerlink.dashboard.endpoint_pages import EndpointPages
from sellerlink.dashboard.page import Page
from sellerlink.programs.logic import get_program
from sellerlink.webhooks.endpoints import brand_owner

router = Router()


def pages(program_id: str) -> EndpointPages:
    page = Page.of(router, brand=True)
    program = get_program(page.deps.programs, page.principal, program_id)
    return EndpointPages(
        page,
        lambda change: brand_owner(page.deps.programs, page.principal, program_id, change=change),
        f"/programs/{program_id}/webhooks",
        partner=False,
        context={"program": program, "title": "Webhooks"},
    )


@router.get("/programs/<program_id>/webhooks")
def webhooks(program_id: str) -> Response[str]:
    return pages(program_id).listing()


@router.post("/programs/<program_id>/webhooks")
def register(program_id: str) -> Response[str]:
    return pages(program_id).register()


@router.get("/programs/<program_id>/webhooks/<endpoint_id>")
def endpoint(program_id: str, endpoint_id: str) -> Response[str]:
    return pages(program_id).endpoint(endpoint_id)


@router.post("/programs/<program_id>/webhooks/<endpoint_id>")
def act(program_id: str, endpoint_id: str) -> Response[str]:
    return pages(program_id).act(endpoint_id)
