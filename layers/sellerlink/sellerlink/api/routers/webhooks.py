"""Webhook endpoints: brands per program (`/v1/programs/{id}/webhooks`), partners for all their
programs (`/v1/partner/webhooks`). Served by the webhooks function (functions/webhooks)."""

from __future__ import annotations

from typing import Annotated

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.api_gateway import Router
from aws_lambda_powertools.event_handler.openapi.params import Query

from sellerlink.api.dependencies import WebhookDependencies, deps, principal
from sellerlink.api.problems import ERROR_RESPONSES
from sellerlink.api.responses import created
from sellerlink.observability import MetricUnit, metrics
from sellerlink.webhooks.endpoints import EndpointService, Owner, brand_owner, partner_owner_of
from sellerlink.webhooks.models import (
    DeliveryList,
    DeliveryView,
    EndpointCreate,
    EndpointCreated,
    EndpointList,
    EndpointView,
    Replayed,
    ReplayRange,
    RotatedSecret,
    SecretRotation,
)

router = Router()
TAGS = ["Webhooks"]
BRAND = "/v1/programs/<program_id>/webhooks"
PARTNER = "/v1/partner/webhooks"


def _deps() -> WebhookDependencies:
    return deps(router, WebhookDependencies)


def _service() -> EndpointService:
    return _deps().endpoints


def _brand(program_id: str, change: bool = False) -> Owner:
    return brand_owner(_deps().programs, principal(router), program_id, change=change)


def _partner() -> Owner:
    return partner_owner_of(principal(router))


# --- brands -------------------------------------------------------------------------------------


@router.post(BRAND, tags=TAGS, responses=ERROR_RESPONSES, status_code=201)
def register_brand_endpoint(program_id: str, body: EndpointCreate) -> Response[EndpointCreated]:
    """Admin or manager: an https endpoint for the program's events; its secret is shown once."""
    answer = _service().register(_brand(program_id, change=True), body)
    metrics.add_metric(name="WebhookEndpointsRegistered", unit=MetricUnit.Count, value=1)
    return created(answer)


@router.get(BRAND, tags=TAGS, responses=ERROR_RESPONSES)
def list_brand_endpoints(program_id: str) -> EndpointList:
    """The program's endpoints (never their secrets)."""
    return EndpointList(endpoints=_service().of_owner(_brand(program_id)))


@router.get(BRAND + "/<endpoint_id>", tags=TAGS, responses=ERROR_RESPONSES)
def get_brand_endpoint(program_id: str, endpoint_id: str) -> EndpointView:
    """One endpoint: status, failures in a row, and the notice when it was disabled."""
    return _service().view(_brand(program_id), endpoint_id)


@router.delete(BRAND + "/<endpoint_id>", tags=TAGS, responses=ERROR_RESPONSES, status_code=204)
def delete_brand_endpoint(program_id: str, endpoint_id: str) -> Response[None]:
    """Stop delivering to this endpoint; queued deliveries are skipped."""
    _service().delete(_brand(program_id, change=True), endpoint_id)
    return Response(204)


@router.post(BRAND + "/<endpoint_id>/rotate-secret", tags=TAGS, responses=ERROR_RESPONSES)
def rotate_brand_secret(program_id: str, endpoint_id: str, body: SecretRotation) -> RotatedSecret:
    """A new secret, shown once; both sign deliveries until the old one retires."""
    return _service().rotate(_brand(program_id, change=True), endpoint_id, body.overlap_hours)


@router.post(BRAND + "/<endpoint_id>/enable", tags=TAGS, responses=ERROR_RESPONSES)
def enable_brand_endpoint(program_id: str, endpoint_id: str) -> EndpointView:
    """Enable a disabled endpoint again (its URL is checked again)."""
    return _service().enable(_brand(program_id, change=True), endpoint_id)


@router.post(BRAND + "/<endpoint_id>/test", tags=TAGS, responses=ERROR_RESPONSES, status_code=202)
def test_brand_endpoint(program_id: str, endpoint_id: str) -> Response[dict[str, str]]:
    """Queue a `webhook.test` delivery to this endpoint."""
    event = _service().send_test(_brand(program_id, change=True), endpoint_id)
    return Response(202, content_type="application/json", body={"event_id": event.event_id})


@router.get(BRAND + "/<endpoint_id>/deliveries", tags=TAGS, responses=ERROR_RESPONSES)
def brand_deliveries(
    program_id: str,
    endpoint_id: str,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    cursor: Annotated[str | None, Query()] = None,
) -> DeliveryList:
    """The endpoint's delivery log, newest first: status, attempts, latency, response code, first 1 KB."""
    return _service().delivery_log(_brand(program_id), endpoint_id, limit, cursor)


