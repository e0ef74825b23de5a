"""The pull's ledger step: appends the entries the staged rows imply, refreshes the facts, and
announces what changed (`action.*`, `action.locked`, `statement.ready`). Safe to retry: entries
are written once per key and pull, and a crashed attempt's entries are announced again under the
same event ids."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol

from sellerlink.attribution.dal import FactStore
from sellerlink.attribution.facts import changed, facts_of, first_and_last, read_days
from sellerlink.attribution.models import AttributionRow
from sellerlink.clock import Clock
from sellerlink.ledger import compute
from sellerlink.ledger.dal import LedgerStore
from sellerlink.ledger.models import LedgerEntry
from sellerlink.links.dal import LinkStore
from sellerlink.links.identifiers import identifiers
from sellerlink.partners.dal import PartnerStore
from sellerlink.programs.dal import ProgramStore
from sellerlink.programs.models import Program
from sellerlink.pulls import windows
from sellerlink.pulls.dal import PullStore, program_of
from sellerlink.pulls.models import LedgerOutcome, Pull, PullRef, PullStatus
from sellerlink.pulls.shared_ids import EntrySpot, converting_links, shared_ids
from sellerlink.terms.commission import TermsSchedule
from sellerlink.terms.dal import TermsStore
from sellerlink.terms.models import TermsVersion

LEDGER_LEASE = timedelta(minutes=15)


class LedgerEvents(Protocol):
    """The event port of the ledger step (sellerlink.webhooks.publisher is its adapter)."""

    def entries_appended(
        self,
        account_id: str,
        entries: Iterable[LedgerEntry],
        now: datetime,
        shared_ids: Mapping[EntrySpot, str] | None = None,
    ) -> None: ...

    def entries_locked(self, account_id: str, entries: Iterable[LedgerEntry], now: datetime) -> None: ...

    def statement_ready(
        self, account_id: str, program_id: str, month: str, partner_ids: Iterable[str], now: datetime
    ) -> None: ...


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

    def apply(self, ref: PullRef) -> LedgerOutcome:
        """Appends what the staged rows imply, refreshes the facts, and marks the pull done. A pull
        older than the one already applied has nothing to add: Amazon's later numbers are in."""
        pull, program = self.pulls.existing(ref), program_of(self.programs, ref)
        now = self.clock.now()
        self.ledger.lock(ref.account_id, ref.program_id, ref.pull_id, now, LEDGER_LEASE)
        try:
            newest = self.facts.newest_applied(ref.account_id, ref.program_id)
            appended = 0
            if newest is None or pull.started_at >= newest:
                rows = self.pulls.staged(ref)
                partner_of = self._partner_of(program)
                appended = self._append_entries(pull, program, rows, partner_of, now)
                self._refresh_facts(pull, rows, partner_of)
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
        held = self.ledger.between(program.account_id, program.program_id, min(dates), max(dates))
        balances = compute.balances_of(held)
        program_terms, partner_terms = _schedules(
            self.terms.all_of_program(program.account_id, program.program_id)
        )
        run = compute.LedgerRun(
            program.program_id, program.currency, pull.pull_id, now, dates, program_terms, partner_terms
        )
        new = compute.entries(run, compute.measure(rows, partner_of), balances)
        self.ledger.append(program.account_id, new)
        # Entries a crashed attempt of this pull wrote are published again: event ids are derived
        # from entry ids, so the fan-out delivers each entry's event once.
        earlier = [entry for entry in held if entry.pull_id == pull.pull_id]
        links = self.links.get_many(program.account_id, program.program_id, converting_links(rows))
        spots = shared_ids(rows, partner_of, links)
        self.events.entries_appended(program.account_id, [*earlier, *new], now, spots)
        return len(new) + sum(1 for entry in held if entry.pull_id == pull.pull_id)

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

    def _refresh_facts(self, pull: Pull, rows: list[AttributionRow], partner_of: Mapping[str, str]) -> None:
        days = read_days(pull.jobs)
        span = first_and_last(days)
        if span is None:
            return
        stored = self.facts.between(pull.account_id, pull.program_id, *span)
        self.facts.put(pull.account_id, pull.program_id, changed(facts_of(rows, partner_of), stored, days))

    def _partner_of(self, program: Program) -> dict[str, str]:
        """Each partner's ad group id (it depends on the program and partner only) → partner id."""
        members = self.partners.of_program(program.account_id, program.program_id)
        return {
            identifiers(program.program_id, m.partner_id, "", None).ad_group_id: m.partner_id for m in members
        }


def _schedules(versions: list[TermsVersion]) -> tuple[TermsSchedule, dict[str, TermsSchedule]]:
    private: dict[str, list[TermsVersion]] = {}
    for version in versions:
        if version.partner_id:
            private.setdefault(version.partner_id, []).append(version)
    program = TermsSchedule([v for v in versions if not v.partner_id])
    return program, {partner: TermsSchedule(found) for partner, found in private.items()}
