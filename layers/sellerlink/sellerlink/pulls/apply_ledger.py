"""The pull's ledger step, in three parts the workflow runs one after another:

1. `begin`: takes the program's ledger lease, moves a first-layout ledger to its slots (once), and
   splits the program's slots into shards of at most about `SHARD_ROWS` staged rows each;
2. `shard` (in parallel, one per shard): appends the entries its partners' staged rows imply,
   refreshes their facts, and announces the entries (`action.*`);
3. `end`: marks the program's data as of this pull, announces what became final (`action.locked`,
   `statement.ready`), finishes the pull with the shards' count, and releases the lease.

Each shard reads and writes only its slots (`attribution.slots`); PPV and each partner's earnings
are ADDed in the entries' own transactions, to items no other shard's transactions touch (PPV: a
part per program and slot, `ledger.dal._ppv_updates`; earnings: per partner, in one slot), so
parallel shards sum right and DynamoDB never cancels one for another's transaction.
Safe to retry: entries are written once per key and pull, and a crashed attempt's entries are
announced again under the same event ids. `apply` runs the three parts in one invocation.
"""

from __future__ import annotations

import gc
import math
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol

from sellerlink.attribution.dal import FactStore
from sellerlink.attribution.facts import changed_days, facts_of, first_and_last, read_days
from sellerlink.attribution.models import AttributionRow
from sellerlink.attribution.slots import SLOTS, ad_group_of, slot_of
from sellerlink.clock import Clock
from sellerlink.ledger import compute
from sellerlink.ledger.dal import LedgerStore
from sellerlink.ledger.models import AnyEntry, EntryLine
from sellerlink.links.dal import LinkStore
from sellerlink.partners.dal import PartnerStore
from sellerlink.programs.dal import ProgramStore
from sellerlink.programs.models import Program
from sellerlink.pulls import windows
from sellerlink.pulls.dal import PullStore, program_of
from sellerlink.pulls.models import (
    LedgerOutcome,
    LedgerPlan,
    LedgerShard,
    Pull,
    PullRef,
    PullStatus,
    ShardOutcome,
)
from sellerlink.pulls.shared_ids import EntrySpot, converting_links, shared_ids
from sellerlink.terms.commission import TermsSchedule
from sellerlink.terms.dal import TermsStore
from sellerlink.terms.models import TermsVersion

LEDGER_LEASE = timedelta(minutes=15)
SHARD_ROWS = 40_000  # staged rows a shard expects at most; the slots' spread leaves room to 50,000
LANES = 4  # a shard's writes in flight at once (its transactions each on their own slots: no conflicts)


class LedgerEvents(Protocol):
    """The event port of the ledger step (sellerlink.webhooks.publisher is its adapter)."""

    def entries_appended(
        self,
        account_id: str,
        entries: Iterable[AnyEntry],
        now: datetime,
        shared_ids: Mapping[EntrySpot, str] | None = None,
    ) -> None: ...

    def entries_locked(self, account_id: str, entries: Iterable[AnyEntry], now: datetime) -> None: ...

    def statement_ready(
        self, account_id: str, program_id: str, month: str, partner_ids: Iterable[str], now: datetime
    ) -> None: ...


class StagedRows(Protocol):
    """The staged report rows of some slots (sellerlink.pulls.staging.S3Staging)."""

    def rows(self, ref: PullRef, slots: Iterable[int]) -> Iterator[AttributionRow]: ...


