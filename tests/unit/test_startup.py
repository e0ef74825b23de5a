"""A function loads with the cyclic collector paused, and what it loaded is frozen out of later
collections (sellerlink.startup)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[2]
PROBE = """
import gc, json
collections = []
gc.callbacks.append(lambda phase, info: phase == "start" and collections.append(info["generation"]))
import functions.{name}.app
print(json.dumps([len(collections), gc.isenabled(), gc.get_freeze_count()]))
"""


@pytest.mark.parametrize("name", ["links", "api"])
def test_a_function_loads_without_a_collection_and_freezes_what_it_loaded(name: str) -> None:
    environment = {
        **os.environ,
        "TABLE_NAME": "t",
        "OPERATOR_KEY_SECRET_ARN": "arn:aws:secretsmanager:us-east-1:123456789012:secret:t",
        "AWS_DEFAULT_REGION": "us-east-1",
        "POWERTOOLS_TRACE_DISABLED": "true",
    }
    answer = subprocess.run(
        [sys.executable, "-c", PROBE.format(name=name)],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    collections, enabled, frozen = json.loads(answer.stdout.strip().splitlines()[-1])
    assert collections <= 2  # before sellerlink.startup is reached; without the pause: over 200
    assert enabled and frozen > 100_000
