"""Canonical Lambda events (tests/events): API Gateway HTTP API, SQS, Step Functions, Scheduler."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

EVENTS = Path(__file__).parents[1] / "events"


def event(name: str, **replace: str) -> dict[str, Any]:
    text = (EVENTS / f"{name}.json").read_text()
    for marker, value in replace.items():
        text = text.replace(marker, value)
    return json.loads(text)
