"""One place for Logger, Tracer and Metrics, shared by every function.

Every handler uses the same decorator order:

    @metrics.log_metrics
    @tracer.capture_lambda_handler(capture_response=False)
    @logger.inject_lambda_context(log_event=False)

Responses are never captured by the tracer: some carry API keys or tokens.
"""

from __future__ import annotations

from aws_lambda_powertools import Logger, Metrics, Tracer
from aws_lambda_powertools.metrics import MetricUnit

SERVICE = "sellerlink"

logger = Logger(service=SERVICE)
tracer = Tracer(service=SERVICE)
metrics = Metrics(namespace="Sellerlink", service=SERVICE)

__all__ = ["MetricUnit", "logger", "metrics", "tracer"]
