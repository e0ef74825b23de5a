"""Imports a program's catalog in the background, a page at a time, and hands the rest of the
job to a fresh invocation of itself before its time runs out."""

from __future__ import annotations

from functools import cache
from typing import Any

from aws_lambda_powertools.utilities.typing import LambdaContext

from sellerlink.clock import clock_for
from sellerlink.observability import MetricUnit, logger, metrics, tracer
from sellerlink.onboarding.catalog_import import run_import
from sellerlink.onboarding.context import OnboardingContext
from sellerlink.onboarding.wiring import AsyncImport, build_onboarding
from sellerlink.settings import AmazonSettings
from sellerlink.table import Table

SAFETY_MARGIN_MS = 30_000


@cache
def onboarding() -> OnboardingContext:
    settings = AmazonSettings()  # type: ignore[call-arg]
    return build_onboarding(settings, clock_for(settings.clock_url), Table(settings.table_name))


@metrics.log_metrics
@tracer.capture_lambda_handler(capture_response=False)
@logger.inject_lambda_context(log_event=False)
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    ctx = onboarding()
    program = ctx.programs.get(event["account_id"], event["program_id"])
    if program is None:
        return {"finished": True, "reason": "program deleted"}
    finished = run_import(ctx, program, lambda: context.get_remaining_time_in_millis() > SAFETY_MARGIN_MS)
    metrics.add_metric(name="CatalogImportRuns", unit=MetricUnit.Count, value=1)
    if not finished:
        AsyncImport(context.function_name)(program.account_id, program.program_id)
    return {"finished": finished}
