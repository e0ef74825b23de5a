"""The attribution pull's Lambda steps (statemachines/attribution_pull.asl.json): one handler per
Task state, each validating its input, calling one step, and returning the workflow's next state."""

from __future__ import annotations

from sellerlink import startup  # isort: skip  (first: the collector waits while the rest loads)
import json
from typing import Any

from aws_lambda_powertools.utilities.typing import LambdaContext

from sellerlink.observability import MetricUnit, logger, metrics, tracer
from sellerlink.pulls.models import FetchState, LedgerOutcome, LedgerShard, PullRef, ShardOutcome
from sellerlink.pulls.summary import summarize
from sellerlink.wiring import apply_ledger, fetch_reports, finish_pull, plan_pulls, summarize_pull


@metrics.log_metrics
@tracer.capture_lambda_handler(capture_response=False)
@logger.inject_lambda_context(log_event=False)
def plan_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    """Schedule: a pull per active program. On demand: the one pull the API started."""
    request = event.get("request", event)
    single = PullRef.model_validate(request["pull"]) if request.get("pull") else None
    refs = plan_pulls.step().plan(single, event.get("execution_arn"))
    metrics.add_metric(name="PullsPlanned", unit=MetricUnit.Count, value=len(refs))
    return {"pulls": [ref.model_dump() for ref in refs]}


@metrics.log_metrics
@tracer.capture_lambda_handler(capture_response=False)
@logger.inject_lambda_context(log_event=False)
def fetch_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    """Reads the next report pages and stages them; `done` once every job is read."""
    state = fetch_reports.step().fetch(
        FetchState.model_validate(event), lambda: context.get_remaining_time_in_millis() / 1000
    )
    metrics.add_metric(name="ReportPagesRead", unit=MetricUnit.Count, value=1)
    return state.model_dump()


@metrics.log_metrics
@tracer.capture_lambda_handler(capture_response=False)
@logger.inject_lambda_context(log_event=False)
def ledger_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    """The ledger step's `part`: `begin` (the plan of shards), `shard` (one shard's slots), `end`
    (the pull's outcome from its shards'); without `part`, the whole step at once. Safe to retry."""
    ref, step = PullRef.model_validate(event["pull"]), apply_ledger.step()
    part = event.get("part")
    if part == "begin":
        return step.begin(ref).model_dump()
    if part == "shard":
        shard = step.shard(ref, LedgerShard.model_validate(event["shard"]))
        metrics.add_metric(name="EntriesAppended", unit=MetricUnit.Count, value=shard.entries_appended)
        return shard.model_dump()
    if part == "end":
        shards = [ShardOutcome.model_validate(s) for s in event.get("shards") or []]
        return step.end(ref, bool(event["applies"]), shards).model_dump(mode="json")
    outcome = step.apply(ref)
    metrics.add_metric(name="EntriesAppended", unit=MetricUnit.Count, value=outcome.entries_appended)
    return outcome.model_dump(mode="json")


@metrics.log_metrics
@tracer.capture_lambda_handler(capture_response=False)
@logger.inject_lambda_context(log_event=False)
def fail_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    """A program's pull failed (caught by the workflow): record why, so the others carry on."""
    if not event.get("pull"):
        return {"status": "FAILED"}
    outcome = finish_pull.step().fail(
        PullRef.model_validate(event["pull"]), _reason(event.get("error") or {})
    )
    metrics.add_metric(name="PullsFailed", unit=MetricUnit.Count, value=1)
    return outcome.model_dump(mode="json")


@metrics.log_metrics
@tracer.capture_lambda_handler(capture_response=False)
@logger.inject_lambda_context(log_event=False)
def summary_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    """`results`: where the Map wrote its outcomes (S3), or the outcomes themselves."""
    results = event.get("results") or []
    if isinstance(results, dict):
        outcomes = summarize_pull.run_results().outcomes(results)
    else:
        outcomes = [LedgerOutcome.model_validate(r) for r in results]
    summary = summarize(outcomes)
    logger.info("attribution pull finished", extra=summary.model_dump())
    return summary.model_dump()


def _reason(error: dict[str, Any]) -> str:
    """The error's message from the ASL Catch output (`Error`, and `Cause` as Lambda's JSON)."""
    cause = error.get("Cause") or ""
    try:
        message = json.loads(cause).get("errorMessage") or cause
    except (ValueError, AttributeError):
        message = cause
    return f"{error.get('Error', 'Error')}: {message}"[:1000]


startup.loaded()
