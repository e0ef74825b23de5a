"""Pulls on demand: a new pull item and the workflow execution that runs it, the program's recent
pulls, and one pull, reconciled with its execution when the workflow ended without finishing it."""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Protocol

from sellerlink.accounts.models import Principal
from sellerlink.accounts.permissions import require_editor
from sellerlink.clock import Clock
from sellerlink.errors import Conflict, NotFound
from sellerlink.programs.dal import ProgramStore
from sellerlink.programs.logic import get_program
from sellerlink.programs.models import Backfill, BackfillProgress, Program
from sellerlink.pulls import windows
from sellerlink.pulls.dal import PullStore
from sellerlink.pulls.models import Pull, PullRef, PullRequest, PullStatus, PullTrigger

ENDED_EARLY = ("FAILED", "TIMED_OUT", "ABORTED")


class Executions(Protocol):
    def start(self, name: str, payload: dict[str, Any]) -> str: ...

    def status(self, execution_arn: str) -> str: ...


class StepFunctionsExecutions:
    """The attribution pull state machine, started and followed through Step Functions."""

    def __init__(self, state_machine_arn: str, stepfunctions: Any) -> None:
        self._arn, self._client = state_machine_arn, stepfunctions

    def start(self, name: str, payload: dict[str, Any]) -> str:
        answer = self._client.start_execution(stateMachineArn=self._arn, name=name, input=json.dumps(payload))
        return str(answer["executionArn"])

    def status(self, execution_arn: str) -> str:
        return str(self._client.describe_execution(executionArn=execution_arn)["status"])


def new_pull_id(now: datetime) -> str:
    """Sortable by start time, and a valid Step Functions execution name."""
    return f"pull-{now:%Y%m%dT%H%M%S}-{secrets.token_hex(4)}"


def new_pull(
    program: Program,
    trigger: PullTrigger,
    now: datetime,
    window_days: int,
    first: date | None = None,
    last: date | None = None,
    execution_arn: str | None = None,
) -> Pull:
    default_first, default_last = windows.default_range(now.date(), window_days)
    first, last = first or default_first, last or default_last
    return Pull(
        pull_id=new_pull_id(now),
        account_id=program.account_id,
        program_id=program.program_id,
        trigger=trigger,
        from_date=first,
        to_date=last,
        jobs=windows.jobs(first, last, now.date()),
        started_at=now,
        execution_arn=execution_arn,
    )


def launch(pulls: PullStore, executions: Executions, pull: Pull) -> Pull:
    """The pull recorded as RUNNING, then its workflow execution started and noted on it."""
    pulls.create(pull)
    execution_arn = executions.start(pull.pull_id, {"pull": pull.ref.model_dump()})
    pulls.set_execution(pull.ref, execution_arn)
    return pull.model_copy(update={"execution_arn": execution_arn})


@dataclass(frozen=True)
class OnDemandPulls:
    """`executions` is None where no state machine is configured: starting a pull is then refused."""

    pulls: PullStore
    programs: ProgramStore
    executions: Executions | None
    clock: Clock
    window_days: int = 30
    recent_count: int = 20

    def start(self, principal: Principal, program_id: str, request: PullRequest) -> Pull:
        """An on-demand pull of one program: validated, recorded as RUNNING, and started."""
        require_editor(principal, "start a pull")
        program = get_program(self.programs, principal, program_id)
        if not program.onboarding.ads_profile_id:
            raise Conflict("The program has no Amazon Ads profile yet; connect Amazon Ads before pulling.")
        if self.executions is None:
            raise Conflict("Pulls are not configured here: the attribution pull state machine is missing.")
        now = self.clock.now()
        first, last = windows.requested_range(
            request.from_date, request.to_date, now.date(), self.window_days
        )
        pull = new_pull(program, PullTrigger.API, now, self.window_days, first, last)
        return launch(self.pulls, self.executions, pull)

    def recent(self, principal: Principal, program_id: str) -> list[Pull]:
        """The program's most recent pulls, newest first."""
        program = get_program(self.programs, principal, program_id)
        return self.pulls.recent(program.account_id, program.program_id, self.recent_count)

    def backfill(self, principal: Principal, program: Program) -> BackfillProgress | None:
        """How far the program's history backfill has read, if it has one."""
        backfill = program.onboarding.backfill
        return (
            backfill_progress(self.get(principal, program.program_id, backfill.pull_id), backfill)
            if backfill
            else None
        )

    def get(self, principal: Principal, program_id: str, pull_id: str) -> Pull:
        program = get_program(self.programs, principal, program_id)
        ref = PullRef(account_id=program.account_id, program_id=program.program_id, pull_id=pull_id)
        pull = self.pulls.get(ref)
        if pull is None:
            raise NotFound(f"There is no pull {pull_id} of program {program_id}.")
        return reconciled(self.pulls, self.executions, self.clock, pull)


@dataclass(frozen=True)
class BackfillStarter:
    """After the first successful Amazon Ads connection, one pull of everything Amazon keeps
    (13 months of PERFORMANCE, 90 days of PRODUCTS) in the background, recorded on the program.
    `executions` is None where no state machine is configured: then there is no backfill."""

    pulls: PullStore
    programs: ProgramStore
    executions: Executions | None
    clock: Clock

    def __call__(self, program: Program) -> None:
        if self.executions is None or program.onboarding.backfill is not None:
            return
        now = self.clock.now()
        first = windows.earliest(now.date())
        pull = launch(
            self.pulls, self.executions, new_pull(program, PullTrigger.BACKFILL, now, 0, first, now.date())
        )
        backfill = Backfill(pull_id=pull.pull_id, from_date=first, to_date=now.date(), started_at=now)
        self.programs.update_onboarding(program.account_id, program.program_id, backfill=backfill)


def backfill_progress(pull: Pull, backfill: Backfill) -> BackfillProgress:
    return BackfillProgress(
        **backfill.model_dump(),
        status=str(pull.status),
        jobs_read=pull.jobs_read,
        jobs_total=len(pull.jobs),
        pages_read=pull.pages_read,
        rows_read=pull.rows_read,
        entries_appended=pull.entries_appended,
        error=pull.error,
    )


def reconciled(pulls: PullStore, executions: Executions | None, clock: Clock, pull: Pull) -> Pull:
    """A RUNNING pull whose workflow ended without finishing it (aborted, timed out, failed
    outside the per-program Catch) is FAILED, with the reason, rather than RUNNING for ever."""
    if pull.status is not PullStatus.RUNNING or not pull.execution_arn or executions is None:
        return pull
    status = executions.status(pull.execution_arn)
    if status not in ENDED_EARLY:
        return pull
    ended = status.lower().replace("_", " ")
    error = f"The workflow execution {ended} before this pull finished; start it again."
    now = clock.now()
    pulls.finish(pull.ref, PullStatus.FAILED, now, pull.entries_appended, error)
    return pull.model_copy(update={"status": PullStatus.FAILED, "error": error, "finished_at": now})
