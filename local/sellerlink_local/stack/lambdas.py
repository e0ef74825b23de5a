"""Lambda invocations dispatched in-process to the handlers template.yaml names.

moto's simple Lambda backend (Docker off) has one seam, `invoke`: every invocation that
reaches the emulator (Step Functions tasks, SQS mappings, direct calls) comes here. A
handler's exception becomes a function error, as on AWS, so ASL Retry and Catch see it.
"""

from __future__ import annotations

import importlib
import json
import threading
import traceback
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from moto.awslambda_simple.models import LambdaSimpleBackend

from sellerlink_local.stack.template import ACCOUNT_ID, REGION, Function

Handler = Callable[[dict[str, Any], Any], Any]


@dataclass
class LocalContext:
    """The parts of the Lambda context object that handlers and Powertools read."""

    function_name: str
    memory_limit_in_mb: int = 512
    function_version: str = "$LATEST"
    log_group_name: str = ""
    log_stream_name: str = "local"
    timeout_seconds: int = 29

    def __post_init__(self) -> None:
        self.aws_request_id = str(uuid.uuid4())
        self.invoked_function_arn = f"arn:aws:lambda:{REGION}:{ACCOUNT_ID}:function:{self.function_name}"
        self.log_group_name = f"/aws/lambda/{self.function_name}"

    def get_remaining_time_in_millis(self) -> int:
        return self.timeout_seconds * 1000


class FunctionError(Exception):
    def __init__(self, payload: dict[str, Any]) -> None:
        super().__init__(payload.get("errorMessage", "function error"))
        self.payload = payload


class Dispatcher:
    """Holds the handlers; one invocation at a time per function, like one warm container."""

    def __init__(self, functions: dict[str, Function]) -> None:
        self._functions = functions
        self._handlers: dict[str, Handler] = {}
        self._locks = {name: threading.Lock() for name in functions}
        self.invocations: dict[str, int] = dict.fromkeys(functions, 0)
        self.names: dict[str, str] = {name: name for name in functions}  # physical name → logical id

    def name_functions(self, physical: dict[str, dict[str, str]]) -> None:
        """Learn the deployed names (a FunctionName in the template) of the functions."""
        self.names.update({physical[name]["Ref"]: name for name in self._functions})

    def handler(self, name: str) -> Handler:
        if name not in self._handlers:
            function = self._functions[name]
            module = importlib.import_module(function.module)
            self._handlers[name] = getattr(module, function.attribute)
        return self._handlers[name]

    def invoke(self, name: str, event: dict[str, Any]) -> Any:
        """Runs the handler; raises FunctionError with AWS's error payload when it fails."""
        function = self._functions[name]
        context = LocalContext(name, timeout_seconds=int(function.properties.get("Timeout", 29)))
        with self._locks[name]:
            self.invocations[name] += 1
            try:
                return self.handler(name)(event, context)
            except Exception as error:
                raise FunctionError(
                    {
                        "errorMessage": str(error),
                        "errorType": type(error).__name__,
                        "stackTrace": traceback.format_exception(error)[-5:],
                    }
                ) from error
            finally:
                _clear_metrics()

    def install(self) -> None:
        """Route moto's simple Lambda backend to this dispatcher."""
        dispatcher = self

        def invoke(
            backend: Any, function_name: str, qualifier: Any, body: Any, headers: Any, response_headers: Any
        ) -> bytes:
            deployed = function_name.split(":")[6] if function_name.startswith("arn:") else function_name
            name = dispatcher.names[deployed]
            event = json.loads(body) if body else {}
            if (headers or {}).get("X-Amz-Invocation-Type") == "Event":
                threading.Thread(target=dispatcher._invoke_quietly, args=(name, event), daemon=True).start()
                return b""
            try:
                return json.dumps(dispatcher.invoke(name, event), default=str).encode()
            except FunctionError as failed:
                response_headers["x-amz-function-error"] = "Unhandled"
                return json.dumps(failed.payload).encode()

        LambdaSimpleBackend.invoke = invoke  # type: ignore[method-assign, assignment]

    def _invoke_quietly(self, name: str, event: dict[str, Any]) -> None:
        try:
            self.invoke(name, event)
        except FunctionError as failed:
            print(f"[{name}] async invocation failed: {failed}")


def _clear_metrics() -> None:
    """What a flushed invocation leaves behind. Disabled metrics are never flushed, so they would
    pile up across invocations in this one process (and print themselves past 100 values)."""
    from sellerlink.observability import metrics  # imported late: the stack sets Powertools' env first

    metrics.clear_metrics()
