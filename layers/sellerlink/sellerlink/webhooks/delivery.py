"""Fan-out and delivery: an event becomes one delivery per subscribed endpoint, and each delivery
is attempted until the endpoint answers 2xx, with exponential backoff and jitter in between.

A delivery's id is derived from the event and the endpoint, so a re-published event or a retried
fan-out finds the delivery it already made; the receiver sees the same `webhook-id` on every
attempt and every replay, and deduplicates by it. Disabling is counted per endpoint: after
`disable_after` failures in a row it is disabled and its owner told (a `webhook.disabled` event
to its other endpoints, and a notice on the endpoint itself).
"""

from __future__ import annotations

import hashlib
import json
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache

from sellerlink.clock import Clock
from sellerlink.observability import logger
from sellerlink.webhooks import postback, signing
from sellerlink.webhooks.dal import DeliveryStore, EndpointStore, partner_owner
from sellerlink.webhooks.models import (
    PARTNER_EVENTS,
    Delivery,
    DeliveryRef,
    DeliveryStatus,
    Endpoint,
    EndpointKind,
    EndpointStatus,
    EventType,
    WebhookEvent,
)
from sellerlink.webhooks.outbound import Answer, Outbound, Sender
from sellerlink.webhooks.publisher import EventPublisher
from sellerlink.webhooks.queue import EventQueue
from sellerlink.webhooks.secretbox import SecretBox
from sellerlink.webhooks.targets import Resolver, TargetRefused, check

ALWAYS = frozenset({EventType.WEBHOOK_TEST})


@dataclass(frozen=True)
class DeliveryRetryPolicy:
    """Backoff `base * 2^(attempt-1)` capped at `cap`, jittered ±25%; the DLQ after `max_attempts`.

    With the defaults (30 s, 4 h, 15 attempts) the last attempt comes about a day after the first.
    """

    base_seconds: float = 30
    cap_seconds: float = 4 * 60 * 60
    max_attempts: int = 15
    disable_after: int = 20

    def delay(self, attempt: int, rng: random.Random | None = None) -> int:
        ceiling = min(self.cap_seconds, self.base_seconds * 2 ** max(attempt - 1, 0))
        # ±25%, so the retries of many deliveries spread out instead of arriving together
        jittered = ceiling * (rng or random).uniform(0.75, 1.25)
        return max(1, round(jittered)) if self.base_seconds >= 1 else round(jittered)


@dataclass(frozen=True)
class Attempted:
    delivered: bool
    retry_in: int | None = None


def delivery_id(event: WebhookEvent, endpoint_id: str) -> str:
    digest = hashlib.sha256(f"{event.event_id}|{endpoint_id}".encode()).hexdigest()[:20]
    return f"msg_{event.timestamp.strftime('%Y%m%dT%H%M%S')}_{digest}"


