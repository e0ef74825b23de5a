"""HTTP API Lambda authorizer (simple responses): API keys in, account and role out.

Unknown or revoked keys raise "Unauthorized", which API Gateway answers with 401.
"""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools.utilities.typing import LambdaContext

from sellerlink.authorizer import authorize
from sellerlink.errors import Unauthorized
from sellerlink.observability import MetricUnit, logger, metrics, tracer
from sellerlink.wiring import authorizer


@metrics.log_metrics
@tracer.capture_lambda_handler(capture_response=False)
@logger.inject_lambda_context(log_event=False)
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    headers = event.get("headers") or {}
    try:
        principal = authorize(
            authorizer.accounts(), headers.get("authorization"), authorizer.operator_digest()
        )
    except Unauthorized:
        metrics.add_metric(name="KeysRefused", unit=MetricUnit.Count, value=1)
        raise Exception("Unauthorized") from None
    metrics.add_metric(name="KeysAccepted", unit=MetricUnit.Count, value=1)
    return {"isAuthorized": True, "context": principal.context()}
