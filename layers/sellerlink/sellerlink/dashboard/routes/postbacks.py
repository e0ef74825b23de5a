"""Partner: its postback and webhook endpoints (all its programs), delivery logs and tests."""

from __future__ import annotations

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.api_gateway import Router

from sellerlink.dashboard.endpoint_pages import EndpointPages
from sellerlink.dashboard.page import Page
from sellerlink.webhooks.endpoints import partner_owner_of

router = Router()
BASE = "/partner/postbacks"


def pages() -> EndpointPages:
    page = Page.of(router, partner=True)
    return EndpointPages(
        page, lambda _: partner_owner_of(page.principal), BASE, partner=True, context={"title": "Postbacks"}
    )


@router.get(BASE)
def postbacks() -> Response[str]:
    return pages().listing()


@router.post(BASE)
def register() -> Response[str]:
    return pages().register()


@router.get(BASE + "/<endpoint_id>")
def endpoint(endpoint_id: str) -> Response[str]:
    return pages().endpoint(endpoint_id)


@router.post(BASE + "/<endpoint_id>")
def act(endpoint_id: str) -> Response[str]:
    return pages().act(endpoint_id)
