"""The postbacks queue as a port: events are published to it, deliveries are queued on it, and a
failed delivery's message is hidden until its next attempt. One real adapter (SQS).

Fair share: every message carries a MessageGroupId naming its tenant, the endpoint of a delivery
and the program (or partner) of a message of events. On a standard queue that makes it an SQS fair
queue ("Amazon SQS fair queues", SQS developer guide): when one tenant holds a disproportionate
share of the messages in flight, SQS hands consumers the other tenants' messages first, so a
burst for one endpoint does not hold back another's deliveries. The local stack emulates that
(stack/moto_patches/sqs_fairness.py).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any, Protocol

from pydantic import ValidationError

from sellerlink.observability import logger
from sellerlink.webhooks.models import DeliveryRef, WebhookEvent

SQS_BATCH = 10
MESSAGE_BYTES = 60_000  # UTF-8 bytes of one message of events, framing included
BATCH_BYTES = 240_000  # of one SendMessageBatch request: SQS takes 256 KiB in all
FRAMING = len('{"events":[]}')
MAX_VISIBILITY_SECONDS = 12 * 60 * 60


class EventQueue(Protocol):
    def publish(self, events: Sequence[WebhookEvent]) -> None: ...

    def enqueue(self, deliveries: Sequence[DeliveryRef]) -> None: ...

    def retry_later(self, receipt_handle: str, seconds: int) -> None: ...


class SqsEventQueue:
    def __init__(self, sqs: Any, queue_url: str) -> None:
        self._sqs, self._url = sqs, queue_url

    def publish(self, events: Sequence[WebhookEvent]) -> None:
        """Events travel many to a message: a pull that appends 90,000 entries sends about 900
        messages in about 220 requests, not 90,000 messages in 9,000. Each tenant's events are
        packed apart, so a message has one tenant."""
        by_tenant: dict[str, list[WebhookEvent]] = {}
        for event in events:
            by_tenant.setdefault(tenant_of(event), []).append(event)
        self._send([(body, tenant) for tenant, found in by_tenant.items() for body in _packed(found)])

    def enqueue(self, deliveries: Sequence[DeliveryRef]) -> None:
        """One delivery per message: each is retried on its own schedule (its message's visibility)."""
        self._send(
            [
                (json.dumps({"delivery": d.model_dump(mode="json")}), f"endpoint:{d.endpoint_id}")
                for d in deliveries
            ]
        )

    def retry_later(self, receipt_handle: str, seconds: int) -> None:
        self._sqs.change_message_visibility(
            QueueUrl=self._url,
            ReceiptHandle=receipt_handle,
            VisibilityTimeout=max(0, min(seconds, MAX_VISIBILITY_SECONDS)),
        )

    def _send(self, messages: list[tuple[str, str]]) -> None:
        """(body, tenant) pairs; the tenant is the message's MessageGroupId."""
        for batch in _batches(messages):
            entries = [
                {"Id": str(i), "MessageBody": body, "MessageGroupId": tenant}
                for i, (body, tenant) in enumerate(batch)
            ]
            answer = self._sqs.send_message_batch(QueueUrl=self._url, Entries=entries)
            if answer.get("Failed"):
                raise RuntimeError(
                    f"SQS refused {len(answer['Failed'])} of {len(entries)} webhook messages "
                    f"(each may hold many events): {answer['Failed'][0]}"
                )


def tenant_of(event: WebhookEvent) -> str:
    """Whose events these are, for fair share: the program's, else the partner's."""
    if event.program_id:
        return f"program:{event.account_id}:{event.program_id}"
    return f"partner:{event.partner_id}" if event.partner_id else "sellerlink"


def _packed(events: Sequence[WebhookEvent]) -> list[str]:
    """`{"events": [...]}` bodies of at most MESSAGE_BYTES each (one larger event goes alone)."""
    bodies: list[str] = []
    current: list[str] = []
    size = FRAMING
    for event in events:
        encoded = event.model_dump_json()
        length = len(encoded.encode()) + 1  # the comma
        if current and size + length > MESSAGE_BYTES:
            bodies.append(_events_body(current))
            current, size = [], FRAMING
        current.append(encoded)
        size += length
    if current:
        bodies.append(_events_body(current))
    return bodies


def _events_body(encoded: list[str]) -> str:
    return '{"events":[' + ",".join(encoded) + "]}"


def _batches(messages: list[tuple[str, str]]) -> list[list[tuple[str, str]]]:
    """SendMessageBatch requests: at most 10 messages and BATCH_BYTES in all."""
    batches: list[list[tuple[str, str]]] = []
    current: list[tuple[str, str]] = []
    size = 0
    for message in messages:
        length = len(message[0].encode()) + len(message[1].encode())
        if current and (len(current) == SQS_BATCH or size + length > BATCH_BYTES):
            batches.append(current)
            current, size = [], 0
        current.append(message)
        size += length
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
    """A message holds either events to fan out or one delivery to attempt. An event that does not
    parse is logged and left out, so it cannot hold back the others of its message. `{"event": ...}`
    is what publishers sent one event at a time before; such messages may still be in flight."""
    message = json.loads(body)
    if "delivery" in message:
        return DeliveryRef.model_validate(message["delivery"])
    raw = message["events"] if "events" in message else [message["event"]]
    events = []
    for event in raw:
        try:
            events.append(WebhookEvent.model_validate(event))
        except ValidationError as error:
            problems = [{"at": e["loc"], "type": e["type"]} for e in error.errors()[:3]]  # no values
            logger.error("a webhook event does not parse; left out", extra={"problems": problems})
    return events
