"""A scheduled run's summary, read from where the distributed Map wrote its outcomes."""

from __future__ import annotations

import json
from typing import Any

import boto3

from sellerlink.pulls.models import LedgerOutcome, PullStatus
from sellerlink.pulls.run_results import MapRunResults
from sellerlink.pulls.summary import FAILURES_SHOWN, summarize


def outcome(i: int, failed: bool) -> dict[str, Any]:
    status = PullStatus.FAILED if failed else PullStatus.SUCCEEDED
    error = "Lambda.Unknown: Task timed out after 300.00 seconds " * 20 if failed else None
    appended = 0 if failed else 2
    return {
        "pull_id": f"p{i}",
        "program_id": f"prg_{i}",
        "status": status,
        "entries_appended": appended,
        "error": error,
    }


def test_outcomes_are_read_from_the_maps_result_files(aws: dict[str, dict[str, str]]) -> None:
    s3 = boto3.client("s3")
    s3.create_bucket(Bucket="results")
    outputs = [{"Status": "SUCCEEDED", "Output": json.dumps(outcome(i, i % 3 == 0))} for i in range(9)]
    s3.put_object(Bucket="results", Key="run/SUCCEEDED_0.json", Body=json.dumps(outputs).encode())
    manifest = {"ResultFiles": {"SUCCEEDED": [{"Key": "run/SUCCEEDED_0.json"}], "FAILED": [], "PENDING": []}}
    s3.put_object(Bucket="results", Key="run/manifest.json", Body=json.dumps(manifest).encode())
    written = {"MapRunArn": "arn", "ResultWriterDetails": {"Bucket": "results", "Key": "run/manifest.json"}}
    found = MapRunResults(s3).outcomes(written)
    assert [o.program_id for o in found] == [f"prg_{i}" for i in range(9)]
    assert summarize(found).failed == 3 and summarize(found).entries_appended == 12


def test_a_run_with_a_thousand_failures_sums_up_in_a_few_kilobytes() -> None:
    """The summary is the workflow's output, which Step Functions caps at 256 KB."""
    outcomes = [LedgerOutcome.model_validate(outcome(i, True)) for i in range(1000)]
    summary = summarize(outcomes)
    assert (summary.failed, len(summary.failures), summary.failures_not_shown) == (1000, FAILURES_SHOWN, 950)
    assert len(summary.model_dump_json()) < 32 * 1024
