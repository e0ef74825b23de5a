"""Webhooks without sockets: the target checker (local mode off), signatures, backoff, and the
deliverer refusing a target that resolves somewhere private at delivery time, before connecting."""

from __future__ import annotations

import json
import random
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

import boto3
import pytest
from pydantic import SecretStr
from standardwebhooks.webhooks import Webhook

from sellerlink.clock import FixedClock, SystemClock
from sellerlink.connections.cipher import KmsEnvelopeCipher
from sellerlink.errors import Unauthorized
from sellerlink.table import Table
from sellerlink.webhooks import postback, signing
from sellerlink.webhooks.dal import DeliveryStore, EndpointStore
from sellerlink.webhooks.delivery import Deliverer, DeliveryRetryPolicy
from sellerlink.webhooks.endpoints import EndpointService, Owner
from sellerlink.webhooks.models import DeliveryRef, EndpointCreate, EventType, WebhookEvent
from sellerlink.webhooks.outbound import Answer, Outbound
from sellerlink.webhooks.publisher import EventPublisher
from sellerlink.webhooks.secretbox import SecretBox
from sellerlink.webhooks.targets import Target, TargetRefused, check


class FakeResolver:
    def __init__(self, answers: dict[str, list[str]]) -> None:
        self.answers = answers

    def addresses(self, host: str, port: int) -> list[str]:
        return self.answers.get(host, [])


class RecordingSender:
    def __init__(self, answer: Answer | None = None) -> None:
        self.sent: list[tuple[Target, Outbound]] = []
        self.answer = answer or Answer(200, "ok", 3)

    def send(self, target: Target, request: Outbound) -> Answer:
        self.sent.append((target, request))
        return self.answer


class RecordingQueue:
    def __init__(self) -> None:
        self.events: list[WebhookEvent] = []
        self.deliveries: list[DeliveryRef] = []

    def publish(self, events: list[WebhookEvent]) -> None:
        self.events.extend(events)

    def enqueue(self, deliveries: list[DeliveryRef]) -> None:
        self.deliveries.extend(deliveries)

    def retry_later(self, receipt_handle: str, seconds: int) -> None:
        return


PUBLIC = FakeResolver(
    {"hooks.example": ["93.184.216.34"], "rebind.example": ["10.0.0.8"], "meta.example": ["169.254.169.254"]}
)


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("https://127.0.0.1/hooks", "a loopback address"),
        ("https://localhost.example/hooks", "does not resolve"),
        ("https://10.1.2.3/hooks", "a private address"),
        ("https://169.254.169.254/latest/meta-data/", "the cloud metadata address"),
        ("https://rebind.example/hooks", "resolves to 10.0.0.8, a private address"),
        ("https://meta.example/hooks", "resolves to 169.254.169.254, the cloud metadata address"),
        ("https://[::1]/hooks", "a loopback address"),
        ("https://[fe80::1]/hooks", "a link-local address"),
        ("http://hooks.example/hooks", "must use https"),
    ],
)
def test_outside_local_mode_these_targets_are_refused(url: str, reason: str) -> None:
    with pytest.raises(TargetRefused) as refused:
        check(url, local_mode=False, resolver=PUBLIC)
    assert reason in refused.value.detail


def test_a_public_https_target_connects_to_the_address_it_was_checked_with() -> None:
    target = check("https://hooks.example:8443/in?x=1", local_mode=False, resolver=PUBLIC)
    assert (target.address, target.host_header, target.path) == (
        "93.184.216.34",
        "hooks.example:8443",
        "/in?x=1",
    )


def test_local_mode_allows_http_and_loopback_but_never_private_or_metadata() -> None:
    local = FakeResolver({"localhost": ["127.0.0.1"]})
    assert check("http://localhost:9000/x", local_mode=True, resolver=local).address == "127.0.0.1"
    for url in ("http://10.0.0.1/x", "http://169.254.169.254/x"):
        with pytest.raises(TargetRefused):
            check(url, local_mode=True, resolver=local)


def test_signatures_verify_with_the_reference_library_and_ours_refuses_tampering() -> None:
    secret = signing.new_secret()
    now = datetime.now(UTC)
    body = b'{"type":"webhook.test"}'
    headers = signing.headers([secret], "msg_1", int(now.timestamp()), body)
    assert Webhook(secret.get_secret_value()).verify(body, headers) == {"type": "webhook.test"}
    assert signing.verify([secret], headers, body, now) == "msg_1"
    with pytest.raises(Unauthorized, match="does not match"):
        signing.verify([secret], headers, body + b" ", now)
    with pytest.raises(Unauthorized, match="more than 5 minutes"):
        signing.verify([secret], headers, body, now + timedelta(minutes=6))


def test_retries_back_off_exponentially_with_jitter_for_about_a_day() -> None:
    policy = DeliveryRetryPolicy()
    rng = random.Random(7)
    delays = [policy.delay(attempt, rng) for attempt in range(1, policy.max_attempts)]
    assert delays[0] <= 38 and delays[5] > delays[1] and max(delays) <= 1.25 * 4 * 60 * 60
    assert 20 <= sum(delays) / 3600 <= 29, sum(delays) / 3600


def test_postback_macros_are_url_encoded() -> None:
    template = postback.check_template("https://t.example/pb?a={amount}&id={action_id}&s={shared_id}")
    url = postback.render(
        template, "action.created", {"amount": "1.50", "action_id": "2026-01-02#p 1", "shared_id": None}
    )
    assert url == "https://t.example/pb?a=1.50&id=2026-01-02%23p%201&s="


