"""Imports a program's catalog in the background, a page at a time, and hands the rest of the
job to a fresh invocation of itself before its time runs out."""

from __future__ import annotations

from sellerlink import startup  # isort: skip  (first: the collector waits while the rest loads)
from typing import Any

from aws_lambda_powertools.utilities.typing import LambdaContext

from sellerlink.observability import MetricUnit, logger, metrics, tracer
from sellerlink.wiring import catalog_import

SAFETY_MARGIN_MS = 30_000


@metrics.log_metrics
@tracer.capture_lambda_handler(capture_response=False)
@logger.inject_lambda_context(log_event=False)
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    importer = catalog_import.importer()
    program = importer.programs.get(event["account_id"], event["program_id"])
    if program is None:
        return {"finished": True, "reason": "program deleted"}
    finished = importer.run(program, lambda: context.get_remaining_time_in_millis() > SAFETY_MARGIN_MS)
    metrics.add_metric(name="CatalogImportRuns", unit=MetricUnit.Count, value=1)
    if not finished:
        catalog_import.continuation(context.function_name)(program.account_id, program.program_id)
    return {"finished": finished}


startup.loaded()
