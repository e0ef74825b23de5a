"""Payouts: the HTTP routes (`lambda_handler`), the background worker that builds and exports runs
(`worker_handler`, invoked asynchronously) and the daily scheduled step (`schedule_handler`)."""

from __future__ import annotations

from sellerlink import startup  # isort: skip  (first: the collector waits while the rest loads)
from typing import Any

from aws_lambda_powertools.utilities.typing import LambdaContext
from pydantic import BaseModel

from sellerlink.api.resolver import build_resolver
from sellerlink.api.routes import payout_routers
from sellerlink.observability import MetricUnit, logger, metrics, tracer
from sellerlink.wiring import payout_schedule, payout_worker, payouts

app = build_resolver(*payout_routers())


class RunTask(BaseModel):
    task: str
    account_id: str
    program_id: str
    run_id: str


@metrics.log_metrics
@tracer.capture_lambda_handler(capture_response=False)
@logger.inject_lambda_context(log_event=False)
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    app.append_context(deps=payouts.dependencies())
    return app.resolve(event, context)


@metrics.log_metrics
@tracer.capture_lambda_handler(capture_response=False)
@logger.inject_lambda_context(log_event=False)
def worker_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    """`{"task": "build" | "export", "account_id", "program_id", "run_id"}`."""
    task = RunTask.model_validate(event)
    if task.task == "build":
        run = payout_worker.builder().build(task.account_id, task.program_id, task.run_id)
        metrics.add_metric(name="PayoutsCreated", unit=MetricUnit.Count, value=run.payouts)
    elif task.task == "export":
        run = payout_worker.exporter().export(task.account_id, task.program_id, task.run_id)
        metrics.add_metric(name="PayoutFilesExported", unit=MetricUnit.Count, value=len(run.files))
    else:
        raise ValueError(f"unknown payout task {task.task!r}: build or export")
    return {"run_id": run.run_id, "status": run.status.value}


@metrics.log_metrics
@tracer.capture_lambda_handler(capture_response=False)
@logger.inject_lambda_context(log_event=False)
def schedule_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    """EventBridge Scheduler's daily payout event: the runs due today."""
    started = payout_schedule.daily().run()
    metrics.add_metric(
        name="PayoutRunsScheduled", unit=MetricUnit.Count, value=sum(s.created for s in started)
    )
    return {"runs": [s.model_dump() for s in started]}


startup.loaded()
