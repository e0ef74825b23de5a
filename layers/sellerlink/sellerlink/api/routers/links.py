"""Tracking links (served by the links function): single, bulk, list, look up, deactivate."""

from __future__ import annotations

from typing import Annotated

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.api_gateway import Router
from aws_lambda_powertools.event_handler.openapi.params import Query

from sellerlink.api.dependencies import LinkDependencies, deferred_caller, deps, principal
from sellerlink.api.problems import ERROR_RESPONSES
from sellerlink.api.responses import created
from sellerlink.links import logic
from sellerlink.links.models import BulkLinkRequest, BulkLinks, LinkList, LinkRequest, TrackingLink
from sellerlink.observability import MetricUnit, metrics

router = Router()
TAGS = ["Links"]


def _stores() -> logic.LinkStores:
    return deps(router, LinkDependencies).stores


def _events() -> logic.LinkEvents:
    return deps(router, LinkDependencies).events()


@router.post("/v1/programs/<program_id>/links", tags=TAGS, responses=ERROR_RESPONSES, status_code=201)
def create_link(program_id: str, body: LinkRequest) -> Response[TrackingLink]:
    """An approved partner (or the brand, with partner_id): the tracking link of an ASIN or URL."""
    link = logic.create_link(_stores(), deferred_caller(router), program_id, body, _events())
    metrics.add_metric(name="LinksGenerated", unit=MetricUnit.Count, value=1)
    return created(link)


@router.post("/v1/programs/<program_id>/links/bulk", tags=TAGS, responses=ERROR_RESPONSES)
def create_links(program_id: str, body: BulkLinkRequest) -> BulkLinks:
    """Up to 5,000 ASINs at once; rows that fail come back in `errors` with the reason."""
    answer = logic.create_links(_stores(), deferred_caller(router), program_id, body, _events())
    metrics.add_metric(name="LinksGenerated", unit=MetricUnit.Count, value=len(answer.links))
    return answer


@router.get("/v1/programs/<program_id>/links", tags=TAGS, responses=ERROR_RESPONSES)
def list_links(
    program_id: str,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
    cursor: Annotated[str | None, Query()] = None,
) -> LinkList:
    """A partner's own links in the program, or all of them for the brand; follow next_cursor."""
    links, next_cursor = logic.list_links(
        _stores(), principal(router), program_id, limit=limit, cursor=cursor
    )
    return LinkList(links=links, next_cursor=next_cursor)


@router.get("/v1/programs/<program_id>/links/<link_id>", tags=TAGS, responses=ERROR_RESPONSES)
def get_link(program_id: str, link_id: str) -> TrackingLink:
    """One link."""
    return logic.get_link(_stores(), principal(router), program_id, link_id)


@router.delete("/v1/programs/<program_id>/links/<link_id>", tags=TAGS, responses=ERROR_RESPONSES)
def deactivate_link(program_id: str, link_id: str) -> TrackingLink:
    """Deactivate a link (kept, with its identifiers, for reports); asking for it again reactivates it."""
    return logic.deactivate_link(_stores(), principal(router), program_id, link_id)
