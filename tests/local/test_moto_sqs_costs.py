"""The emulator receives and sends SQS messages without building the queue's attributes per
message, and still drops a message past the queue's retention period."""

from __future__ import annotations

from typing import Any

import boto3
import pytest
from moto.sqs.models import Queue

from sellerlink_local.stack import moto_patches


def test_receiving_reads_the_retention_period_not_every_attribute(
    aws: dict[str, dict[str, str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    moto_patches.install()
    sqs = boto3.client("sqs")
    url = aws["PostbacksQueue"]["Ref"]
    sqs.send_message_batch(QueueUrl=url, Entries=[{"Id": str(i), "MessageBody": str(i)} for i in range(10)])
    built: list[Any] = []
    attributes = Queue.attributes.fget  # type: ignore[attr-defined]
    monkeypatch.setattr(Queue, "attributes", property(lambda q: built.append(q) or attributes(q)))
    answer = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10)
    assert len(answer["Messages"]) == 10
    assert built == []


def test_a_message_past_the_retention_period_is_not_received(aws: dict[str, dict[str, str]]) -> None:
    from moto.sqs.models import sqs_backends

    moto_patches.install()
    sqs = boto3.client("sqs")
    url = sqs.create_queue(QueueName="short", Attributes={"MessageRetentionPeriod": "60"})["QueueUrl"]
    sqs.send_message(QueueUrl=url, MessageBody="kept")
    counted = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["ApproximateNumberOfMessages"])
    assert counted["Attributes"]["ApproximateNumberOfMessages"] == "1"
    (queue,) = [
        q for b in sqs_backends.values() for r in b.values() for q in r.queues.values() if q.name == "short"
    ]

    def aged(seconds: int) -> None:
        queue._messages[-1].sent_timestamp -= seconds * 1000

    # A message 59 s old is handed out; one 61 s old is not
    aged(59)
    assert [m["Body"] for m in sqs.receive_message(QueueUrl=url)["Messages"]] == ["kept"]
    sqs.send_message(QueueUrl=url, MessageBody="expired")
    aged(61)
    assert "Messages" not in sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10)
