"""Pulls apply in the order Amazon's numbers were read: an older pull never undoes a newer one."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sellerlink.accounts.dal import AccountStore
from sellerlink.accounts.logic import create_account
from sellerlink.accounts.models import Edition, Principal, PrincipalKind, Role
from sellerlink.clock import FixedClock
from sellerlink.ledger.dal import LedgerStore
from sellerlink.partners.dal import PartnerStore
from sellerlink.programs.dal import ProgramStore
from sellerlink.programs.logic import create_program
from sellerlink.programs.models import ProgramCreate
from sellerlink.pulls.dal import PullStore
from sellerlink.pulls.models import PullStatus, PullTrigger
from sellerlink.pulls.starter import new_pull
from sellerlink.pulls.steps import PullSteps
from sellerlink.reports.dal import FactStore
from sellerlink.table import Table
from sellerlink.terms.dal import TermsStore

NOW = datetime(2026, 12, 10, 7, 0, tzinfo=UTC)


def unused(*_: object) -> object:
    raise AssertionError("applying staged rows needs no Amazon call")


def test_an_older_pull_applied_after_a_newer_one_adds_nothing(table_name: str) -> None:
    # Given a program whose ledger already reflects a pull started at 07:00
    table, clock = Table(table_name), FixedClock(NOW)
    account, _ = create_account(AccountStore(table), clock, name="Acme", edition=Edition.PRO)
    admin = Principal(kind=PrincipalKind.BRAND, account_id=account.account_id, role=Role.ADMIN, key_id="k")
    request = ProgramCreate(marketplace="US", seller_type="3P", brand_name="Acme", brand_registry=True)
    program = create_program(ProgramStore(table), clock, admin, account, request)
    pulls = PullStore(table)
    steps = PullSteps(
        pulls,
        ProgramStore(table),
        PartnerStore(table),
        TermsStore(table),
        LedgerStore(table),
        FactStore(table),
        clock,
        unused,
        unused,
    )  # type: ignore[arg-type]
    newer = new_pull(program, PullTrigger.API, NOW, 30)
    older = new_pull(program, PullTrigger.SCHEDULE, NOW - timedelta(hours=1), 30)
    for pull in (newer, older):
        pulls.create(pull)
    steps.apply_ledger(newer.ref)
    # When the pull started at 06:00 reaches its ledger step afterwards
    outcome = steps.apply_ledger(older.ref)
    # Then it finishes with nothing appended, and the program's numbers stay the newer pull's
    assert (outcome.status, outcome.entries_appended) == (PullStatus.SUCCEEDED, 0)
    assert pulls.newest_applied(account.account_id, program.program_id) == newer.started_at
    stored = pulls.get(older.ref)
    assert stored is not None and stored.status is PullStatus.SUCCEEDED
