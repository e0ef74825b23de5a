"""EventBridge Scheduler, locally: moto stores schedules but never fires them, so the local
runtime fires the translated template's `AWS::Scheduler::Schedule`s, on demand and on the
stack's clock (the Amazon sandbox's), with the schedule's `Input`, as the schedule's role, as
Scheduler does (the role must trust scheduler.amazonaws.com): a state machine target is started
(states:StartExecution), a Lambda function target is invoked asynchronously
(lambda:InvokeFunction, `InvocationType=Event`, as Scheduler invokes Lambda)."""

from __future__ import annotations

import json
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sellerlink_local.stack.schedule_times import next_fire

FINISHED = ("SUCCEEDED", "FAILED", "TIMED_OUT", "ABORTED")


@dataclass(frozen=True)
class Schedule:
    name: str  # the logical id of the schedule
    target: str  # the state machine's or the function's ARN
    role: str
    expression: str
    input: dict[str, Any]


def schedules(resources: dict[str, dict[str, Any]], resolve: Callable[[Any], Any]) -> dict[str, Schedule]:
    """Every schedule of the translated template, by logical id."""
    found = {}
    for logical_id, resource in resources.items():
        if resource["Type"] != "AWS::Scheduler::Schedule":
            continue
        props = resolve(resource["Properties"])
        target = props["Target"]
        found[logical_id] = Schedule(
            logical_id,
            str(target["Arn"]),
            str(target.get("RoleArn", "")),
            str(props["ScheduleExpression"]),
            json.loads(target.get("Input") or "{}"),
        )
    return found


class Scheduler:
    def __init__(
        self,
        found: dict[str, Schedule],
        client_as: Callable[[str, str], Any],
        stepfunctions: Any,
    ) -> None:
        """`client_as(service, role)`: a client signed as the schedule's role; `stepfunctions`:
        the deployer's, to follow executions."""
        self._schedules = found
        self._client_as = client_as
        self._sfn = stepfunctions

    def fire(self, name: str) -> str:
        """Starts the schedule's target now: a state machine's execution ARN, or for a Lambda
        target the function's ARN (the invocation is asynchronous, as Scheduler's)."""
        if name not in self._schedules:
            raise KeyError(f"no schedule {name}; the template has {sorted(self._schedules)}")
        schedule = self._schedules[name]
        if ":lambda:" in schedule.target:
            self._client_as("lambda", schedule.role).invoke(
                FunctionName=schedule.target, InvocationType="Event", Payload=json.dumps(schedule.input)
            )
            return schedule.target
        answer = self._client_as("stepfunctions", schedule.role).start_execution(
            stateMachineArn=schedule.target,
            name=f"{name[-40:]}-{uuid.uuid4().hex[:12]}",
            input=json.dumps(schedule.input),
        )
        return str(answer["executionArn"])

    def fire_due(self, since: datetime, now: datetime) -> list[str]:
        """Fires each schedule that came due in (`since`, `now`]; times a jump of the clock skipped
        over collapse into one run, as after an outage."""
        return [
            self.fire(name)
            for name, schedule in self._schedules.items()
            if next_fire(schedule.expression, since) <= now
        ]

    def wait(self, execution_arn: str, timeout: float = 300) -> dict[str, Any]:
        """The execution once it has finished (or as it stands when `timeout` runs out)."""
        deadline = time.monotonic() + timeout
        while True:
            described = self._sfn.describe_execution(executionArn=execution_arn)
            if described["status"] in FINISHED or time.monotonic() > deadline:
                return dict(described)
            time.sleep(0.2)


class ScheduleClock:
    """Fires the schedules as the stack's clock passes them (checked every `interval` seconds)."""

    def __init__(self, scheduler: Scheduler, now: Callable[[], datetime], interval: float = 1.0) -> None:
        self._scheduler, self._now, self._interval = scheduler, now, interval
        scheduler.fire_due(now(), now())  # refuses, at start, an expression it could not fire
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self.fired: list[str] = []

    def start(self) -> ScheduleClock:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stopping.set()
        self._thread.join(timeout=10)

    def tick(self, since: datetime) -> datetime:
        now = self._now()
        if now > since:
            self.fired.extend(self._scheduler.fire_due(since, now))
        return max(now, since)

    def _run(self) -> None:
        since = self._now()
        while not self._stopping.wait(self._interval):
            try:
                since = self.tick(since)
            except Exception as error:
                print(f"[scheduler] {error}")
