"""The step the workflow catches a program's failed pull with: the pull is FAILED with the reason,
the brand hears `pull.failed`, the program's ledger lease is released if this pull held it (a
shard that failed for good), and the other programs carry on."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from sellerlink.clock import Clock
from sellerlink.ledger.dal import LedgerStore
from sellerlink.pulls.dal import PullStore
from sellerlink.pulls.models import LedgerOutcome, PullRef, PullStatus

OUTCOME_ERROR = 60  # characters: 1,000 failed programs' outcomes stay well under 256 KB


class PullFailedEvents(Protocol):
    """The event port: `pull.failed` (sellerlink.webhooks.publisher is its adapter)."""

    def pull_failed(
        self, account_id: str, program_id: str, pull_id: str, error: str, now: datetime
    ) -> None: ...


@dataclass(frozen=True)
class FinishPull:
    pulls: PullStore
    clock: Clock
    events: PullFailedEvents
    ledger: LedgerStore

    def fail(self, ref: PullRef, error: str) -> LedgerOutcome:
        now = self.clock.now()
        self.pulls.finish(ref, PullStatus.FAILED, now, 0, error)
        self.events.pull_failed(ref.account_id, ref.program_id, ref.pull_id, error, now)
        self.ledger.unlock(ref.account_id, ref.program_id, ref.pull_id)
        # The Map gathers every program's outcome into one state (256 KB at most): the outcome says
        # why in a few words; the pull item keeps the whole reason.
        return LedgerOutcome(
            pull_id=ref.pull_id,
            program_id=ref.program_id,
            status=PullStatus.FAILED,
            error=error[:OUTCOME_ERROR],
        )
