"""The attribution pull's steps, as the workflow runs them: plan, fetch (page by page), ledger,
and the bookkeeping of failures and the summary. Each step is short and safe to retry.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol

from pydantic import BaseModel, SecretStr

from sellerlink.amazon.transport import AmazonError, AmazonUnavailable, RetryPolicy
from sellerlink.attribution.dal import FactStore
from sellerlink.attribution.facts import changed, facts_of, first_and_last, read_days
from sellerlink.attribution.models import AttributionRow, ReportPage, ReportRequest
from sellerlink.clock import Clock
from sellerlink.connections.models import ConnectionKind
from sellerlink.ledger import compute
from sellerlink.ledger.dal import LedgerStore
from sellerlink.links.identifiers import identifiers
from sellerlink.marketplaces import MARKETPLACES, Region
from sellerlink.partners.dal import PartnerStore
from sellerlink.programs.dal import ProgramStore
from sellerlink.programs.models import Program, ProgramStatus
from sellerlink.pulls import windows
from sellerlink.pulls.dal import PullStore
from sellerlink.pulls.models import FetchState, Pull, PullRef, PullStatus, PullTrigger
from sellerlink.pulls.starter import new_pull
from sellerlink.terms.commission import TermsSchedule
from sellerlink.terms.dal import TermsStore
from sellerlink.terms.models import TermsVersion
from sellerlink.webhooks.events import action_events, locked_events, pull_failed_event, statement_ready_events
from sellerlink.webhooks.models import WebhookEvent

LEDGER_LEASE = timedelta(minutes=15)
# A report page is retried inside the step for about a minute at most; longer outages are the
# workflow's to wait out (ASL Retry on AmazonBusy). The step stops reading in time for one more
# worst-case page, so it never outlives its Lambda, however many pages there are.
PAGE_RETRIES = RetryPolicy(attempts=4, cap_seconds=10.0, timeout_seconds=10.0)
TIME_RESERVE_SECONDS = PAGE_RETRIES.worst_case_seconds + 5
OUTCOME_ERROR = 60  # characters: 1,000 failed programs' outcomes stay well under 256 KB


class AmazonBusy(Exception):
    """Amazon kept answering 429, 5xx or nothing: the workflow retries the step later (ASL Retry)."""


class AmazonRefused(Exception):
    """Amazon refused the report (a 4xx other than 429): retrying will not help."""


class Tokens(Protocol):
    def access_token(self, account_id: str, program_id: str, kind: ConnectionKind) -> SecretStr: ...


class Reports(Protocol):
    def report(self, token: SecretStr, profile_id: str, request: ReportRequest) -> ReportPage: ...


class LedgerOutcome(BaseModel):
    pull_id: str
    program_id: str
    status: PullStatus
    entries_appended: int = 0
    error: str | None = None


@dataclass(frozen=True)
class PullSteps:
    pulls: PullStore
    programs: ProgramStore
    partners: PartnerStore
    terms: TermsStore
    ledger: LedgerStore
    facts: FactStore
    clock: Clock
    tokens: Tokens
    reports: Callable[[Region], Reports]
    window_days: int = 30
    pages_per_step: int = 10
    page_size: int = 5000
    publish: Callable[[list[WebhookEvent]], None] = lambda events: None  # webhooks: action.*, pull.failed

    def plan(self, single: PullRef | None, execution_arn: str | None = None) -> list[PullRef]:
        """The pull asked for through the API, or a new pull for every active, measured program."""
        if single is not None:
            return [self._pull(single).ref]
        now = self.clock.now()
        due = [p for p in self.programs.by_status(ProgramStatus.ACTIVE) if p.onboarding.ads_profile_id]
        started = [
            new_pull(program, PullTrigger.SCHEDULE, now, self.window_days, execution_arn=execution_arn)
            for program in due
        ]
        for pull in started:
            self.pulls.create(pull)
        return [pull.ref for pull in started]

    def fetch(self, state: FetchState, seconds_left: Callable[[], float]) -> FetchState:
        """Reads pages until the job list ends, `pages_per_step` pages are read or time runs short."""
        pull, program = self._pull(state.pull), self._program(state.pull)
        if state.job >= len(pull.jobs):
            return state.model_copy(update={"done": True})
        token = self.tokens.access_token(program.account_id, program.program_id, ConnectionKind.AMAZON_ADS)
        client, profile = self.reports(program.region), str(program.onboarding.ads_profile_id)
        minor = MARKETPLACES[program.marketplace].minor_unit
        pages = rows = 0
        while not state.done and pages < self.pages_per_step and seconds_left() > TIME_RESERVE_SECONDS:
            request = ReportRequest(pull.jobs[state.job], self.page_size, minor, state.cursor or None)
            try:
                page = _read(client, token, profile, request)
            except AmazonBusy:
                if not pages:
                    raise  # nothing read: the workflow waits and tries again
                break  # keep the pages read; the next step resumes at this cursor
            self.pulls.stage(state.pull, state.page, page.rows, self.clock.now())
            pages, rows = pages + 1, rows + len(page.rows)
            state = _advance(state, page.cursor or "", len(pull.jobs))
        self.pulls.count_pages(state.pull, pages, rows)
        return state

    def apply_ledger(self, ref: PullRef) -> LedgerOutcome:
        """Appends what the staged rows imply, refreshes the facts, and marks the pull done. A pull
        older than the one already applied has nothing to add: Amazon's later numbers are in."""
        pull, program = self._pull(ref), self._program(ref)
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

    def fail(self, ref: PullRef, error: str) -> LedgerOutcome:
        now = self.clock.now()
        self.pulls.finish(ref, PullStatus.FAILED, now, 0, error)
        self.publish(pull_failed_event(ref.account_id, ref.program_id, ref.pull_id, error, now))
        # The Map gathers every program's outcome into one state (256 KB at most): the outcome says
        # why in a few words; the pull item keeps the whole reason.
        return LedgerOutcome(
            pull_id=ref.pull_id,
            program_id=ref.program_id,
            status=PullStatus.FAILED,
            error=error[:OUTCOME_ERROR],
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
        self.publish(action_events(program.account_id, [*earlier, *new], now))
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
            self.publish(locked_events(program.account_id, entries, now))
            for month, last_day in windows.months_ending(first, through):
                month_entries = self.ledger.between(
                    program.account_id, program.program_id, last_day.replace(day=1), last_day
                )
                partners = [e.partner_id for e in month_entries]
                self.publish(
                    statement_ready_events(program.account_id, program.program_id, month, partners, now)
                )
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

    def _pull(self, ref: PullRef) -> Pull:
        pull = self.pulls.get(ref)
        if pull is None:
            raise LookupError(f"pull {ref.pull_id} of program {ref.program_id} does not exist")
        return pull

    def _program(self, ref: PullRef) -> Program:
        program = self.programs.get(ref.account_id, ref.program_id)
        if program is None:
            raise LookupError(f"program {ref.program_id} does not exist")
        return program


def _read(client: Reports, token: SecretStr, profile: str, request: ReportRequest) -> ReportPage:
    try:
        return client.report(token, profile, request)
    except AmazonUnavailable as busy:
        raise AmazonBusy(str(busy)) from busy
    except AmazonError as refused:
        raise AmazonRefused(str(refused)) from refused


def _advance(state: FetchState, cursor: str, job_count: int) -> FetchState:
    if cursor:
        return state.model_copy(update={"cursor": cursor, "page": state.page + 1})
    job = state.job + 1
    return state.model_copy(
        update={"job": job, "cursor": "", "page": state.page + 1, "done": job >= job_count}
    )


def _schedules(versions: list[TermsVersion]) -> tuple[TermsSchedule, dict[str, TermsSchedule]]:
    private: dict[str, list[TermsVersion]] = {}
    for version in versions:
        if version.partner_id:
            private.setdefault(version.partner_id, []).append(version)
    program = TermsSchedule([v for v in versions if not v.partner_id])
    return program, {partner: TermsSchedule(found) for partner, found in private.items()}
