"""The hand-off to the background catalog import function: an asynchronous Lambda invocation."""

from __future__ import annotations

import json
from typing import Any


class AsyncImport:
    """Invokes the catalog import function (`InvocationType=Event`) for one program."""

    def __init__(self, function_name: str, lambda_client: Any) -> None:
        self._function, self._client = function_name, lambda_client

    def __call__(self, account_id: str, program_id: str) -> None:
        payload = json.dumps({"account_id": account_id, "program_id": program_id})
        self._client.invoke(FunctionName=self._function, InvocationType="Event", Payload=payload)
