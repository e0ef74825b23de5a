"""Events travel many to an SQS message; a fan-out reads each owner's endpoints once."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from sellerlink.webhooks.delivery import Deliverer
from sellerlink.webhooks.models import DeliveryRef, EventType, WebhookEvent
from sellerlink.webhooks.queue import BATCH_BYTES, MESSAGE_BYTES, SQS_BATCH, SqsEventQueue, parse_message

NOW = datetime(2026, 3, 31, 7, tzinfo=UTC)


class RecordingSqs:
    def __init__(self) -> None:
        self.batches: list[list[str]] = []

    def send_message_batch(self, QueueUrl: str, Entries: list[dict[str, str]]) -> dict[str, Any]:
        self.batches.append([entry["MessageBody"] for entry in Entries])
        return {"Successful": Entries}


def action(n: int, partner: str = "ptr_1") -> WebhookEvent:
    return WebhookEvent(
        event_id=f"evt_{n}",
        type=EventType.ACTION_CREATED,
        timestamp=NOW,
        account_id="acct_1",
        program_id="prg_1",
        partner_id=partner,
        data={"amount": "1.25", "entry_id": f"2026-03-01#{partner}#B000000001#promoted#pull_{n:06d}"},
    )


def test_many_events_go_out_in_few_messages_within_sqs_limits_and_come_back_in_order() -> None:
    # Given 5,000 events, as a large pull's ledger step publishes
    sqs = RecordingSqs()
    events = [action(n) for n in range(5000)]
    # When they are published
    SqsEventQueue(sqs, "queue").publish(events)
    # Then each request holds at most 10 messages and 240 KB, each message at most 60 KB
    bodies = [body for batch in sqs.batches for body in batch]
    assert all(len(batch) <= SQS_BATCH and encoded(batch) <= BATCH_BYTES for batch in sqs.batches)
    assert all(encoded([body]) <= MESSAGE_BYTES for body in bodies)
    # And there are far fewer messages than events, which parse back into every event, in order
    assert len(bodies) < len(events) / 50
    parsed = [event for body in bodies for event in parse_message(body)]  # type: ignore[union-attr]
    assert parsed == events


def encoded(bodies: list[str]) -> int:
    return sum(len(body.encode()) for body in bodies)


def test_limits_count_utf8_bytes_not_characters() -> None:
    # Given events whose text is two bytes a character (as partner names and product titles may be)
    sqs = RecordingSqs()
    events = [action(n).model_copy(update={"data": {"note": "é" * 2_000}}) for n in range(400)]
    # When they are published
    SqsEventQueue(sqs, "queue").publish(events)
    # Then no message and no request is over its limit in bytes, and nothing is lost
    assert all(encoded(batch) <= BATCH_BYTES for batch in sqs.batches)
    assert all(encoded([body]) <= MESSAGE_BYTES for batch in sqs.batches for body in batch)
    assert sum(len(parse_message(body)) for batch in sqs.batches for body in batch) == 400  # type: ignore[arg-type]


def test_a_message_from_before_events_were_packed_still_fans_out() -> None:
    event = action(1)
    assert parse_message(json.dumps({"event": event.model_dump(mode="json")})) == [event]


def test_an_event_that_does_not_parse_does_not_hold_back_the_others() -> None:
    good = [action(1).model_dump(mode="json"), action(2).model_dump(mode="json")]
    body = json.dumps({"events": [good[0], {"type": "no.such.event"}, good[1]]})
    assert parse_message(body) == [action(1), action(2)]


def test_deliveries_stay_one_to_a_message_so_each_retries_on_its_own() -> None:
    sqs = RecordingSqs()
    refs = [DeliveryRef(owner="o", endpoint_id="e", delivery_id=f"msg_{n}") for n in range(25)]
    SqsEventQueue(sqs, "queue").enqueue(refs)
    bodies = [body for batch in sqs.batches for body in batch]
    assert [parse_message(body) for body in bodies] == refs
    assert [len(batch) for batch in sqs.batches] == [10, 10, 5]
    assert all(set(json.loads(body)) == {"delivery"} for body in bodies)


class CountingEndpoints:
    def __init__(self) -> None:
        self.reads: list[str] = []

    def of_owner(self, owner: str) -> list[Any]:
        self.reads.append(owner)
        return []


class NoQueue:
    def enqueue(self, deliveries: list[DeliveryRef]) -> None:
        assert deliveries == []


def test_a_fan_out_reads_each_owners_endpoints_once_for_all_its_events() -> None:
    # Given 300 action events of one program and three partners
    endpoints = CountingEndpoints()
    deliverer = Deliverer(endpoints, None, NoQueue(), None, None, None, None, None, False)  # type: ignore[arg-type]
    events = [action(n, partner=f"ptr_{n % 3}") for n in range(300)]
    # When they fan out together
    assert deliverer.fan_out(events) == 0
    # Then the program's and each partner's endpoints were read once
    assert sorted(endpoints.reads) == sorted(
        ["ACCOUNT#acct_1#PROGRAM#prg_1", "PARTNER#ptr_0", "PARTNER#ptr_1", "PARTNER#ptr_2"]
    )
