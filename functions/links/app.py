"""Tracking links: their own function, so bulk generation (5,000 links) scales apart from the API."""

from __future__ import annotations

from sellerlink import startup  # isort: skip  (first: the collector waits while the rest loads)
from typing import Any

from aws_lambda_powertools.utilities.typing import LambdaContext

from sellerlink.api.resolver import build_resolver
from sellerlink.api.routes import link_routers
from sellerlink.observability import logger, metrics, tracer
from sellerlink.wiring import links

app = build_resolver(*link_routers())


@metrics.log_metrics
@tracer.capture_lambda_handler(capture_response=False)
@logger.inject_lambda_context(log_event=False)
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    app.append_context(deps=links.dependencies())
    return app.resolve(event, context)


startup.loaded()
