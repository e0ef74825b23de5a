"""SQS in the emulator without a queue's attributes built per message.

moto checks each message it receives against the queue's retention period by building all the
queue's attributes, and each message it sends against content-based deduplication the same way;
building them counts every message of the queue (the visible ones in fair order, see
``sqs_fairness``). A burst of a few thousand messages then cost seconds per receive. The
retention period is read from the queue itself, and the visible count is a count, in any order.
Installed by the local stack; nothing of it runs in AWS.
"""

from __future__ import annotations

from functools import cache

from moto.core.utils import unix_time
from moto.sqs.models import Message, Queue, SQSBackend


@cache  # once per process
def install() -> None:
    SQSBackend.is_message_valid_based_on_retention_period = within_retention  # type: ignore[method-assign, assignment]
    Queue.approximate_number_of_messages = property(visible_count)  # type: ignore[assignment, method-assign]


def within_retention(backend: SQSBackend, queue_name: str, message: Message) -> bool:
    period = int(backend.get_queue(queue_name).message_retention_period)  # type: ignore[attr-defined]
    return period + message.sent_timestamp / 1000 > unix_time()  # type: ignore[operator]


def visible_count(queue: Queue) -> int:
    return sum(1 for message in queue._messages if message.visible and not message.delayed)
