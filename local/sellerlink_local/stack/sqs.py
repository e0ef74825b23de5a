"""SQS event sources on one machine: moto stores queues but, with Docker off, never invokes Lambda.

For every `Type: SQS` event of a function in template.yaml, a poller thread receives up to
BatchSize messages (all attributes, so ApproximateReceiveCount is there), invokes the handler
with the SQS event Lambda would send, and deletes the messages the handler did not report in
`batchItemFailures` (with ReportBatchItemFailures; otherwise all or none). Failed messages stay
on the queue: they come back after their visibility timeout (which the handler may change),
and moto moves them to the DLQ after the RedrivePolicy's maxReceiveCount, as SQS does.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any

from sellerlink_local.stack.lambdas import Dispatcher, FunctionError
from sellerlink_local.stack.template import REGION, Template

WAIT_SECONDS = 1


@dataclass(frozen=True)
class SqsSource:
    function: str
    queue_url: str
    queue_arn: str
    batch_size: int
    reports_failures: bool


def sqs_sources(template: Template, physical: dict[str, dict[str, str]]) -> list[SqsSource]:
    found = []
    for name, function in template.functions().items():
        for event in function.properties.get("Events", {}).values():
            if event["Type"] != "SQS":
                continue
            props = event["Properties"]
            queue = props["Queue"]["Fn::GetAtt"][0]
            found.append(
                SqsSource(
                    function=name,
                    queue_url=physical[queue]["QueueUrl"],
                    queue_arn=physical[queue]["Arn"],
                    batch_size=int(props.get("BatchSize", 10)),
                    reports_failures="ReportBatchItemFailures" in props.get("FunctionResponseTypes", []),
                )
            )
    return found


class SqsPoller:
    """One thread per SQS event source; `stop()` ends them within WAIT_SECONDS."""

    def __init__(self, sqs: Any, dispatcher: Dispatcher, sources: list[SqsSource]) -> None:
        self._sqs, self._dispatcher, self.sources = sqs, dispatcher, sources
        self._stopping = threading.Event()
        self._threads: list[threading.Thread] = []
        self.batches = 0

    def start(self) -> SqsPoller:
        for source in self.sources:
            thread = threading.Thread(
                target=self._run, args=(source,), daemon=True, name=f"sqs-{source.function}"
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
        messages = self._sqs.receive_message(
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
            self._sqs.delete_message_batch(QueueUrl=source.queue_url, Entries=entries)
        return len(messages)

    def _invoke(self, source: SqsSource, messages: list[dict[str, Any]]) -> set[str]:
        """The ids of the messages that failed: those reported, or all when the function failed."""
        event = {"Records": [_record(source, m) for m in messages]}
        try:
            answer = self._dispatcher.invoke(source.function, event)
        except FunctionError as error:
            print(f"[sqs {source.function}] function error: {error}")
            return {m["MessageId"] for m in messages}
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
