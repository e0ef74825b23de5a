"""The outcomes of a scheduled run, where the workflow's distributed Map wrote them.

The Map writes its children's outputs to S3 (its ResultWriter), not into the workflow's state,
whose 256 KB limit 1,000 programs' outcomes would exceed. The manifest lists the result files;
each holds the child executions, each with its output as a JSON string.
"""

from __future__ import annotations

import json
from typing import Any

from sellerlink.pulls.models import LedgerOutcome


class MapRunResults:
    def __init__(self, s3: Any) -> None:
        self._s3 = s3

    def outcomes(self, written: dict[str, Any]) -> list[LedgerOutcome]:
        """`written`: the Map's output, `{"ResultWriterDetails": {"Bucket": ..., "Key": <manifest>}}`."""
        details = written["ResultWriterDetails"]
        manifest = self._json(details["Bucket"], details["Key"])
        found = []
        for status in ("SUCCEEDED", "FAILED", "PENDING"):
            for result_file in manifest.get("ResultFiles", {}).get(status, []):
                for execution in self._json(details["Bucket"], result_file["Key"]):
                    if execution.get("Output"):
                        found.append(LedgerOutcome.model_validate(json.loads(execution["Output"])))
        return found

    def _json(self, bucket: str, key: str) -> Any:
        return json.loads(self._s3.get_object(Bucket=bucket, Key=key)["Body"].read())
