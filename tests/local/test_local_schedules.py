"""The local runtime fires EventBridge schedules on the stack's clock (moto never fires them)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from sellerlink_local.stack.cloudformation import Intrinsics, translate
from sellerlink_local.stack.schedule_times import next_fire
from sellerlink_local.stack.schedules import Schedule, ScheduleClock, Scheduler, schedules

T = datetime(2026, 12, 1, 6, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("expression", "after", "expected"),
    [
        ("cron(30 6 * * ? *)", T, T.replace(minute=30)),
        ("cron(30 6 * * ? *)", T.replace(minute=30), T.replace(minute=30) + timedelta(days=1)),
        ("cron(0 0,12 * * ? *)", T, T.replace(hour=12)),
        ("cron(0 3 1 * ? *)", T, datetime(2027, 1, 1, 3, 0, tzinfo=UTC)),
        ("rate(2 hours)", T, T + timedelta(hours=2)),
        ("rate(1 day)", T, T + timedelta(days=1)),
    ],
)
def test_when_a_schedule_fires_next(expression: str, after: datetime, expected: datetime) -> None:
    assert next_fire(expression, after) == expected


@pytest.mark.parametrize(
    "expression", ["cron(0 6 ? * MON *)", "cron(0/5 * * * ? *)", "at(2026-12-01T00:00:00)"]
)
def test_forms_it_cannot_fire_are_refused_not_guessed(expression: str) -> None:
    with pytest.raises(ValueError, match="cannot fire"):
        next_fire(expression, T)


def schedule(expression: str) -> dict[str, Schedule]:
    return {"Daily": Schedule("Daily", "arn:sm", "arn:role", expression, {"trigger": "schedule"})}


def test_a_clock_refuses_at_start_a_schedule_it_cannot_fire() -> None:
    scheduler = Scheduler(schedule("cron(0 6 ? * MON *)"), lambda service, role: FakeStepFunctions(), None)
    with pytest.raises(ValueError, match="cannot fire"):
        ScheduleClock(scheduler, lambda: T)


def test_the_templates_schedules_are_read_with_their_parameters_resolved() -> None:
    translation = translate()
    physical = {
        "AttributionPullStateMachine": {"Ref": "arn:sm"},
        "AttributionPullStateMachineDailyPullRole": {"Arn": "arn:role"},
        "PayoutScheduleFunction": {"Arn": "arn:aws:lambda:us-east-1:1:function:payouts"},
        "PayoutScheduleFunctionDailyPayoutsRole": {"Arn": "arn:payout-role"},
    }
    resolve = Intrinsics(translation.body, translation.parameter_defaults(), physical)
    found = schedules(translation.resources, resolve)
    pull, payouts = found["AttributionPullStateMachineDailyPull"], found["PayoutScheduleFunctionDailyPayouts"]
    assert pull.expression == translation.parameter_defaults()["PullSchedule"]
    assert (pull.target, pull.role, pull.input) == ("arn:sm", "arn:role", {"trigger": "schedule"})
    assert payouts.expression == translation.parameter_defaults()["PayoutSchedule"]
    assert (payouts.target, payouts.role) == (
        "arn:aws:lambda:us-east-1:1:function:payouts",
        "arn:payout-role",
    )


class FakeLambda:
    def __init__(self) -> None:
        self.invoked: list[dict[str, Any]] = []

    def invoke(self, **kwargs: Any) -> dict[str, int]:
        self.invoked.append(kwargs)
        return {"StatusCode": 202}


def test_a_lambda_target_is_invoked_asynchronously_as_the_schedules_role_with_its_input() -> None:
    """EventBridge Scheduler invokes a Lambda target with InvocationType Event, as its own role."""
    target = "arn:aws:lambda:us-east-1:1:function:payouts"
    found = {"Payouts": Schedule("Payouts", target, "arn:payout-role", "cron(0 7 * * ? *)", {"trigger": "x"})}
    lambdas, asked = FakeLambda(), []

    def client_as(service: str, role: str) -> Any:
        asked.append((service, role))
        return lambdas

    assert Scheduler(found, client_as, None).fire("Payouts") == target
    assert asked == [("lambda", "arn:payout-role")]
    assert lambdas.invoked == [
        {"FunctionName": target, "InvocationType": "Event", "Payload": '{"trigger": "x"}'}
    ]


class FakeStepFunctions:
    def __init__(self) -> None:
        self.started: list[dict[str, Any]] = []

    def start_execution(self, **kwargs: Any) -> dict[str, str]:
        self.started.append(kwargs)
        return {"executionArn": f"arn:execution:{len(self.started)}"}


def test_the_clock_fires_once_per_time_it_passes_and_collapses_a_jump() -> None:
    # Given the daily pull at 06:30 and a clock at 06:00
    stepfunctions, now = FakeStepFunctions(), [T]
    scheduler = Scheduler(schedule("cron(30 6 * * ? *)"), lambda service, role: stepfunctions, None)
    clock = ScheduleClock(scheduler, lambda: now[0])
    # When the clock moves to 06:20, then 06:31, then three days on
    since = clock.tick(T)
    now[0] = T.replace(minute=20)
    since = clock.tick(since)
    assert stepfunctions.started == []
    now[0] = T.replace(minute=31)
    since = clock.tick(since)
    now[0] = T.replace(minute=31) + timedelta(days=3)
    clock.tick(since)
    # Then it fired at 06:30, and once for the jump that skipped three 06:30s
    assert len(stepfunctions.started) == 2
    assert stepfunctions.started[0]["stateMachineArn"] == "arn:sm"
