"""Webhook endpoints, delivery logs and replays (brands and partners), and inbound brand callbacks."""

from __future__ import annotations

from sellerlink import startup  # isort: skip  (first: the collector waits while the rest loads)
from typing import Any

from aws_lambda_powertools.utilities.typing import LambdaContext

from sellerlink.api.resolver import build_resolver
from sellerlink.api.routes import webhook_routers
from sellerlink.observability import logger, metrics, tracer
from sellerlink.wiring import webhooks

app = build_resolver(*webhook_routers())


@metrics.log_metrics
@tracer.capture_lambda_handler(capture_response=False)
@logger.inject_lambda_context(log_event=False)
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    app.append_context(deps=webhooks.dependencies())
    return app.resolve(event, context)


startup.loaded()
