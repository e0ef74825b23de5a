"""The postbacks queue as a port: events are published to it, deliveries are queued on it, and a
failed delivery's message is hidden until its next attempt. One real adapter (SQS)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any, Protocol

from pydantic import BaseModel

from sellerlink.observability import logger
from sellerlink.webhooks.models import DeliveryRef, WebhookEvent

SQS_BATCH = 10
MAX_VISIBILITY_SECONDS = 12 * 60 * 60


class EventQueue(Protocol):
    def publish(self, events: Sequence[WebhookEvent]) -> None: ...

    def enqueue(self, deliveries: Sequence[DeliveryRef]) -> None: ...

    def retry_later(self, receipt_handle: str, seconds: int) -> None: ...


class SqsEventQueue:
    def __init__(self, sqs: Any, queue_url: str) -> None:
        self._sqs, self._url = sqs, queue_url

    def publish(self, events: Sequence[WebhookEvent]) -> None:
        self._send([("event", e) for e in events])

    def enqueue(self, deliveries: Sequence[DeliveryRef]) -> None:
        self._send([("delivery", d) for d in deliveries])

    def retry_later(self, receipt_handle: str, seconds: int) -> None:
        self._sqs.change_message_visibility(
            QueueUrl=self._url,
            ReceiptHandle=receipt_handle,
            VisibilityTimeout=max(0, min(seconds, MAX_VISIBILITY_SECONDS)),
        )

    def _send(self, messages: list[tuple[str, BaseModel]]) -> None:
        for start in range(0, len(messages), SQS_BATCH):
            chunk = messages[start : start + SQS_BATCH]
            entries = [
                {"Id": str(i), "MessageBody": json.dumps({kind: body.model_dump(mode="json")})}
                for i, (kind, body) in enumerate(chunk)
            ]
            answer = self._sqs.send_message_batch(QueueUrl=self._url, Entries=entries)
            if answer.get("Failed"):
                raise RuntimeError(
                    f"SQS refused {len(answer['Failed'])} webhook messages: {answer['Failed'][0]}"
                )


class UnconfiguredQueue:
    """Where no postbacks queue is configured (unit tests of other modules): events are dropped, loudly."""

    def publish(self, events: Sequence[WebhookEvent]) -> None:
        if events:
            logger.warning("no postbacks queue configured; events dropped", extra={"count": len(events)})

    def enqueue(self, deliveries: Sequence[DeliveryRef]) -> None:
        raise RuntimeError("deliveries need the postbacks queue (WEBHOOK_QUEUE_URL)")

    def retry_later(self, receipt_handle: str, seconds: int) -> None:
        raise RuntimeError("retries need the postbacks queue (WEBHOOK_QUEUE_URL)")


def parse_message(body: str) -> WebhookEvent | DeliveryRef:
    message = json.loads(body)
    if "event" in message:
        return WebhookEvent.model_validate(message["event"])
    return DeliveryRef.model_validate(message["delivery"])
