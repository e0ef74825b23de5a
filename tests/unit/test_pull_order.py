"""Pulls apply in the order Amazon's numbers were read: an older pull never undoes a newer one."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from pydantic import SecretStr

from sellerlink.accounts.dal import AccountStore
from sellerlink.accounts.logic import create_account
from sellerlink.accounts.models import Edition, Principal, PrincipalKind, Role
from sellerlink.amazon.transport import AmazonUnavailable
from sellerlink.attribution.dal import FactStore
from sellerlink.attribution.models import ReportPage, ReportRequest
from sellerlink.clock import FixedClock
from sellerlink.ledger.dal import LedgerStore
from sellerlink.links.dal import LinkStore
from sellerlink.partners.dal import PartnerStore
from sellerlink.programs.dal import ProgramStore
from sellerlink.programs.logic import create_program
from sellerlink.programs.models import ProgramCreate
from sellerlink.pulls.apply_ledger import ApplyLedger
from sellerlink.pulls.dal import PullStore
from sellerlink.pulls.fetch import PAGE_RETRIES, TIME_RESERVE_SECONDS, AmazonBusy, FetchReports
from sellerlink.pulls.models import FetchState, PullStatus, PullTrigger
from sellerlink.pulls.starter import new_pull
from sellerlink.table import Table
from sellerlink.terms.dal import TermsStore

NOW = datetime(2026, 12, 10, 7, 0, tzinfo=UTC)


class NothingStaged:
    """Staging that keeps nothing: these tests look at the pull's order and paging, not its rows."""

    def stage(self, ref: object, page: int, rows: object) -> None:
        return None

    def rows(self, ref: object, slots: object) -> Iterator[object]:
        return iter(())


class Unheard:
    """No webhook endpoint listens: events go nowhere."""

    def __getattr__(self, name: str) -> object:
        return lambda *_: None


def test_an_older_pull_applied_after_a_newer_one_adds_nothing(table_name: str) -> None:
    # Given a program whose ledger already reflects a pull started at 07:00
    table, clock = Table(table_name), FixedClock(NOW)
    account, _ = create_account(AccountStore(table), clock, name="Acme", edition=Edition.PRO)
    admin = Principal(kind=PrincipalKind.BRAND, account_id=account.account_id, role=Role.ADMIN, key_id="k")
    request = ProgramCreate(marketplace="US", seller_type="3P", brand_name="Acme", brand_registry=True)
    program = create_program(ProgramStore(table), clock, admin, account, request)
    pulls = PullStore(table)
    step = ApplyLedger(
        pulls,
        ProgramStore(table),
        PartnerStore(table),
        TermsStore(table),
        LedgerStore(table),
        FactStore(table),
        LinkStore(table),
        clock,
        Unheard(),  # type: ignore[arg-type]
        NothingStaged(),
    )
    newer = new_pull(program, PullTrigger.API, NOW, 30)
    older = new_pull(program, PullTrigger.SCHEDULE, NOW - timedelta(hours=1), 30)
    for pull in (newer, older):
        pulls.create(pull)
    step.apply(newer.ref)
    # When the pull started at 06:00 reaches its ledger step afterwards
    outcome = step.apply(older.ref)
    # Then it finishes with nothing appended, and the program's numbers stay the newer pull's
    assert (outcome.status, outcome.entries_appended) == (PullStatus.SUCCEEDED, 0)
    assert FactStore(table).newest_applied(account.account_id, program.program_id) == newer.started_at
    stored = pulls.get(older.ref)
    assert stored is not None and stored.status is PullStatus.SUCCEEDED


class BusyAfter:
    """Amazon's report API answering `pages` pages, then only throttling."""

    def __init__(self, pages: int) -> None:
        self.pages, self.calls = pages, 0

    def report(self, token: object, profile_id: str, request: ReportRequest) -> ReportPage:
        self.calls += 1
        if self.calls > self.pages:
            raise AmazonUnavailable("read an Attribution report", 503, "gave up after 4 attempts (HTTP 429)")
        return ReportPage(rows=[], cursor=f"c{self.calls}")


class Tokens:
    def using(self, account_id: str, program_id: str, kind: object, call: Any) -> Any:
        return call(SecretStr("Atza|test"))


def fetching(table_name: str, amazon: BusyAfter) -> tuple[FetchReports, FetchState]:
    table, clock = Table(table_name), FixedClock(NOW)
    account, _ = create_account(AccountStore(table), clock, name="Acme", edition=Edition.PRO)
    admin = Principal(kind=PrincipalKind.BRAND, account_id=account.account_id, role=Role.ADMIN, key_id="k")
    request = ProgramCreate(marketplace="US", seller_type="3P", brand_name="Acme", brand_registry=True)
    programs = ProgramStore(table)
    program = create_program(programs, clock, admin, account, request)
    program = programs.update_onboarding(account.account_id, program.program_id, ads_profile_id="123")
    pulls = PullStore(table)
    pull = new_pull(program, PullTrigger.API, NOW, 30)
    pulls.create(pull)
    step = FetchReports(pulls, programs, Tokens(), lambda region: amazon, clock, NothingStaged())
    return step, FetchState(pull=pull.ref)


def test_a_busy_amazon_after_some_pages_keeps_them_and_resumes_there(table_name: str) -> None:
    step, start = fetching(table_name, BusyAfter(pages=2))
    state = step.fetch(start, lambda: 300.0)
    assert (state.cursor, state.page, state.done) == ("c2", 2, False)


def test_a_busy_amazon_before_any_page_is_the_workflows_to_wait_out(table_name: str) -> None:
    step, start = fetching(table_name, BusyAfter(pages=0))
    with pytest.raises(AmazonBusy):
        step.fetch(start, lambda: 300.0)


def test_a_step_short_of_time_reads_one_page_and_stops_in_time_for_a_worst_case_one(table_name: str) -> None:
    """One page always, so that a step started short of time (a short Lambda timeout) still moves
    the pull on instead of looping; then only while a worst-case page still fits."""
    amazon = BusyAfter(pages=100)
    step, start = fetching(table_name, amazon)
    state = step.fetch(start, lambda: TIME_RESERVE_SECONDS)
    assert amazon.calls == 1 and state.page == 1
    assert PAGE_RETRIES.worst_case_seconds < TIME_RESERVE_SECONDS
