"""Import-and-init time of every function's handler module, against a bare Powertools handler.

Each measurement is a fresh interpreter (a cold start). The runs are interleaved (a round imports
the baseline and every handler once, in a shuffled order), so a busy neighbour slows them alike.
The ratio is taken on CPU seconds (`time.process_time`), which a shared machine disturbs far less
than wall seconds; both medians are printed. Target: every handler within 1.3x the baseline.
Writes bench/results/cold_start.json. Run: `.venv/bin/python bench/cold_start.py [--runs 7]`.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
from pathlib import Path

from sellerlink_local.stack.cloudformation import ROOT, translate

TARGET = 1.3
BARE = "bare Powertools handler"
LIBRARIES = "+ boto3, pydantic, resolver"
RESULTS = Path(__file__).parent / "results"
BASELINE = """
from aws_lambda_powertools import Logger, Metrics, Tracer
logger, tracer, metrics = Logger(), Tracer(), Metrics(namespace="Bench")

@metrics.log_metrics
@tracer.capture_lambda_handler
@logger.inject_lambda_context
def lambda_handler(event, context):
    return {"statusCode": 200}
"""

# What every Sellerlink function imports before any of its own code: the bare handler, boto3, pydantic
# and pydantic-settings, and Powertools' HTTP resolver with validation (the floor of an HTTP function).
LIBRARIES_BODY = """
import boto3, pydantic, pydantic_settings
from aws_lambda_powertools.event_handler import APIGatewayHttpResolver
app = APIGatewayHttpResolver(enable_validation=True)
"""

PROBE = """
import time, importlib
started, cpu = time.perf_counter(), time.process_time()
{body}
print(time.perf_counter() - started, time.process_time() - cpu)
"""

ENV = {
    **os.environ,
    "TABLE_NAME": "bench",
    "OPERATOR_KEY_SECRET_ARN": "arn:aws:secretsmanager:us-east-1:123456789012:secret:bench",
    "AWS_DEFAULT_REGION": "us-east-1",
    "POWERTOOLS_TRACE_DISABLED": "true",
    "POWERTOOLS_SERVICE_NAME": "bench",
    "PYTHONDONTWRITEBYTECODE": "",
}


def cold(body: str) -> tuple[float, float]:
    """(wall, cpu) seconds of one import in a fresh interpreter."""
    out = subprocess.run(
        [sys.executable, "-c", PROBE.format(body=body)],
        capture_output=True,
        text=True,
        env=ENV,
        check=True,
        cwd=ROOT,
    )
    wall, cpu = out.stdout.strip().splitlines()[-1].split()
    return float(wall), float(cpu)


def probes() -> dict[str, str]:
    """What each measurement imports: the baseline, then every function's handler module."""
    found = {BARE: f"exec({BASELINE!r})", LIBRARIES: f"exec({(BASELINE + LIBRARIES_BODY)!r})"}
    translation = translate()
    for name, function in sorted(translation.of_type("AWS::Lambda::Function").items()):
        module = translation.code[name].strip("/").replace("/", ".") + "." + function["Properties"]["Handler"]
        found[name] = f"importlib.import_module({module.rsplit('.', 1)[0]!r})"
    return found


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    runs = parser.parse_args().runs
    bodies = probes()
    for body in bodies.values():  # compile every module once, outside the measurement
        cold(body)
    samples: dict[str, list[tuple[float, float]]] = {name: [] for name in bodies}
    for _ in range(runs):
        for name in random.sample(list(bodies), len(bodies)):
            samples[name].append(cold(bodies[name]))
    wall = {name: statistics.median(w for w, _ in found) for name, found in samples.items()}
    cpu = {name: statistics.median(c for _, c in found) for name, found in samples.items()}
    ratios = {name: cpu[name] / cpu[BARE] for name in bodies if name not in (BARE, LIBRARIES)}
    load = os.getloadavg()[0]
    print(f"cold start, median of {runs} interleaved runs per handler (load average {load:.1f})")
    print(f"{'handler':<28}{'wall ms':>10}{'cpu ms':>10}{'x bare (cpu)':>14}")
    for name in bodies:
        ratio = ratios.get(name, cpu[name] / cpu[BARE])
        print(f"{name:<28}{wall[name] * 1000:>10.1f}{cpu[name] * 1000:>10.1f}{ratio:>14.2f}")
    worst = max(ratios, key=ratios.__getitem__)
    print(f"worst: {worst} at {ratios[worst]:.2f}x the bare Powertools handler (target <= {TARGET}x);")
    print(f"the libraries alone ({LIBRARIES.lstrip('+ ')}) are {cpu[LIBRARIES] / cpu[BARE]:.2f}x")
    RESULTS.mkdir(exist_ok=True)
    figures = {
        "worst_ratio_to_bare_powertools": round(ratios[worst], 3),
        "worst_function": worst,
        "target_ratio": TARGET,
        "bare_powertools_cpu_ms": round(cpu[BARE] * 1000, 1),
        "libraries_floor_ratio": round(cpu[LIBRARIES] / cpu[BARE], 3),
        "ratio_to_bare_powertools": {name: round(r, 3) for name, r in ratios.items()},
        "cpu_ms": {name: round(c * 1000, 1) for name, c in cpu.items()},
        "wall_ms": {name: round(w * 1000, 1) for name, w in wall.items()},
        "runs": runs,
    }
    (RESULTS / "cold_start.json").write_text(json.dumps(figures, indent=2) + "\n")


if __name__ == "__main__":
    main()
