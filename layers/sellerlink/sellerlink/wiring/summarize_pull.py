"""SummarizePullFunction (functions/attribution_pull, `summary_handler`): sums up a run over every
program from the outcomes the workflow's distributed Map wrote to S3.

AWS calls:
- S3, the pull results bucket: GetObject (the Map run's manifest and result files).
"""

from __future__ import annotations

from functools import cache

import boto3

from sellerlink.pulls.run_results import MapRunResults


@cache
def run_results() -> MapRunResults:
    return MapRunResults(boto3.client("s3"))
