"""The hand-off to the payout worker: an asynchronous Lambda invocation per task (Lambda retries
a failed one twice; both tasks pick up where a crashed one stopped)."""

from __future__ import annotations

import json
from typing import Any


class AsyncRunTasks:
    """`RunTasks` through the payout worker function (`InvocationType=Event`)."""

    def __init__(self, function_name: str, lambda_client: Any) -> None:
        self._function, self._client = function_name, lambda_client

    def build(self, account_id: str, program_id: str, run_id: str) -> None:
        self._send("build", account_id, program_id, run_id)

    def export(self, account_id: str, program_id: str, run_id: str) -> None:
        self._send("export", account_id, program_id, run_id)

    def _send(self, task: str, account_id: str, program_id: str, run_id: str) -> None:
        payload = {"task": task, "account_id": account_id, "program_id": program_id, "run_id": run_id}
        self._client.invoke(FunctionName=self._function, InvocationType="Event", Payload=json.dumps(payload))
