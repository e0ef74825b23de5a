"""One Lambda execution environment: a process that imports one handler and runs its invocations.

Started by `lambda_service` with the function's own environment (its template variables and its
role's credentials), as a Lambda container is. It reads invocations from a pipe, one at a time,
and answers what the Lambda runtime would: the handler's JSON, or an error payload
(`errorMessage`, `errorType`, `stackTrace`) when it raised or returned what JSON cannot carry.
Whatever the handler prints goes to the process's stdout and stderr: the function's log.
"""

from __future__ import annotations

import importlib
import json
import os
import sys
import time
import traceback
from multiprocessing.connection import Connection
from typing import Any


class LambdaContext:
    """The context object: names, limits, and the time left before the function's timeout."""

    def __init__(self, request_id: str, deadline: float) -> None:
        name = os.environ["AWS_LAMBDA_FUNCTION_NAME"]
        self.function_name = name
        self.function_version = "$LATEST"
        self.memory_limit_in_mb = int(os.environ["AWS_LAMBDA_FUNCTION_MEMORY_SIZE"])
        self.invoked_function_arn = os.environ["SELLERLINK_LOCAL_FUNCTION_ARN"]
        self.aws_request_id = request_id
        self.log_group_name = os.environ["AWS_LAMBDA_LOG_GROUP_NAME"]
        self.log_stream_name = os.environ["AWS_LAMBDA_LOG_STREAM_NAME"]
        self.identity = None
        self.client_context = None
        self._deadline = deadline

    def get_remaining_time_in_millis(self) -> int:
        return max(0, int((self._deadline - time.time()) * 1000))


def error_payload(error: BaseException, request_id: str) -> dict[str, Any]:
    return {
        "errorMessage": str(error),
        "errorType": type(error).__name__,
        "requestId": request_id,
        "stackTrace": traceback.format_exception(error)[-6:],
    }


def serve(connection: Connection, handler: Any) -> None:
    while True:
        try:
            request = json.loads(connection.recv_bytes())
        except EOFError:
            return
        context = LambdaContext(request["request_id"], request["deadline"])
        connection.send_bytes(json.dumps(invoke(handler, request, context)).encode())


def invoke(handler: Any, request: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    try:
        result = handler(json.loads(request["event"]), context)
    except Exception as error:
        print(f"[ERROR] {type(error).__name__}: {error}", file=sys.stderr, flush=True)
        return {"ok": False, "payload": json.dumps(error_payload(error, context.aws_request_id))}
    finally:
        sys.stdout.flush()
    try:
        return {"ok": True, "payload": json.dumps(result)}
    except (TypeError, ValueError) as error:  # the Python runtime's json.dumps, no default=
        marshal = {
            "errorMessage": f"Unable to marshal response: {error}",
            "errorType": "Runtime.MarshalError",
        }
        return {"ok": False, "payload": json.dumps(marshal | {"requestId": context.aws_request_id})}


def main() -> None:
    connection = Connection(int(sys.argv[1]))
    instrument = os.environ.get("SELLERLINK_LOCAL_INSTRUMENT")  # tests only: see LambdaService.instrument
    if instrument:
        module, function = instrument.split(":")
        getattr(importlib.import_module(module), function)()
    module_name, attribute = os.environ["_HANDLER"].rsplit(".", 1)
    handler = getattr(importlib.import_module(module_name), attribute)  # the INIT phase
    connection.send_bytes(b'{"ready": true}')
    serve(connection, handler)


if __name__ == "__main__":
    main()