@dataclass(frozen=True)
class Deliverer:
    endpoints: EndpointStore
    deliveries: DeliveryStore
    queue: EventQueue
    events: EventPublisher
    box: SecretBox
    sender: Sender
    resolver: Resolver
    wall_clock: Clock
    local_mode: bool
    policy: DeliveryRetryPolicy = field(default_factory=DeliveryRetryPolicy)

    def fan_out(self, events: Sequence[WebhookEvent]) -> int:
        """Queues one delivery per endpoint that wants each event; how many were queued. Each owner's
        endpoints are read once for all the events (a pull publishes thousands to one program)."""
        endpoints_of = cache(self.endpoints.of_owner)
        refs = [ref for event in events for ref in self._deliveries(event, audience(event, endpoints_of))]
        self.queue.enqueue(refs)
        return len(refs)

    def _deliveries(self, event: WebhookEvent, endpoints: list[Endpoint]) -> list[DeliveryRef]:
        body = json.dumps(event.payload(), separators=(",", ":"), default=str)
        refs = []
        for endpoint in endpoints:
            delivery = Delivery(
                delivery_id=delivery_id(event, endpoint.endpoint_id),
                endpoint_id=endpoint.endpoint_id,
                owner=endpoint.owner,
                event_id=event.event_id,
                event_type=event.type,
                body=body,
                created_at=event.timestamp,
            )
            if not self.deliveries.create(delivery):
                existing = self.deliveries.get(delivery.owner, delivery.endpoint_id, delivery.delivery_id)
                if existing is None or existing.status is not DeliveryStatus.PENDING:
                    continue
            refs.append(
                DeliveryRef(
                    owner=endpoint.owner, endpoint_id=endpoint.endpoint_id, delivery_id=delivery.delivery_id
                )
            )
        return refs

    def attempt(self, ref: DeliveryRef, attempt: int) -> Attempted:
        """One attempt of one delivery; `attempt` is the message's receive count (1 for the first)."""
        delivery = self.deliveries.get(ref.owner, ref.endpoint_id, ref.delivery_id)
        if delivery is None or delivery.status is DeliveryStatus.DELIVERED:
            return Attempted(delivered=True)
        endpoint = self.endpoints.get(ref.owner, ref.endpoint_id)
        if endpoint is None or endpoint.status is EndpointStatus.DISABLED:
            reason = "the endpoint was deleted" if endpoint is None else "the endpoint is disabled"
            self.deliveries.save(
                delivery.model_copy(update={"status": DeliveryStatus.SKIPPED, "error": reason})
            )
            return Attempted(delivered=True)
        now = self.wall_clock.now()
        answer = self._send(endpoint, delivery, now)
        return self._record(endpoint, delivery, answer, attempt, now)

    def _send(self, endpoint: Endpoint, delivery: Delivery, now: datetime) -> Answer:
        data = json.loads(delivery.body).get("data", {})
        url = endpoint.url
        if endpoint.kind is EndpointKind.POSTBACK:
            url = postback.render(endpoint.url, delivery.event_type.value, data)
        try:
            target = check(url, local_mode=self.local_mode, resolver=self.resolver)
        except TargetRefused as refused:
            return Answer(None, "", 0, refused.detail)
        secrets = [self.box.open(endpoint.owner, s) for s in endpoint.live_secrets(now)]
        if endpoint.kind is EndpointKind.POSTBACK:
            # What is sent is the URL: sign it, as Standard Webhooks signs a body
            signed = target.url.encode()
            headers = signing.headers(secrets, delivery.delivery_id, int(now.timestamp()), signed)
            return self.sender.send(target, Outbound("GET", headers))
        body = delivery.body.encode()
        headers = signing.headers(secrets, delivery.delivery_id, int(now.timestamp()), body)
        headers["Content-Type"] = "application/json"
        return self.sender.send(target, Outbound("POST", headers, body))

    def _record(
        self, endpoint: Endpoint, delivery: Delivery, answer: Answer, attempt: int, now: datetime
    ) -> Attempted:
        final = attempt >= self.policy.max_attempts
        status = (
            DeliveryStatus.DELIVERED
            if answer.ok
            else DeliveryStatus.DEAD
            if final
            else DeliveryStatus.FAILING
        )
        error = answer.error or (None if answer.ok else f"the endpoint answered {answer.status}")
        self.deliveries.save(
            delivery.model_copy(
                update={
                    "status": status,
                    "attempts": delivery.attempts + 1,
                    "last_attempt_at": now,
                    "latency_ms": answer.latency_ms,
                    "response_status": answer.status,
                    "response_body": answer.body[:1024],
                    "error": error,
                }
            )
        )
        if answer.ok:
            self.endpoints.succeeded(endpoint)
            return Attempted(delivered=True)
        failures = self.endpoints.failed(endpoint)
        if failures >= self.policy.disable_after:
            self._disable(endpoint, failures, error or "", now)
        retry_in = self.policy.delay(attempt)
        _log_failure(endpoint, delivery, answer, attempt, None if final else retry_in)
        return Attempted(delivered=False, retry_in=retry_in)

    def _disable(self, endpoint: Endpoint, failures: int, error: str, now: datetime) -> None:
        notice = (
            f"Disabled after {failures} failed deliveries in a row (last: {error}). "
            "Fix the endpoint, then enable it again; replay what it missed from its delivery log."
        )
        if not self.endpoints.disable(endpoint, notice, now):
            return
        logger.warning(
            "webhook endpoint disabled", extra={"endpoint_id": endpoint.endpoint_id, "failures": failures}
        )
        self.events.webhook_disabled(endpoint, notice, now)


def _log_failure(
    endpoint: Endpoint, delivery: Delivery, answer: Answer, attempt: int, retry_in: int | None
) -> None:
    """One structured line per failed attempt, no traceback: a failing endpoint is ordinary."""
    next_attempt = {"next_attempt_in_seconds": retry_in} if retry_in is not None else {"last_attempt": True}
    logger.warning(
        "webhook delivery failed",
        extra={
            "endpoint_id": endpoint.endpoint_id,
            "delivery_id": delivery.delivery_id,
            "event_type": delivery.event_type.value,
            "attempt": attempt,
            "status": answer.status if answer.status is not None else "no answer",
            "error": answer.error or f"the endpoint answered {answer.status}",
            **next_attempt,
        },
    )


def audience(event: WebhookEvent, endpoints_of: Callable[[str], list[Endpoint]]) -> list[Endpoint]:
    """The active endpoints that want the event: its program's, and its partner's own for partner events."""
    found: list[Endpoint] = []
    if event.account_id and event.program_id:
        found += endpoints_of(f"ACCOUNT#{event.account_id}#PROGRAM#{event.program_id}")
    if event.partner_id and (event.type in PARTNER_EVENTS):
        found += endpoints_of(partner_owner(event.partner_id))
    if event.endpoint_id:
        return [e for e in found if e.endpoint_id == event.endpoint_id and e.status is EndpointStatus.ACTIVE]
    return [e for e in found if e.status is EndpointStatus.ACTIVE and _wants(e, event.type)]


def _wants(endpoint: Endpoint, event_type: EventType) -> bool:
    """An endpoint hears the types it chose; one that chose `link.created` hears `links.created`."""
    return (
        event_type in endpoint.event_types
        or event_type in ALWAYS
        or (event_type is EventType.LINKS_CREATED and EventType.LINK_CREATED in endpoint.event_types)
    )
