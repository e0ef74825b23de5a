"""The pull's first step: the pull the API asked for, or a new pull for every active, measured
program (the daily schedule). Reads and writes the table only."""

from __future__ import annotations

from dataclasses import dataclass

from sellerlink.clock import Clock
from sellerlink.programs.dal import ProgramStore
from sellerlink.programs.models import ProgramStatus
from sellerlink.pulls.dal import PullStore
from sellerlink.pulls.models import PullRef, PullTrigger
from sellerlink.pulls.starter import new_pull


@dataclass(frozen=True)
class PlanPulls:
    pulls: PullStore
    programs: ProgramStore
    clock: Clock
    window_days: int = 30

    def plan(self, single: PullRef | None, execution_arn: str | None = None) -> list[PullRef]:
        """The pull asked for through the API, or a new pull for every active, measured program."""
        if single is not None:
            return [self.pulls.existing(single).ref]
        now = self.clock.now()
        due = [p for p in self.programs.by_status(ProgramStatus.ACTIVE) if p.onboarding.ads_profile_id]
        started = [
            new_pull(program, PullTrigger.SCHEDULE, now, self.window_days, execution_arn=execution_arn)
            for program in due
        ]
        for pull in started:
            self.pulls.create(pull)
        return [pull.ref for pull in started]
