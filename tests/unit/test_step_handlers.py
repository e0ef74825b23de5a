"""The attribution pull's handlers and the postbacks consumer, driven by canonical Step Functions,
scheduler and SQS events (tests/events), against moto in-process."""

from __future__ import annotations

import json
from typing import Any

import boto3
import pytest

from functions.attribution_pull import app as pull
from functions.postbacks import app as postbacks
from sellerlink.accounts.dal import AccountStore
from sellerlink.accounts.logic import create_account
from sellerlink.accounts.models import Edition, Principal, PrincipalKind, Role
from sellerlink.clock import FixedClock
from sellerlink.programs.dal import ProgramStore
from sellerlink.programs.logic import create_program
from sellerlink.programs.models import Program, ProgramCreate, ProgramStatus
from sellerlink.pulls.dal import PullStore
from sellerlink.pulls.models import Pull, PullStatus, PullTrigger
from sellerlink.pulls.starter import new_pull
from sellerlink.table import Table
from sellerlink_local.stack.cloudformation import load_sam
from tests.lambda_context import FakeLambdaContext as LocalContext
from tests.unit.handler_events import event


def measured_program(table: Table, clock: FixedClock) -> Program:
    account, _ = create_account(AccountStore(table), clock, name="Acme", edition=Edition.PRO)
    admin = Principal(kind=PrincipalKind.BRAND, account_id=account.account_id, role=Role.ADMIN, key_id="k")
    request = ProgramCreate(marketplace="US", seller_type="3P", brand_name="Acme", brand_registry=True)
    programs = ProgramStore(table)
    program = create_program(programs, clock, admin, account, request)
    return programs.update_onboarding(account.account_id, program.program_id, ads_profile_id="123")


def stored_pull(table: Table, program: Program, clock: FixedClock, **changes: Any) -> Pull:
    pull = new_pull(program, PullTrigger.API, clock.now(), 30).model_copy(update=changes)
    PullStore(table).create(pull)
    return pull


def markers(pull: Pull) -> dict[str, str]:
    return {"ACCOUNT_ID": pull.account_id, "PROGRAM_ID": pull.program_id, "PULL_ID": pull.pull_id}


def queued(queue_url: str) -> list[dict[str, Any]]:
    answer = boto3.client("sqs").receive_message(QueueUrl=queue_url, MaxNumberOfMessages=10)
    return [event for m in answer.get("Messages", []) for event in json.loads(m["Body"])["events"]]


def test_the_schedule_plans_a_pull_for_every_active_measured_program(
    functions: dict[str, dict[str, str]], clock: FixedClock
) -> None:
    table = Table(functions["Table"]["Ref"])
    program = measured_program(table, clock)
    programs = ProgramStore(table)
    programs.save(program.model_copy(update={"status": ProgramStatus.ACTIVE}))
    schedule = json.loads(
        load_sam()["Resources"]["AttributionPullStateMachine"]["Properties"]["Events"]["DailyPull"][
            "Properties"
        ]["Input"]
    )
    planned = event("sfn_plan_pulls_scheduled")
    assert planned["request"] == schedule == event("scheduler_daily_pull")
    answer = pull.plan_handler(planned, LocalContext("plan"))
    (ref,) = answer["pulls"]
    assert ref["program_id"] == program.program_id


def test_an_on_demand_run_plans_the_one_pull_the_api_started(
    functions: dict[str, dict[str, str]], clock: FixedClock
) -> None:
    table = Table(functions["Table"]["Ref"])
    started = stored_pull(table, measured_program(table, clock), clock)
    answer = pull.plan_handler(event("sfn_plan_pulls_on_demand", **markers(started)), LocalContext("plan"))
    assert answer == {"pulls": [started.ref.model_dump()]}


def test_fetching_a_pull_with_nothing_left_to_read_is_done_without_calling_amazon(
    functions: dict[str, dict[str, str]], clock: FixedClock
) -> None:
    table = Table(functions["Table"]["Ref"])
    started = stored_pull(table, measured_program(table, clock), clock, jobs=[])
    answer = pull.fetch_handler(event("sfn_fetch_reports", **markers(started)), LocalContext("fetch"))
    assert answer["done"] is True and answer["pull"] == started.ref.model_dump()


def test_the_ledger_step_finishes_a_pull_with_nothing_staged(
    functions: dict[str, dict[str, str]], clock: FixedClock
) -> None:
    table = Table(functions["Table"]["Ref"])
    started = stored_pull(table, measured_program(table, clock), clock)
    answer = pull.ledger_handler(event("sfn_apply_ledger", **markers(started)), LocalContext("ledger"))
    assert (answer["status"], answer["entries_appended"]) == ("SUCCEEDED", 0)


def test_a_caught_failure_is_recorded_with_amazons_words_and_announced(
    functions: dict[str, dict[str, str]], clock: FixedClock
) -> None:
    table = Table(functions["Table"]["Ref"])
    started = stored_pull(table, measured_program(table, clock), clock)
    answer = pull.fail_handler(event("sfn_finish_pull", **markers(started)), LocalContext("finish"))
    assert answer["status"] == "FAILED"
    recorded = PullStore(table).get(started.ref)
    assert recorded is not None and recorded.status is PullStatus.FAILED
    assert recorded.error == "AmazonRefused: read an Attribution report: 400 Invalid metrics"
    (announced,) = queued(functions["PostbacksQueue"]["Ref"])
    assert (announced["type"], announced["data"]["pull_id"]) == ("pull.failed", started.pull_id)


def test_the_summary_counts_every_programs_outcome(functions: dict[str, dict[str, str]]) -> None:
    answer = pull.summary_handler(event("sfn_summarize_pull"), LocalContext("summary"))
    assert (answer["programs"], answer["succeeded"], answer["failed"], answer["entries_appended"]) == (
        2,
        1,
        1,
        12,
    )
    assert answer["failures"] == {"prg_b": "AmazonRefused: read an Attribution report: 400"}


def test_postbacks_fan_out_events_nobody_listens_to_without_failing(
    functions: dict[str, dict[str, str]],
) -> None:
    sqs = event("sqs_postbacks_events", ACCOUNT_ID="acct_x", PROGRAM_ID="prg_x")
    assert postbacks.lambda_handler(sqs, LocalContext("postbacks")) == {"batchItemFailures": []}


@pytest.mark.parametrize("name", ["sqs_postbacks_delivery"])
def test_a_delivery_whose_record_is_gone_is_done_with(
    functions: dict[str, dict[str, str]], name: str
) -> None:
    sqs = event(name, ACCOUNT_ID="acct_x", PROGRAM_ID="prg_x")
    assert postbacks.lambda_handler(sqs, LocalContext("postbacks")) == {"batchItemFailures": []}