def program_endpoint(
    aws: dict[str, dict[str, str]], clock: FixedClock, resolver: FakeResolver, queue: RecordingQueue
) -> tuple[EndpointService, Owner, Any, SecretBox, EventPublisher]:
    """A program's endpoint for action.created at hooks.example, registered through the service."""
    table = Table(aws["Table"]["Ref"])
    box = SecretBox(KmsEnvelopeCipher(boto3.client("kms"), aws["TokenKey"]["Ref"]))
    events = EventPublisher(queue)  # type: ignore[arg-type]
    service = EndpointService(
        EndpointStore(table),
        DeliveryStore(table),
        queue,
        events,
        box,
        resolver,
        clock,
        False,  # type: ignore[arg-type]
    )
    owner = Owner("ACCOUNT#a1#PROGRAM#p1", account_id="a1", program_id="p1")
    created = service.register(
        owner, EndpointCreate(url="https://hooks.example/in", event_types=[EventType.ACTION_CREATED])
    )
    return service, owner, created, box, events


def test_a_name_that_resolves_private_at_delivery_is_refused_before_any_connection(
    aws: dict[str, dict[str, str]], clock: FixedClock
) -> None:
    # Given an endpoint registered while its name resolved to a public address
    table = Table(aws["Table"]["Ref"])
    resolver, queue, sender = (
        FakeResolver({"hooks.example": ["93.184.216.34"]}),
        RecordingQueue(),
        RecordingSender(),
    )
    service, owner, created, box, events = program_endpoint(aws, clock, resolver, queue)
    deliverer = Deliverer(
        EndpointStore(table),
        DeliveryStore(table),
        queue,
        events,
        box,
        sender,
        resolver,
        SystemClock(),  # signatures carry the wall-clock time receivers check
        False,
        DeliveryRetryPolicy(),
    )
    event = WebhookEvent(
        event_id="evt_1",
        type=EventType.ACTION_CREATED,
        timestamp=clock.now(),
        account_id="a1",
        program_id="p1",
        data={"amount": str(Decimal("1.00"))},
    )
    assert deliverer.fan_out([event]) == 1
    # When the name now resolves to a private address (DNS rebinding)
    resolver.answers["hooks.example"] = ["10.0.0.9"]
    outcome = deliverer.attempt(queue.deliveries[0], attempt=1)
    # Then nothing is sent, the attempt fails and says why
    assert sender.sent == [] and not outcome.delivered and outcome.retry_in
    logged = service.delivery(owner, created.endpoint.endpoint_id, queue.deliveries[0].delivery_id)
    assert logged.status == "failing" and "10.0.0.9, a private address" in (logged.error or "")
    # And once it resolves publicly again the same webhook-id is sent to the checked address, signed
    resolver.answers["hooks.example"] = ["93.184.216.34"]
    assert deliverer.attempt(queue.deliveries[0], attempt=2).delivered
    ((target, request),) = sender.sent
    assert target.address == "93.184.216.34" and request.headers["webhook-id"] == logged.delivery_id
    assert Webhook(created.secret).verify(request.body, request.headers)["type"] == "action.created"
    assert json.loads(request.body)["data"] == {"amount": "1.00"}
    assert SecretStr(created.secret).get_secret_value() not in json.dumps(
        service.of_owner(owner)[0].model_dump(mode="json")
    )


def test_an_opened_signing_secret_costs_no_more_kms_calls() -> None:
    from datetime import UTC, datetime

    from pydantic import SecretStr

    from sellerlink.connections.models import EncryptedSecret
    from sellerlink.webhooks.secretbox import SecretBox

    class CountingCipher:
        opened = 0

        def seal(self, secret: SecretStr, context: dict[str, str]) -> EncryptedSecret:
            return EncryptedSecret(encrypted_key="k", nonce="n", ciphertext=secret.get_secret_value())

        def open(self, sealed: EncryptedSecret, context: dict[str, str]) -> SecretStr:
            self.opened += 1
            return SecretStr(sealed.ciphertext)

    cipher = CountingCipher()
    box = SecretBox(cipher)
    secret, stored = box.issue("ACCOUNT#a", datetime(2026, 12, 1, tzinfo=UTC))
    assert [box.open("ACCOUNT#a", stored).get_secret_value() for _ in range(3)] == [
        secret.get_secret_value()
    ] * 3
    assert cipher.opened == 1


def test_a_failed_attempt_logs_one_structured_line_and_no_traceback(
    aws: dict[str, dict[str, str]], clock: FixedClock, caplog: pytest.LogCaptureFixture
) -> None:
    table = Table(aws["Table"]["Ref"])
    resolver, queue = FakeResolver({"hooks.example": ["93.184.216.34"]}), RecordingQueue()
    _, _, created, box, events = program_endpoint(aws, clock, resolver, queue)
    refusing = RecordingSender(Answer(503, "busy", 12))
    deliverer = Deliverer(
        EndpointStore(table), DeliveryStore(table), queue, events, box, refusing, resolver, clock, False
    )
    event = WebhookEvent(
        event_id="evt_1",
        type=EventType.ACTION_CREATED,
        timestamp=clock.now(),
        account_id="a1",
        program_id="p1",
    )
    deliverer.fan_out([event])
    caplog.clear()
    outcome = deliverer.attempt(queue.deliveries[0], attempt=3)
    (line,) = caplog.records
    assert (line.getMessage(), line.levelname, line.exc_info) == ("webhook delivery failed", "WARNING", None)
    assert {
        key: getattr(line, key) for key in ("endpoint_id", "status", "attempt", "next_attempt_in_seconds")
    } == {
        "endpoint_id": created.endpoint.endpoint_id,
        "status": 503,
        "attempt": 3,
        "next_attempt_in_seconds": outcome.retry_in,
    }
