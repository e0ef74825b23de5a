"""EventBridge Scheduler, locally: moto stores schedules but never fires them, so the local
runtime fires a template's `ScheduleV2` events on demand, starting their state machine with the
schedule's `Input` exactly as Scheduler would."""

from __future__ import annotations

import json
import time
import uuid
from dataclasses import dataclass
from typing import Any

from sellerlink_local.stack.template import Template

FINISHED = ("SUCCEEDED", "FAILED", "TIMED_OUT", "ABORTED")


@dataclass(frozen=True)
class Schedule:
    name: str
    target: str
    expression: str
    input: dict[str, Any]


def schedules(template: Template) -> dict[str, Schedule]:
    """Every ScheduleV2 event of the template's state machines, by event name."""
    found = {}
    for logical_id, resource in template.of_type("AWS::Serverless::StateMachine").items():
        for name, event in resource["Properties"].get("Events", {}).items():
            if event["Type"] == "ScheduleV2":
                props = event["Properties"]
                raw = props.get("Input") or "{}"
                found[name] = Schedule(name, logical_id, str(props["ScheduleExpression"]), json.loads(raw))
    return found


class Scheduler:
    def __init__(self, template: Template, stepfunctions: Any, physical: dict[str, dict[str, str]]) -> None:
        self._schedules = schedules(template)
        self._sfn = stepfunctions
        self._physical = physical

    def fire(self, name: str) -> str:
        """Starts the schedule's target now; the execution ARN."""
        if name not in self._schedules:
            raise KeyError(f"no ScheduleV2 event {name}; the template has {sorted(self._schedules)}")
        schedule = self._schedules[name]
        answer = self._sfn.start_execution(
            stateMachineArn=self._physical[schedule.target]["Ref"],
            name=f"{name}-{uuid.uuid4().hex[:12]}",
            input=json.dumps(schedule.input),
        )
        return str(answer["executionArn"])

    def wait(self, execution_arn: str, timeout: float = 300) -> dict[str, Any]:
        """The execution once it has finished (or as it stands when `timeout` runs out)."""
        deadline = time.monotonic() + timeout
        while True:
            described = self._sfn.describe_execution(executionArn=execution_arn)
            if described["status"] in FINISHED or time.monotonic() > deadline:
                return dict(described)
            time.sleep(0.2)