@router.get(BRAND + "/<endpoint_id>/deliveries/<delivery_id>", tags=TAGS, responses=ERROR_RESPONSES)
def brand_delivery(program_id: str, endpoint_id: str, delivery_id: str) -> DeliveryView:
    """One delivery; its id is the `webhook-id` the endpoint received."""
    return DeliveryView.of(_service().delivery(_brand(program_id), endpoint_id, delivery_id))


@router.post(BRAND + "/<endpoint_id>/deliveries/<delivery_id>/replay", tags=TAGS, responses=ERROR_RESPONSES)
def replay_brand_delivery(program_id: str, endpoint_id: str, delivery_id: str) -> Replayed:
    """Send one delivery again (same `webhook-id`, same body)."""
    return _service().replay_one(_brand(program_id, change=True), endpoint_id, delivery_id)


@router.post(BRAND + "/<endpoint_id>/replay", tags=TAGS, responses=ERROR_RESPONSES)
def replay_brand_range(program_id: str, endpoint_id: str, body: ReplayRange) -> Replayed:
    """Send again every delivery created in a time range (at most 1,000)."""
    return _service().replay_range(_brand(program_id, change=True), endpoint_id, body)


# --- partners -----------------------------------------------------------------------------------


@router.post(PARTNER, tags=TAGS, responses=ERROR_RESPONSES, status_code=201)
def register_partner_endpoint(body: EndpointCreate) -> Response[EndpointCreated]:
    """Partner: a webhook, or a classic postback URL template (`kind: postback`, GET with macros)."""
    answer = _service().register(_partner(), body)
    metrics.add_metric(name="WebhookEndpointsRegistered", unit=MetricUnit.Count, value=1)
    return created(answer)


@router.get(PARTNER, tags=TAGS, responses=ERROR_RESPONSES)
def list_partner_endpoints() -> EndpointList:
    """Partner: its endpoints."""
    return EndpointList(endpoints=_service().of_owner(_partner()))


@router.get(PARTNER + "/<endpoint_id>", tags=TAGS, responses=ERROR_RESPONSES)
def get_partner_endpoint(endpoint_id: str) -> EndpointView:
    """Partner: one endpoint."""
    return _service().view(_partner(), endpoint_id)


@router.delete(PARTNER + "/<endpoint_id>", tags=TAGS, responses=ERROR_RESPONSES, status_code=204)
def delete_partner_endpoint(endpoint_id: str) -> Response[None]:
    """Partner: stop delivering to this endpoint."""
    _service().delete(_partner(), endpoint_id)
    return Response(204)


@router.post(PARTNER + "/<endpoint_id>/rotate-secret", tags=TAGS, responses=ERROR_RESPONSES)
def rotate_partner_secret(endpoint_id: str, body: SecretRotation) -> RotatedSecret:
    """Partner: a new secret, shown once, with an overlap."""
    return _service().rotate(_partner(), endpoint_id, body.overlap_hours)


@router.post(PARTNER + "/<endpoint_id>/enable", tags=TAGS, responses=ERROR_RESPONSES)
def enable_partner_endpoint(endpoint_id: str) -> EndpointView:
    """Partner: enable a disabled endpoint again."""
    return _service().enable(_partner(), endpoint_id)


@router.post(PARTNER + "/<endpoint_id>/test", tags=TAGS, responses=ERROR_RESPONSES, status_code=202)
def test_partner_endpoint(endpoint_id: str) -> Response[dict[str, str]]:
    """Partner: queue a `webhook.test` delivery."""
    event = _service().send_test(_partner(), endpoint_id)
    return Response(202, content_type="application/json", body={"event_id": event.event_id})


@router.get(PARTNER + "/<endpoint_id>/deliveries", tags=TAGS, responses=ERROR_RESPONSES)
def partner_deliveries(
    endpoint_id: str,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    cursor: Annotated[str | None, Query()] = None,
) -> DeliveryList:
    """Partner: the endpoint's delivery log, newest first."""
    return _service().delivery_log(_partner(), endpoint_id, limit, cursor)


@router.get(PARTNER + "/<endpoint_id>/deliveries/<delivery_id>", tags=TAGS, responses=ERROR_RESPONSES)
def partner_delivery(endpoint_id: str, delivery_id: str) -> DeliveryView:
    """Partner: one delivery."""
    return DeliveryView.of(_service().delivery(_partner(), endpoint_id, delivery_id))


@router.post(PARTNER + "/<endpoint_id>/deliveries/<delivery_id>/replay", tags=TAGS, responses=ERROR_RESPONSES)
def replay_partner_delivery(endpoint_id: str, delivery_id: str) -> Replayed:
    """Partner: send one delivery again."""
    return _service().replay_one(_partner(), endpoint_id, delivery_id)


@router.post(PARTNER + "/<endpoint_id>/replay", tags=TAGS, responses=ERROR_RESPONSES)
def replay_partner_range(endpoint_id: str, body: ReplayRange) -> Replayed:
    """Partner: send again every delivery created in a time range (at most 1,000)."""
    return _service().replay_range(_partner(), endpoint_id, body)
