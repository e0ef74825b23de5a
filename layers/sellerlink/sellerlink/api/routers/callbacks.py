"""Inbound brand callbacks: a public route checked by its own signature, and the secret behind it."""

from __future__ import annotations

import base64

from aws_lambda_powertools.event_handler.api_gateway import Router

from sellerlink.api.dependencies import WebhookDependencies, deps, principal
from sellerlink.api.problems import ERROR_RESPONSES
from sellerlink.observability import MetricUnit, metrics
from sellerlink.webhooks.inbound import CallbackAccepted, CallbackRotation, CallbackSecret

router = Router()
TAGS = ["Callbacks"]


@router.post("/v1/programs/<program_id>/callback-secret", tags=TAGS, responses=ERROR_RESPONSES)
def issue_callback_secret(program_id: str, body: CallbackRotation) -> CallbackSecret:
    """Admin: a new callback secret, shown once; the previous one is accepted for the overlap."""
    return deps(router, WebhookDependencies).receiver.issue_secret(
        principal(router), program_id, body.overlap_hours
    )


@router.post("/v1/programs/<program_id>/callbacks", tags=TAGS, responses=ERROR_RESPONSES)
def receive_callback(program_id: str) -> CallbackAccepted:
    """Public, signed: `adjustment.create`, `partner.invite` or `catalog.refresh` from the brand's systems.

    Sign like Standard Webhooks with the callback secret; older than 5 minutes, a bad signature or a
    `webhook-id` already used gets 401 and changes nothing.
    """
    event = router.current_event
    raw = event.body or ""
    body = base64.b64decode(raw) if event.is_base64_encoded else raw.encode()
    accepted = deps(router, WebhookDependencies).receiver.receive(program_id, dict(event.headers), body)
    metrics.add_metric(name="CallbacksAccepted", unit=MetricUnit.Count, value=1)
    return accepted
