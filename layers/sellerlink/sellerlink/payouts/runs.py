"""Payout runs: asked for (by an admin, or by the daily step on the payout day), then built in the
background from the ledger's locked, unpaid entries. One run per program and month: asking again
answers the run there is. A build that crashes is built again to the same end (deterministic
payout ids, claims that accept their own payout, a run that leaves `building` once)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Protocol

from sellerlink.accounts.models import Principal
from sellerlink.accounts.permissions import require_admin
from sellerlink.clock import Clock
from sellerlink.errors import NotFound, Unprocessable
from sellerlink.ledger.compute import locked_through
from sellerlink.payouts.dal import PayoutStore, StateChanged
from sellerlink.payouts.entries import PayableEntries
from sellerlink.payouts.models import PayoutRun, RunStatus
from sellerlink.payouts.notify import PayoutEvents
from sellerlink.payouts.plan import month_bounds, plan_run
from sellerlink.programs.dal import ProgramStore
from sellerlink.programs.logic import get_program
from sellerlink.programs.models import Program

EARLIEST = date(2000, 1, 1)


class RunTasks(Protocol):
    """The background work of a run (the payout worker function, invoked asynchronously)."""

    def build(self, account_id: str, program_id: str, run_id: str) -> None: ...

    def export(self, account_id: str, program_id: str, run_id: str) -> None: ...


def valid_month(month: str, today: date) -> tuple[date, date]:
    try:
        first, last = month_bounds(month)
    except ValueError:
        raise Unprocessable(f"month '{month}' is not YYYY-MM, e.g. 2027-01.") from None
    if last >= today:
        raise Unprocessable(f"{month} has not ended yet; its run can start on {last.isoformat()} + 1 day.")
    return first, last


def new_run(program: Program, month: str, today: date, now: datetime, trigger: str) -> PayoutRun:
    """The month's run as asked for: it pays locked entries up to the month's end."""
    _, last = valid_month(month, today)
    return PayoutRun(
        run_id=month,
        account_id=program.account_id,
        program_id=program.program_id,
        month=month,
        currency=program.currency,
        status=RunStatus.BUILDING,
        through=min(last, locked_through(today, program.lock_period_days)),
        trigger=trigger,
        created_at=now,
    )


def task_subject(
    programs: ProgramStore, payouts: PayoutStore, account_id: str, program_id: str, run_id: str
) -> tuple[PayoutRun, Program]:
    """The run a background task works on, and its program."""
    run, program = payouts.run(account_id, program_id, run_id), programs.get(account_id, program_id)
    if run is None or program is None:
        raise NotFound(f"There is no payout run {run_id} of program {program_id}.")
    return run, program


@dataclass(frozen=True)
class RunRequests:
    programs: ProgramStore
    payouts: PayoutStore
    clock: Clock
    tasks: RunTasks

    def request(self, principal: Principal, program_id: str, month: str) -> tuple[PayoutRun, bool]:
        """POST .../payout-runs (admin): the run and whether this call created it."""
        require_admin(principal, "start a payout run")
        return self.start(get_program(self.programs, principal, program_id), month, "api")

    def start(self, program: Program, month: str, trigger: str) -> tuple[PayoutRun, bool]:
        now = self.clock.now()
        run = new_run(program, month, now.date(), now, trigger)
        if not self.payouts.start_run(run):
            existing = self.payouts.run(program.account_id, program.program_id, month)
            assert existing is not None
            return existing, False
        self.tasks.build(program.account_id, program.program_id, run.run_id)
        return run, True


@dataclass(frozen=True)
class RunBuilder:
    programs: ProgramStore
    payouts: PayoutStore
    entries: PayableEntries
    clock: Clock
    events: PayoutEvents

    def build(self, account_id: str, program_id: str, run_id: str) -> PayoutRun:
        run, program = task_subject(self.programs, self.payouts, account_id, program_id, run_id)
        if run.status is not RunStatus.BUILDING:
            return run
        now = self.clock.now()
        self.payouts.lease_build(account_id, program_id, run_id, now)
        try:
            return self._build(run, program, now)
        finally:
            self.payouts.end_build(account_id, program_id, run_id)

    def _build(self, run: PayoutRun, program: Program, now: datetime) -> PayoutRun:
        account_id, program_id, run_id = run.account_id, run.program_id, run.run_id
        first = self.payouts.floor(account_id, program_id) or EARLIEST
        unpaid = self.entries.unpaid(account_id, program_id, first, run.through, run_id)
        settings = self.payouts.settings(account_id, program_id)
        profiles = self.payouts.profiles([entry.partner_id for entry in unpaid])
        plan = plan_run(run, settings, unpaid, profiles, program.marketplace, now)
        self.payouts.save_payouts([payout for payout, _ in plan.payouts])
        for payout, ids in plan.payouts:
            self.entries.claim(account_id, program_id, payout.payout_id, run_id, ids)
        for claim_id, ids in plan.written_off:
            self.entries.claim(account_id, program_id, claim_id, run_id, ids)
        self.payouts.save_carried(account_id, program_id, plan.carried)
        self.payouts.set_floor(account_id, program_id, max(first, plan.floor))
        changes = {"status": RunStatus.DRAFT, "payouts": len(plan.payouts), "total": plan.total,
                   "carried": len(plan.carried)}  # fmt: skip
        try:
            built = self.payouts.move_run(run, {RunStatus.BUILDING}, **changes)
        except StateChanged:  # a retry of this build finished first
            return self.payouts.run(account_id, program_id, run_id) or run
        self.events.payouts_created([payout for payout, _ in plan.payouts], now)
        return built
