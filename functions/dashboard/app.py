"""The web dashboard: server-rendered pages for brands and partners, signed in by session cookie."""

from __future__ import annotations

from sellerlink import startup  # isort: skip  (first: the collector waits while the rest loads)
from typing import Any

from aws_lambda_powertools.utilities.typing import LambdaContext

from sellerlink.dashboard.resolver import build_dashboard
from sellerlink.dashboard.routes import all_routers
from sellerlink.observability import logger, metrics, tracer
from sellerlink.wiring import dashboard

app = build_dashboard(*all_routers())


@metrics.log_metrics
@tracer.capture_lambda_handler(capture_response=False)
@logger.inject_lambda_context(log_event=False)
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    app.append_context(deps=dashboard.dependencies())
    return app.resolve(event, context)


startup.loaded()
