"""Handlers for the local Lambda runtime's own tests: each shows one thing Lambda enforces."""

from __future__ import annotations

import os
import time
from decimal import Decimal
from pathlib import Path
from typing import Any


def echo(event: dict[str, Any], context: Any) -> dict[str, Any]:
    """What the execution environment looks like from inside."""
    return {
        "event": event,
        "variables": {k: v for k, v in os.environ.items() if k.startswith(("TEST_", "AWS_LAMBDA_"))},
        "remaining_ms": context.get_remaining_time_in_millis(),
        "pid": os.getpid(),
    }


def sleep(event: dict[str, Any], context: Any) -> str:
    time.sleep(float(event["seconds"]))
    return "awake"


def large(event: dict[str, Any], context: Any) -> str:
    return "x" * int(event["bytes"])


def fail(event: dict[str, Any], context: Any) -> None:
    raise ValueError("the handler gave up")


def decimal(event: dict[str, Any], context: Any) -> dict[str, Any]:
    return {"amount": Decimal("1.10")}


def rendezvous(event: dict[str, Any], context: Any) -> int:
    """Waits (at most `wait_seconds`) until `n` environments have arrived; how many did."""
    arrived = Path(event["dir"])
    (arrived / str(os.getpid())).touch()
    deadline = time.monotonic() + float(event["wait_seconds"])
    while len(list(arrived.iterdir())) < int(event["n"]) and time.monotonic() < deadline:
        time.sleep(0.02)
    return len(list(arrived.iterdir()))
