"""SQS fair queues in the emulator: on a standard queue, messages carrying a MessageGroupId are
handed out tenant by tenant, the tenants with the fewest messages in flight first.

AWS ("How Amazon SQS fair queues work", SQS developer guide) identifies tenants by MessageGroupId,
marks one noisy when it holds a disproportionate share of the messages in flight or of the
consumers' time, and then serves the quiet tenants' messages first; a message without a group is a
tenant of its own. moto stores the group id on a standard queue but receives in arrival order. This
emulation always interleaves, rather than only once a tenant is marked noisy (AWS's thresholds are
approximate and need more messages in flight than a machine's stack holds): locally a burst never
holds back another tenant, which is what AWS aims at. FIFO queues keep moto's own behaviour.
Installed by the local stack; nothing of it runs in AWS.
"""

from __future__ import annotations

from collections import Counter, deque
from functools import cache
from typing import Any

from moto.sqs.models import Message, Queue


@cache  # once per process
def install() -> None:
    visible = Queue.messages.fget  # type: ignore[attr-defined]

    def fair(queue: Queue) -> list[Message]:
        found: list[Message] = visible(queue)
        if queue.fifo_queue or len(found) < 2:
            return found
        return interleaved(found, Counter(m.group_id for m in queue._messages if not m.visible))

    Queue.messages = property(fair)  # type: ignore[assignment, method-assign]


def interleaved(messages: list[Message], in_flight: Counter[Any]) -> list[Message]:
    """One message of each tenant in turn, the tenants with the fewest in flight first."""
    tenants: dict[Any, deque[Message]] = {}
    for message in messages:
        tenants.setdefault(message.group_id or id(message), deque()).append(message)
    turns = [tenants[t] for t in sorted(tenants, key=lambda t: in_flight.get(t, 0))]
    order: list[Message] = []
    while turns:
        order.extend(turn.popleft() for turn in turns)
        turns = [turn for turn in turns if turn]
    return order
