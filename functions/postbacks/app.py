"""The postbacks queue's consumer: fans events out to endpoints and delivers them, and e-mails the
people they concern, with the Powertools batch processor reporting partial failures. A failed
delivery is hidden until its next attempt (exponential backoff with jitter) and reaches the DLQ
after the queue's maxReceiveCount; a message whose e-mails SES refused comes back the same way."""

from __future__ import annotations

from sellerlink import startup  # isort: skip  (first: the collector waits while the rest loads)
from typing import Any

from aws_lambda_powertools.utilities.batch import BatchProcessor, EventType, process_partial_response
from aws_lambda_powertools.utilities.data_classes.sqs_event import SQSRecord
from aws_lambda_powertools.utilities.typing import LambdaContext

from sellerlink.observability import MetricUnit, logger, metrics, tracer
from sellerlink.webhooks.queue import parse_message
from sellerlink.wiring import postbacks

# A batch whose every delivery failed is reported like any other (each record's failure), not
# raised: a failing endpoint is ordinary, and its attempts are logged one line each.
processor = BatchProcessor(event_type=EventType.SQS, raise_on_entire_batch_failure=False)


class DeliveryFailed(Exception):
    """The endpoint did not take the delivery; the message comes back after its backoff."""


def handle_record(record: SQSRecord) -> None:
    message = parse_message(record.body)
    deliverer = postbacks.deliverer()
    if isinstance(message, list):
        queued = deliverer.fan_out(message)
        metrics.add_metric(name="DeliveriesQueued", unit=MetricUnit.Count, value=queued)
        emailed = postbacks.notifier().notify(message)
        metrics.add_metric(name="EmailsSent", unit=MetricUnit.Count, value=emailed)
        return
    attempt = int(record.attributes.approximate_receive_count or 1)
    outcome = deliverer.attempt(message, attempt)
    if outcome.delivered:
        metrics.add_metric(name="DeliveriesSucceeded", unit=MetricUnit.Count, value=1)
        return
    metrics.add_metric(name="DeliveriesFailed", unit=MetricUnit.Count, value=1)
    deliverer.queue.retry_later(record.receipt_handle, outcome.retry_in or 0)
    raise DeliveryFailed(f"delivery {message.delivery_id}: attempt {attempt} failed")


@metrics.log_metrics
@tracer.capture_lambda_handler(capture_response=False)
@logger.inject_lambda_context(log_event=False)
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    return process_partial_response(  # type: ignore[return-value]
        event=event, record_handler=handle_record, processor=processor, context=context
    )


startup.loaded()
