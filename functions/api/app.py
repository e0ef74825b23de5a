"""The brand-facing HTTP API: accounts, keys and programs."""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools.utilities.typing import LambdaContext

from sellerlink.api.context import Dependencies
from sellerlink.api.resolver import build_resolver
from sellerlink.api.routers import ROUTERS
from sellerlink.clock import clock_for
from sellerlink.observability import logger, metrics, tracer
from sellerlink.settings import ApiSettings

app = build_resolver(*ROUTERS)
_deps: Dependencies | None = None


def dependencies() -> Dependencies:
    global _deps
    if _deps is None:
        settings = ApiSettings()  # type: ignore[call-arg]
        _deps = Dependencies.build(settings, clock_for(settings.clock_url))
    return _deps


@metrics.log_metrics
@tracer.capture_lambda_handler(capture_response=False)
@logger.inject_lambda_context(log_event=False)
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    app.append_context(deps=dependencies())
    return app.resolve(event, context)
