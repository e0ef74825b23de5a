"""Lambda on one machine: each function in its own warm worker processes, with its own environment.

A function's workers run as its execution role (the role's credentials are in their
environment, so the emulator authorizes their calls as IAM would) with the template's
environment variables for that function only. Each worker takes one invocation at a time, as a
Lambda execution environment does; a function scales out to a new worker when they are all busy,
up to its concurrency (`CONCURRENCY`: every fan-out of the workflow runs side by side, as Lambda
runs it, so no Map iteration waits here past its task's timeout). The limits Lambda enforces are
enforced here: the function's timeout (the worker is stopped and the invocation fails, which
Step Functions reports as Lambda.Unknown), 6 MB for a synchronous request or response, 1 MB for
an asynchronous request.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.connection import Connection, Pipe
from pathlib import Path
from typing import IO, Any

SYNC_PAYLOAD_LIMIT = 6 * 1024 * 1024  # Invoke, RequestResponse: request and response
ASYNC_PAYLOAD_LIMIT = 1024 * 1024  # Invoke, Event
INIT_SECONDS = 20  # Lambda allows 10 s to import a handler; twice that absorbs a busy machine
CONCURRENCY = 10  # the widest fan-out the workflow makes: the ledger's Map runs 10 shards at once
RESPONSE_LIMIT_MESSAGE = "Response payload size exceeded maximum allowed payload size (6291556 bytes)."


@dataclass(frozen=True)
class FunctionConfig:
    logical_id: str
    name: str
    arn: str
    handler: str  # importable: "functions.api.app.lambda_handler"
    timeout: int
    memory: int
    environment: dict[str, str]
    role_arn: str


@dataclass(frozen=True)
class Invocation:
    """What Lambda's Invoke answers: the payload, and whether it is a function error."""

    payload: bytes
    function_error: bool = False

    def json(self) -> Any:
        return json.loads(self.payload) if self.payload else None


class PayloadTooLarge(ValueError):
    """Lambda refuses the request (RequestEntityTooLargeException, HTTP 413)."""


