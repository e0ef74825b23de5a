"""HTTP API Lambda authorizer (simple responses): API keys in, account and role out.

Unknown or revoked keys raise "Unauthorized", which API Gateway answers with 401.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from aws_lambda_powertools.utilities import parameters
from aws_lambda_powertools.utilities.typing import LambdaContext

from sellerlink.accounts.dal import AccountStore
from sellerlink.authorizer import authorize, operator_digest_of
from sellerlink.errors import Unauthorized
from sellerlink.observability import MetricUnit, logger, metrics, tracer
from sellerlink.settings import AuthorizerSettings
from sellerlink.table import Table


@cache
def settings() -> AuthorizerSettings:
    return AuthorizerSettings()  # type: ignore[call-arg]


@cache
def store() -> AccountStore:
    return AccountStore(Table(settings().table_name))


def operator_digest() -> str | None:
    """The operator key lives in Secrets Manager (the local stack fills it from SELLERLINK_OPERATOR_KEY)."""
    return operator_digest_of(str(parameters.get_secret(settings().operator_key_secret_arn, max_age=300)))


@metrics.log_metrics
@tracer.capture_lambda_handler(capture_response=False)
@logger.inject_lambda_context(log_event=False)
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    headers = event.get("headers") or {}
    try:
        principal = authorize(store(), headers.get("authorization"), operator_digest())
    except Unauthorized:
        metrics.add_metric(name="KeysRefused", unit=MetricUnit.Count, value=1)
        raise Exception("Unauthorized") from None
    metrics.add_metric(name="KeysAccepted", unit=MetricUnit.Count, value=1)
    return {"isAuthorized": True, "context": principal.context()}
