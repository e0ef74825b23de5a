"""SQS event sources on one machine: moto stores queues but, with Docker off, never invokes Lambda.

For every SQS event source mapping of the translated template, poller threads (as many as the
mapping's MaximumConcurrency, else one) receive, as the function's execution role (Lambda polls
with it, so the role needs the queue permissions), up to BatchSize messages (all attributes, so
ApproximateReceiveCount is there), invokes the handler with the SQS event Lambda would send, and
deletes the messages the handler did not report in `batchItemFailures` (with
ReportBatchItemFailures; otherwise all or none). Failed messages stay on the queue: they come back
after their visibility timeout (which the handler may change), and moto moves them to the DLQ
after the RedrivePolicy's maxReceiveCount, as SQS does."""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass
from typing import Any

from sellerlink_local.stack.cloudformation import REGION
from sellerlink_local.stack.lambda_service import LambdaService
from sellerlink_local.stack.provisioner import EventSourceMapping

WAIT_SECONDS = 1


@dataclass(frozen=True)
class SqsSource:
    function: str
    queue_url: str
    queue_arn: str
    batch_size: int
    reports_failures: bool
    pollers: int
    sqs: Any  # a client signed with the function's role


def sqs_sources(
    mappings: list[EventSourceMapping], queues: dict[str, str], client_for: Any
) -> list[SqsSource]:
    """`queues`: queue ARN -> URL; `client_for(function)`: an SQS client as the function's role."""
    return [
        SqsSource(
            function=mapping.function,
            queue_url=queues[mapping.source_arn],
            queue_arn=mapping.source_arn,
            batch_size=mapping.batch_size,
            reports_failures=mapping.reports_failures,
            pollers=mapping.maximum_concurrency or 1,
            sqs=client_for(mapping.function),
        )
        for mapping in mappings
        if mapping.source_arn.startswith("arn:aws:sqs:")
    ]


class SqsPoller:
    """Poller threads per SQS event source; `stop()` ends them within WAIT_SECONDS."""

    def __init__(self, lambdas: LambdaService, sources: list[SqsSource]) -> None:
        self._lambdas, self.sources = lambdas, sources
        self._stopping = threading.Event()
        self._threads: list[threading.Thread] = []
        self.batches = 0

    def start(self) -> SqsPoller:
        for source in self.sources:
            for index in range(source.pollers):
                thread = threading.Thread(
                    target=self._run, args=(source,), daemon=True, name=f"sqs-{source.function}-{index}"
                )
                thread.start()
                self._threads.append(thread)
        return self

    def stop(self) -> None:
        self._stopping.set()
        for thread in self._threads:
            thread.join(timeout=WAIT_SECONDS * 5)

    def _run(self, source: SqsSource) -> None:
        while not self._stopping.is_set():
            try:
                self.poll_once(source)
            except Exception as error:  # the emulator stopping under us, or a bug: keep polling
                if not self._stopping.is_set():
                    print(f"[sqs {source.function}] {type(error).__name__}: {error}")
                    self._stopping.wait(WAIT_SECONDS)

    def poll_once(self, source: SqsSource) -> int:
        """Receives one batch and hands it to the function; how many messages it held."""
        messages = source.sqs.receive_message(
            QueueUrl=source.queue_url,
            MaxNumberOfMessages=source.batch_size,
            WaitTimeSeconds=WAIT_SECONDS,
            AttributeNames=["All"],
            MessageAttributeNames=["All"],
        ).get("Messages", [])
        if not messages:
            return 0
        self.batches += 1
        failed = self._invoke(source, messages)
        done = [m for m in messages if m["MessageId"] not in failed]
        for start in range(0, len(done), 10):
            entries = [
                {"Id": str(i), "ReceiptHandle": m["ReceiptHandle"]}
                for i, m in enumerate(done[start : start + 10])
            ]
            source.sqs.delete_message_batch(QueueUrl=source.queue_url, Entries=entries)
        return len(messages)

    def _invoke(self, source: SqsSource, messages: list[dict[str, Any]]) -> set[str]:
        """The ids of the messages that failed: those reported, or all when the function failed."""
        event = {"Records": [_record(source, m) for m in messages]}
        invocation = self._lambdas.invoke(source.function, json.dumps(event).encode())
        if invocation.function_error:
            return {m["MessageId"] for m in messages}
        answer = invocation.json()
        if not source.reports_failures or not isinstance(answer, dict):
            return set()
        return {str(f["itemIdentifier"]) for f in answer.get("batchItemFailures", [])}


def _record(source: SqsSource, message: dict[str, Any]) -> dict[str, Any]:
    return {
        "messageId": message["MessageId"],
        "receiptHandle": message["ReceiptHandle"],
        "body": message["Body"],
        "attributes": message.get("Attributes", {}),
        "messageAttributes": message.get("MessageAttributes", {}),
        "md5OfBody": message.get("MD5OfBody", ""),
        "eventSource": "aws:sqs",
        "eventSourceARN": source.queue_arn,
        "awsRegion": REGION,
    }