class Worker:
    """One execution environment: a process that imported the handler and waits for events."""

    def __init__(self, config: FunctionConfig, environment: dict[str, str], log: IO[bytes]) -> None:
        self.config = config
        self.instrument = environment.get("SELLERLINK_LOCAL_INSTRUMENT")
        ours, theirs = Pipe(duplex=True)
        self._connection: Connection = ours
        self._process = subprocess.Popen(
            [sys.executable, "-m", "sellerlink_local.stack.lambda_worker", str(theirs.fileno())],
            env=environment,
            pass_fds=(theirs.fileno(),),
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        theirs.close()
        self._ready = False

    def call(self, event: bytes, timeout: float) -> tuple[bool, bytes] | None:
        """(ok, payload), or None when the timeout passed first (the worker is then stopped)."""
        request_id = str(uuid.uuid4())
        if not self._ready:
            if not self._connection.poll(INIT_SECONDS):
                self.stop()
                return None
            self._connection.recv_bytes()  # the handler imported: the INIT phase is over
            self._ready = True
        deadline = time.time() + timeout
        request = {"event": event.decode(), "request_id": request_id, "deadline": deadline}
        self._connection.send_bytes(json.dumps(request).encode())
        if not self._connection.poll(max(0.0, deadline - time.time())):
            self.stop()
            return None
        answer = json.loads(self._connection.recv_bytes())
        return bool(answer["ok"]), str(answer["payload"]).encode()

    @property
    def alive(self) -> bool:
        return self._process.poll() is None

    def stop(self) -> None:
        if self.alive:
            self._process.kill()
        self._process.wait(timeout=10)
        self._connection.close()


class LambdaService:
    """The functions of the stack, by logical id, physical name or ARN."""

    def __init__(
        self,
        functions: list[FunctionConfig],
        environment_for: Callable[[FunctionConfig], dict[str, str]],
        logs_dir: Path,
        concurrency: int = CONCURRENCY,
        timeout_of: Callable[[FunctionConfig], int] = lambda config: config.timeout,
    ) -> None:
        """`timeout_of`: the function's timeout now (UpdateFunctionConfiguration may change it)."""
        self._timeout_of = timeout_of
        self._functions = {key: f for f in functions for key in (f.logical_id, f.name, f.arn)}
        self._environment_for = environment_for
        self._logs_dir = logs_dir
        self._concurrency = concurrency
        self._idle: dict[str, list[Worker]] = {f.logical_id: [] for f in functions}
        self._running: dict[str, int] = dict.fromkeys(self._idle, 0)
        self._all: list[Worker] = []
        self._lock = threading.Condition()
        self._instruments: dict[str, dict[str, str]] = {}
        self.invocations: dict[str, int] = dict.fromkeys(self._idle, 0)
        self.seconds: dict[str, float] = dict.fromkeys(self._idle, 0.0)  # seconds in each function
        logs_dir.mkdir(parents=True, exist_ok=True)

    def config(self, function: str) -> FunctionConfig:
        name = function.split(":")[6] if function.startswith("arn:") else function
        return self._functions[function] if function in self._functions else self._functions[name]

    def knows(self, function: str) -> bool:
        try:
            self.config(function)
        except (KeyError, IndexError):
            return False
        return True

    def invoke(self, function: str, event: bytes, asynchronous: bool = False) -> Invocation:
        config = self.config(function)
        limit = ASYNC_PAYLOAD_LIMIT if asynchronous else SYNC_PAYLOAD_LIMIT
        if len(event) > limit:
            raise PayloadTooLarge(f"{len(event)} byte payload is too large for the {limit} byte limit")
        if asynchronous:
            threading.Thread(target=self._run_async, args=(config, event), daemon=True).start()
            return Invocation(b"")
        return self._run(config, event)

    def instrument(self, function: str, target: str | None, **settings: str) -> None:
        """Tests: the function's next environments run `target` ("module:callable") before the
        handler is imported, as Lambda's AWS_LAMBDA_EXEC_WRAPPER runs a wrapper; its idle
        environments are retired so that the next invocation starts one. None removes it."""
        name = self.config(function).logical_id
        with self._lock:
            if target is None:
                self._instruments.pop(name, None)
            else:
                self._instruments[name] = {"SELLERLINK_LOCAL_INSTRUMENT": target, **settings}
            retired, self._idle[name] = self._idle[name], []
        for worker in retired:
            worker.stop()

    def stop(self) -> None:
        with self._lock:
            workers, self._all = self._all, []
        for worker in workers:
            worker.stop()

    def _run_async(self, config: FunctionConfig, event: bytes) -> None:
        """Lambda's event queue: the invocation runs once more after a function error (two retries
        on AWS; one here keeps a failing import from looping) and is then dropped, logged."""
        for _ in range(2):
            if not self._run(config, event).function_error:
                return

    def _run(self, config: FunctionConfig, event: bytes) -> Invocation:
        worker, started = self._acquire(config), time.perf_counter()
        timeout = self._timeout_of(config)
        try:
            answer = worker.call(event, timeout)
        except (EOFError, OSError, BrokenPipeError):
            worker.stop()
            answer = (False, json.dumps(_crashed(config)).encode())
        finally:
            self._release(config, worker)
            self.seconds[config.logical_id] += time.perf_counter() - started
        if answer is None:
            return Invocation(json.dumps(_timed_out(timeout)).encode(), function_error=True)
        ok, payload = answer
        if len(payload) > SYNC_PAYLOAD_LIMIT:
            return Invocation(json.dumps(_too_large()).encode(), function_error=True)
        return Invocation(payload, function_error=not ok)

    def _acquire(self, config: FunctionConfig) -> Worker:
        name = config.logical_id
        with self._lock:
            self.invocations[name] += 1
            while True:
                idle = [w for w in self._idle[name] if w.alive]
                self._idle[name] = idle
                if idle:
                    self._running[name] += 1
                    return idle.pop()
                if self._running[name] < self._concurrency:
                    self._running[name] += 1
                    break
                self._lock.wait()
        environment = {**self._environment_for(config), **self._instruments.get(name, {})}
        worker = Worker(config, environment, self._log(config))
        with self._lock:
            self._all.append(worker)
        return worker

    def _release(self, config: FunctionConfig, worker: Worker) -> None:
        with self._lock:
            self._running[config.logical_id] -= 1
            wanted = self._instruments.get(config.logical_id, {}).get("SELLERLINK_LOCAL_INSTRUMENT")
            # A worker that was busy when the function's instrument changed retires now, as the
            # idle ones did then: the next invocation starts an environment with the new one.
            current = worker.alive and worker.instrument == wanted
            if current:
                self._idle[config.logical_id].append(worker)
            self._lock.notify_all()
        if not current:
            worker.stop()

    def _log(self, config: FunctionConfig) -> IO[bytes]:
        return (self._logs_dir / f"{config.logical_id}.log").open("ab")

    def log_of(self, function: str) -> Path:
        return self._logs_dir / f"{self.config(function).logical_id}.log"


def _timed_out(timeout: int) -> dict[str, str]:
    """Lambda's answer for a timeout carries no errorType (Step Functions reports Lambda.Unknown)."""
    stamp = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime())
    return {"errorMessage": f"{stamp} Task timed out after {timeout:.2f} seconds"}


def _crashed(config: FunctionConfig) -> dict[str, str]:
    return {
        "errorMessage": f"RequestId: {uuid.uuid4()} Error: Runtime exited",
        "errorType": "Runtime.ExitError",
    }


def _too_large() -> dict[str, str]:
    return {"errorMessage": RESPONSE_LIMIT_MESSAGE, "errorType": "Function.ResponseSizeTooLarge"}


def base_environment(config: FunctionConfig, region: str) -> dict[str, str]:
    """What the Lambda runtime sets in every execution environment."""
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "LANG": "en_US.UTF-8",
        "TZ": ":UTC",
        "AWS_REGION": region,
        "AWS_DEFAULT_REGION": region,
        "AWS_LAMBDA_FUNCTION_NAME": config.name,
        "AWS_LAMBDA_FUNCTION_MEMORY_SIZE": str(config.memory),
        "AWS_LAMBDA_FUNCTION_VERSION": "$LATEST",
        "AWS_LAMBDA_LOG_GROUP_NAME": f"/aws/lambda/{config.name}",
        "AWS_LAMBDA_LOG_STREAM_NAME": f"local/{uuid.uuid4().hex}",
        "AWS_EXECUTION_ENV": "AWS_Lambda_python3.12",
        "_HANDLER": config.handler,
        "SELLERLINK_LOCAL_FUNCTION_ARN": config.arn,
        "PYTHONUNBUFFERED": "1",
        "PYTHONDONTWRITEBYTECODE": "1",
    }
