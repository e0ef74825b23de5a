"""SQS fair queues in the emulator: a burst of one endpoint's deliveries does not hold back another
endpoint's (issue 13, item 7); the queue adapter names each message's tenant as MessageGroupId."""

from __future__ import annotations

import json

import boto3

from sellerlink.webhooks.models import DeliveryRef
from sellerlink.webhooks.queue import SqsEventQueue
from sellerlink_local.stack import moto_patches


def received(sqs: object, url: str, count: int) -> list[str]:
    answer = sqs.receive_message(  # type: ignore[attr-defined]
        QueueUrl=url, MaxNumberOfMessages=count, AttributeNames=["MessageGroupId"]
    )
    return [json.loads(m["Body"])["delivery"]["endpoint_id"] for m in answer.get("Messages", [])]


def test_a_burst_for_one_endpoint_does_not_hold_back_another(aws: dict[str, dict[str, str]]) -> None:
    moto_patches.sqs_fairness.install()
    sqs = boto3.client("sqs")
    url = aws["PostbacksQueue"]["Ref"]
    queue = SqsEventQueue(sqs, url)
    # Given 200 deliveries queued for endpoint A, then one for endpoint B
    queue.enqueue([DeliveryRef(owner="o", endpoint_id="whe_a", delivery_id=f"msg_{i}") for i in range(200)])
    queue.enqueue([DeliveryRef(owner="o", endpoint_id="whe_b", delivery_id="msg_b")])
    # When a consumer takes its first batch of five
    first = received(sqs, url, 5)
    # Then B's delivery is in it, next to A's
    assert "whe_b" in first and first.count("whe_a") == 4


def test_every_message_names_its_tenant(aws: dict[str, dict[str, str]]) -> None:
    sqs = boto3.client("sqs")
    url = aws["PostbacksQueue"]["Ref"]
    SqsEventQueue(sqs, url).enqueue([DeliveryRef(owner="o", endpoint_id="whe_c", delivery_id="m")])
    (message,) = sqs.receive_message(QueueUrl=url, AttributeNames=["MessageGroupId"])["Messages"]
    assert message["Attributes"]["MessageGroupId"] == "endpoint:whe_c"
