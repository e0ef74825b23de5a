"""The postbacks queue as a port: events are published to it, deliveries are queued on it, and a
failed delivery's message is hidden until its next attempt. One real adapter (SQS)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any, Protocol

from sellerlink.observability import logger
from sellerlink.webhooks.models import DeliveryRef, WebhookEvent

SQS_BATCH = 10
MESSAGE_BYTES = 60_000  # events per message: well under SQS's 256 KB with the message's own framing
BATCH_BYTES = 240_000  # one SendMessageBatch request holds 256 KB in all
MAX_VISIBILITY_SECONDS = 12 * 60 * 60


class EventQueue(Protocol):
    def publish(self, events: Sequence[WebhookEvent]) -> None: ...

    def enqueue(self, deliveries: Sequence[DeliveryRef]) -> None: ...

    def retry_later(self, receipt_handle: str, seconds: int) -> None: ...


class SqsEventQueue:
    def __init__(self, sqs: Any, queue_url: str) -> None:
        self._sqs, self._url = sqs, queue_url

    def publish(self, events: Sequence[WebhookEvent]) -> None:
        """Events travel many to a message: a pull that appends 90,000 entries sends about 1,000
        messages in about 200 requests, not 90,000 messages."""
        self._send(_packed(events))

    def enqueue(self, deliveries: Sequence[DeliveryRef]) -> None:
        """One delivery per message: each is retried on its own schedule (its message's visibility)."""
        self._send([json.dumps({"delivery": d.model_dump(mode="json")}) for d in deliveries])

    def retry_later(self, receipt_handle: str, seconds: int) -> None:
        self._sqs.change_message_visibility(
            QueueUrl=self._url,
            ReceiptHandle=receipt_handle,
            VisibilityTimeout=max(0, min(seconds, MAX_VISIBILITY_SECONDS)),
        )

    def _send(self, bodies: list[str]) -> None:
        for batch in _batches(bodies):
            entries = [{"Id": str(i), "MessageBody": body} for i, body in enumerate(batch)]
            answer = self._sqs.send_message_batch(QueueUrl=self._url, Entries=entries)
            if answer.get("Failed"):
                raise RuntimeError(
                    f"SQS refused {len(answer['Failed'])} webhook messages: {answer['Failed'][0]}"
                )


def _packed(events: Sequence[WebhookEvent]) -> list[str]:
    """`{"events": [...]}` bodies of at most MESSAGE_BYTES each."""
    bodies: list[str] = []
    current: list[str] = []
    size = 0
    for event in events:
        encoded = event.model_dump_json()
        if current and size + len(encoded) + 1 > MESSAGE_BYTES:
            bodies.append(_events_body(current))
            current, size = [], 0
        current.append(encoded)
        size += len(encoded) + 1
    if current:
        bodies.append(_events_body(current))
    return bodies


def _events_body(encoded: list[str]) -> str:
    return '{"events":[' + ",".join(encoded) + "]}"


def _batches(bodies: list[str]) -> list[list[str]]:
    """SendMessageBatch requests: at most 10 messages and BATCH_BYTES in all."""
    batches: list[list[str]] = []
    current: list[str] = []
    size = 0
    for body in bodies:
        if current and (len(current) == SQS_BATCH or size + len(body) > BATCH_BYTES):
            batches.append(current)
            current, size = [], 0
        current.append(body)
        size += len(body)
    if current:
        batches.append(current)
    return batches


class UnconfiguredQueue:
    """Where no postbacks queue is configured (unit tests of other modules): events are dropped, loudly."""

    def publish(self, events: Sequence[WebhookEvent]) -> None:
        if events:
            logger.warning("no postbacks queue configured; events dropped", extra={"count": len(events)})

    def enqueue(self, deliveries: Sequence[DeliveryRef]) -> None:
        raise RuntimeError("deliveries need the postbacks queue (WEBHOOK_QUEUE_URL)")

    def retry_later(self, receipt_handle: str, seconds: int) -> None:
        raise RuntimeError("retries need the postbacks queue (WEBHOOK_QUEUE_URL)")


def parse_message(body: str) -> list[WebhookEvent] | DeliveryRef:
    """A message holds either events to fan out or one delivery to attempt."""
    message = json.loads(body)
    if "events" in message:
        return [WebhookEvent.model_validate(event) for event in message["events"]]
    return DeliveryRef.model_validate(message["delivery"])
