"""Webhook endpoints, delivery logs and replays (brands and partners), and inbound brand callbacks."""

from __future__ import annotations

from functools import cache
from typing import Any

from aws_lambda_powertools.utilities.typing import LambdaContext

from sellerlink.api.context import Dependencies
from sellerlink.api.resolver import build_resolver
from sellerlink.api.routers.webhooks import WebhookContext
from sellerlink.api.routes import webhook_routers
from sellerlink.clock import clock_for
from sellerlink.observability import logger, metrics, tracer
from sellerlink.settings import WebhookSettings
from sellerlink.webhooks.wiring import build_callback_receiver, build_endpoint_service

app = build_resolver(*webhook_routers())


@cache
def context() -> WebhookContext:
    settings = WebhookSettings()  # type: ignore[call-arg]
    deps = Dependencies.build(settings, clock_for(settings.clock_url))
    return WebhookContext(
        endpoints=build_endpoint_service(settings, deps.table, deps.clock),
        receiver=build_callback_receiver(settings, deps.table, deps.clock, lambda: deps.onboarding),
        programs=deps.programs,
    )


@metrics.log_metrics
@tracer.capture_lambda_handler(capture_response=False)
@logger.inject_lambda_context(log_event=False)
def lambda_handler(event: dict[str, Any], context_: LambdaContext) -> dict[str, Any]:
    app.append_context(webhooks=context())
    return app.resolve(event, context_)
