"""Amazon's OAuth redirects: finish connecting Amazon Ads or Seller/Vendor Central."""

from __future__ import annotations

from functools import cache
from typing import Any

from aws_lambda_powertools.utilities.typing import LambdaContext

from sellerlink.api.context import Dependencies
from sellerlink.api.resolver import build_resolver
from sellerlink.api.routes import oauth_routers
from sellerlink.observability import logger, metrics, tracer

app = build_resolver(*oauth_routers())


@cache
def dependencies() -> Dependencies:
    return Dependencies.from_environment()


@metrics.log_metrics
@tracer.capture_lambda_handler(capture_response=False)
@logger.inject_lambda_context(log_event=False)
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    app.append_context(deps=dependencies())
    return app.resolve(event, context)