@dataclass(frozen=True)
class ApplyLedger:
    pulls: PullStore
    programs: ProgramStore
    partners: PartnerStore
    terms: TermsStore
    ledger: LedgerStore
    facts: FactStore
    links: LinkStore
    clock: Clock
    events: LedgerEvents
    staging: StagedRows

    def apply(self, ref: PullRef) -> LedgerOutcome:
        """The whole step in one invocation: one shard over every slot."""
        plan = self.begin(ref)
        whole = [LedgerShard(first_slot=0, last_slot=SLOTS - 1)] if plan.applies else []
        return self.end(ref, plan.applies, [self.shard(ref, shard) for shard in whole])

    def begin(self, ref: PullRef) -> LedgerPlan:
        """Takes the lease (LedgerBusy while another pull holds it) and plans the shards. A pull
        older than the one already applied has nothing to add: Amazon's later numbers are in."""
        pull = self.pulls.existing(ref)
        self.ledger.lock(ref.account_id, ref.program_id, ref.pull_id, self.clock.now(), LEDGER_LEASE)
        if not self.ledger.is_migrated(ref.account_id, ref.program_id):
            self.ledger.migrate(ref.account_id, ref.program_id)
        newest = self.facts.newest_applied(ref.account_id, ref.program_id)
        if newest is not None and pull.started_at < newest:
            return LedgerPlan(applies=False)
        return LedgerPlan(applies=True, shards=shards_for(pull.rows_read))

    def shard(self, ref: PullRef, shard: LedgerShard) -> ShardOutcome:
        """Appends the entries of the shard's slots, refreshes their facts; how many entries this
        pull has appended in these slots in all (a crashed attempt's included)."""
        pull, program = self.pulls.existing(ref), program_of(self.programs, ref)
        now = self.clock.now()
        self.ledger.lock(ref.account_id, ref.program_id, ref.pull_id, now, LEDGER_LEASE)  # still ours
        # Only a member's slot holds rows that count, entries or facts (memberships are never
        # deleted): a program with a few partners reads a few of its 64 partitions, not all.
        members = self._partner_of(program)
        slots = set(shard.slots) & {slot_of(group) for group in members}
        partner_of = {group: p for group, p in members.items() if slot_of(group) in slots}
        rows = list(self.staging.rows(ref, sorted(slots)))
        appended = self._append_entries(pull, program, slots, rows, partner_of, now)
        self._refresh_facts(pull, slots, rows, partner_of)
        return ShardOutcome(entries_appended=appended)

    def end(self, ref: PullRef, applies: bool, shards: Iterable[ShardOutcome]) -> LedgerOutcome:
        pull, program = self.pulls.existing(ref), program_of(self.programs, ref)
        now = self.clock.now()
        appended = sum(shard.entries_appended for shard in shards)
        try:
            if applies:
                self.facts.mark_data_as_of(ref.account_id, ref.program_id, now, pull.pull_id, pull.started_at)
            self._announce_locks(program, now)
            self.pulls.finish(ref, PullStatus.SUCCEEDED, self.clock.now(), appended, None)
        finally:
            self.ledger.unlock(ref.account_id, ref.program_id, ref.pull_id)
        return LedgerOutcome(
            pull_id=ref.pull_id,
            program_id=ref.program_id,
            status=PullStatus.SUCCEEDED,
            entries_appended=appended,
        )

    def _append_entries(
        self,
        pull: Pull,
        program: Program,
        slots: set[int],
        rows: list[AttributionRow],
        partner_of: Mapping[str, str],
        now: datetime,
    ) -> int:
        """Entries for the covered, unlocked dates; how many entries this pull has appended in all."""
        today = now.date()
        dates = frozenset(
            d
            for d in windows.covered_dates(pull.jobs)
            if not compute.is_locked(d, today, program.lock_period_days)
        )
        if not dates:
            return 0
        held = list(
            self.ledger.held(program.account_id, program.program_id, sorted(slots), min(dates), max(dates))
        )
        program_terms, partner_terms = _schedules(
            self.terms.all_of_program(program.account_id, program.program_id)
        )
        run = compute.LedgerRun(
            program.program_id, program.currency, pull.pull_id, now, dates, program_terms, partner_terms
        )
        with cyclic_gc_paused():
            new = compute.entries(run, compute.measure(rows, partner_of), compute.balances_of(held))
        self.ledger.append(program.account_id, new, LANES)
        # Entries a crashed attempt of this pull wrote are published again: event ids are derived
        # from entry ids, so the fan-out delivers each entry's event once.
        earlier: list[EntryLine] = [entry for entry in held if entry.pull_id == pull.pull_id]
        links = self.links.get_many(program.account_id, program.program_id, converting_links(rows))
        spots = shared_ids(rows, partner_of, links)
        self.events.entries_appended(program.account_id, [*earlier, *new], now, spots)
        return len(new) + len(earlier)

    def _announce_locks(self, program: Program, now: datetime) -> None:
        """Event dates that became final since the last ledger step: `action.locked` for their
        entries, `statement.ready` for each month now wholly locked. The first step only notes
        the boundary (no entry of a new program is that old)."""
        through = compute.locked_through(now.date(), program.lock_period_days)
        previous = self.ledger.locked_through(program.account_id, program.program_id)
        if previous is not None and through <= previous:
            return
        if previous is not None:
            first = previous + timedelta(days=1)
            entries = self.ledger.between(program.account_id, program.program_id, first, through)
            self.events.entries_locked(program.account_id, entries, now)
            for month, last_day in windows.months_ending(first, through):
                month_entries = self.ledger.between(
                    program.account_id, program.program_id, last_day.replace(day=1), last_day
                )
                partners = [e.partner_id for e in month_entries]
                self.events.statement_ready(program.account_id, program.program_id, month, partners, now)
        self.ledger.set_locked_through(program.account_id, program.program_id, through)

    def _refresh_facts(
        self, pull: Pull, slots: set[int], rows: list[AttributionRow], partner_of: Mapping[str, str]
    ) -> None:
        """One item per partner-day whose facts changed (an unchanged pull writes none)."""
        days = read_days(pull.jobs)
        span = first_and_last(days)
        if span is None:
            return
        stored = self.facts.stored(pull.account_id, pull.program_id, sorted(slots), *span)
        changed = changed_days(facts_of(rows, partner_of), stored, days)
        self.facts.put_days(pull.account_id, pull.program_id, changed, LANES)

    def _partner_of(self, program: Program) -> dict[str, str]:
        """Each partner's ad group id (it depends on the program and partner only) → partner id."""
        members = self.partners.of_program(program.account_id, program.program_id)
        return {ad_group_of(program.program_id, m.partner_id): m.partner_id for m in members}


def shards_for(rows: int) -> list[LedgerShard]:
    """Contiguous runs of slots, at most about `SHARD_ROWS` staged rows each (ad groups hash
    evenly): a power of two of them, so that every shard has as many slots as the others."""
    needed = max(1, min(SLOTS, math.ceil(rows / SHARD_ROWS)))
    count = 1 << (needed - 1).bit_length()
    bounds = [SLOTS * i // count for i in range(count + 1)]
    return [LedgerShard(first_slot=bounds[i], last_slot=bounds[i + 1] - 1) for i in range(count)]


@contextmanager
def cyclic_gc_paused() -> Iterator[None]:
    """The computation makes millions of small objects and no cycles: CPython's cyclic collector
    would walk them all again and again (the per-row cost grows with the pull). Paused meanwhile."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _schedules(versions: list[TermsVersion]) -> tuple[TermsSchedule, dict[str, TermsSchedule]]:
    private: dict[str, list[TermsVersion]] = {}
    for version in versions:
        if version.partner_id:
            private.setdefault(version.partner_id, []).append(version)
    program = TermsSchedule([v for v in versions if not v.partner_id])
    return program, {partner: TermsSchedule(found) for partner, found in private.items()}
