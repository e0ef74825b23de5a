"""Import-and-init time of every function's handler module, against a bare Powertools handler.

Each measurement is a fresh interpreter (a cold start); the median of several runs is printed
with its ratio to the baseline. Run: `.venv/bin/python bench/cold_start.py [--runs 7]`.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys

from sellerlink_local.stack.cloudformation import ROOT, translate

BASELINE = """
from aws_lambda_powertools import Logger, Metrics, Tracer
logger, tracer, metrics = Logger(), Tracer(), Metrics(namespace="Bench")

@metrics.log_metrics
@tracer.capture_lambda_handler
@logger.inject_lambda_context
def lambda_handler(event, context):
    return {"statusCode": 200}
"""

PROBE = """
import time, importlib
started = time.perf_counter()
{body}
print(time.perf_counter() - started)
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


def cold_seconds(body: str, runs: int) -> float:
    samples = []
    for _ in range(runs):
        out = subprocess.run(
            [sys.executable, "-c", PROBE.format(body=body)],
            capture_output=True,
            text=True,
            env=ENV,
            check=True,
            cwd=ROOT,
        )
        samples.append(float(out.stdout.strip().splitlines()[-1]))
    return statistics.median(samples)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    runs = parser.parse_args().runs
    baseline = cold_seconds(f"exec({BASELINE!r})", runs)
    print(f"{'handler':<28}{'import+init ms':>16}{'x baseline':>12}")
    print(f"{'bare Powertools handler':<28}{baseline * 1000:>16.1f}{1.0:>12.2f}")
    translation = translate()
    for name, function in sorted(translation.of_type("AWS::Lambda::Function").items()):
        module = translation.code[name].strip("/").replace("/", ".") + "." + function["Properties"]["Handler"]
        seconds = cold_seconds(f"importlib.import_module({module.rsplit('.', 1)[0]!r})", runs)
        print(f"{name:<28}{seconds * 1000:>16.1f}{seconds / baseline:>12.2f}")


if __name__ == "__main__":
    main()
