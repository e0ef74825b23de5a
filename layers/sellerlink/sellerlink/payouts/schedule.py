"""The daily step (EventBridge Scheduler, the payout schedule): on each program's payout day, when
its brand turned automatic runs on, the run of the last month that is wholly locked is asked for
(with the default 32-day lock, on March 5 that is January); a run that exists is left as it is.
On a month's last day, payout days it does not have (29-31) are due."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sellerlink.ledger.compute import locked_through
from sellerlink.model import Model
from sellerlink.payouts.dal import PayoutStore
from sellerlink.payouts.runs import RunRequests
from sellerlink.programs.dal import ProgramStore
from sellerlink.programs.models import ProgramStatus


class ScheduledRun(Model):
    program_id: str
    run_id: str
    created: bool


def days_due(today: date) -> list[int]:
    last_day = (today.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
    return list(range(today.day, 32)) if today == last_day else [today.day]


def last_locked_month(today: date, lock_period_days: int) -> str:
    """The last month whose every day is past the lock period."""
    first_open = locked_through(today, lock_period_days) + timedelta(days=1)
    return (first_open.replace(day=1) - timedelta(days=1)).strftime("%Y-%m")


@dataclass(frozen=True)
class DailyPayouts:
    programs: ProgramStore
    payouts: PayoutStore
    requests: RunRequests

    def run(self) -> list[ScheduledRun]:
        today = self.requests.clock.now().date()
        started = []
        for day in days_due(today):
            for settings in self.payouts.automatic_on(day):
                program = self.programs.get(settings.account_id, settings.program_id)
                if program is None or program.status is not ProgramStatus.ACTIVE:
                    continue
                month = last_locked_month(today, program.lock_period_days)
                run, created = self.requests.start(program, month, "schedule")
                started.append(
                    ScheduledRun(program_id=program.program_id, run_id=run.run_id, created=created)
                )
        return started
