"""Reading reports: who may read what (a partner only itself), over which dates, as which rows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from sellerlink.accounts.models import Principal, PrincipalKind
from sellerlink.accounts.permissions import require_brand
from sellerlink.attribution.dal import FactStore
from sellerlink.attribution.models import ConversionType
from sellerlink.clock import Clock
from sellerlink.errors import Forbidden, Unprocessable
from sellerlink.ledger.compute import is_locked
from sellerlink.ledger.dal import PPV_PAID_PREFIX, LedgerStore
from sellerlink.ledger.models import EntryKind, LedgerEntry, LedgerEntryView, LedgerPage
from sellerlink.links.dal import LinkStore
from sellerlink.partners.dal import PartnerStore
from sellerlink.partners.logic import program_for_partner
from sellerlink.programs.dal import ProgramStore
from sellerlink.programs.logic import get_program
from sellerlink.programs.models import Program
from sellerlink.reports import performance
from sellerlink.reports.models import (
    GroupBy,
    PartnerPerformanceReport,
    PerformanceReport,
    Ppv,
    Statement,
    StatementLine,
)

DEFAULT_DAYS = 30
MAX_DAYS = 400
PROVISIONAL = timedelta(hours=48)


@dataclass(frozen=True)
class Scope:
    """The program being read, and the partner the caller is limited to (None: the whole program)."""

    program: Program
    partner_id: str | None
    partner_view: bool = False  # a partner reads: never the brand's margin


@dataclass(frozen=True)
class ReportStores:
    programs: ProgramStore
    partners: PartnerStore
    ledger: LedgerStore
    facts: FactStore
    links: LinkStore
    clock: Clock


def scope(
    stores: ReportStores, principal: Principal, program_id: str, partner_id: str | None = None
) -> Scope:
    if principal.kind is PrincipalKind.PARTNER and principal.partner_id:
        program = program_for_partner(stores.partners, stores.programs, program_id)
        if stores.partners.membership(program.account_id, program_id, principal.partner_id) is None:
            raise Forbidden(f"Partner {principal.partner_id} is not a member of program {program_id}.")
        if partner_id not in (None, principal.partner_id):
            raise Forbidden("A partner reads its own numbers only; leave partner_id out.")
        return Scope(program, principal.partner_id, partner_view=True)
    return Scope(get_program(stores.programs, principal, program_id), partner_id)


def date_range(first: date | None, last: date | None, today: date) -> tuple[date, date]:
    last = last or today
    first = first or last - timedelta(days=DEFAULT_DAYS - 1)
    if first > last:
        raise Unprocessable(f"'from' ({first}) is after 'to' ({last}); swap them.")
    if (last - first).days >= MAX_DAYS:
        raise Unprocessable(f"Ask for at most {MAX_DAYS} days at a time; split the range.")
    return first, last


def performance_report(
    stores: ReportStores, scope: Scope, group_by: GroupBy, first: date | None, last: date | None
) -> PerformanceReport | PartnerPerformanceReport:
    program, now = scope.program, stores.clock.now()
    first, last = date_range(first, last, now.date())
    facts = list(stores.facts.between(program.account_id, program.program_id, first, last).values())
    entries = stores.ledger.between(program.account_id, program.program_id, first, last)
    if scope.partner_id:
        facts = [f for f in facts if f["partner_id"] == scope.partner_id]
        entries = [e for e in entries if e.partner_id == scope.partner_id]
    shared: dict[str, str] = {}
    if group_by is GroupBy.SHARED_ID:
        link_ids = sorted({str(f["creative_id"]) for f in facts if f["level"] == "link"})
        found = stores.links.get_many(program.account_id, program.program_id, link_ids)
        shared = {link_id: link.shared_id for link_id, link in found.items() if link.shared_id}
    provisional_from = (now - PROVISIONAL).date()
    report = PerformanceReport(
        program_id=program.program_id,
        currency=program.currency,
        group_by=group_by,
        from_date=first,
        to_date=last,
        data_as_of=stores.facts.data_as_of(program.account_id, program.program_id),
        provisional_from=provisional_from,
        rows=performance.rows(group_by, facts, entries, provisional_from, shared),
    )
    return report.for_partner() if scope.partner_view else report


LEDGER_REACH = timedelta(days=800)


@dataclass(frozen=True)
class LedgerFilter:
    first: date | None = None
    last: date | None = None
    partner_id: str | None = None
    kind: EntryKind | None = None
    conversion_type: ConversionType | None = None
    asin: str | None = None

    def accepts(self, entry: LedgerEntry) -> bool:
        return (
            (self.partner_id is None or entry.partner_id == self.partner_id)
            and (self.kind is None or entry.kind is self.kind)
            and (self.conversion_type is None or entry.conversion_type is self.conversion_type)
            and (self.asin is None or entry.asin == self.asin)
        )


def ledger_page(
    stores: ReportStores, scope: Scope, wanted: LedgerFilter, limit: int, cursor: str | None
) -> LedgerPage:
    program, today = scope.program, stores.clock.now().date()
    if scope.partner_id:
        wanted = LedgerFilter(**{**wanted.__dict__, "partner_id": scope.partner_id})
    # The ledger is read month by month (GSI2): bound an open range by the dates entries can have
    # (a pull reaches 13 months back; nothing is dated in the future).
    created = program.created_at.date()
    earliest, latest = min(today, created) - LEDGER_REACH, max(today, created)
    first, last = max(wanted.first or earliest, earliest), min(wanted.last or latest, latest)
    entries, next_cursor = stores.ledger.scan(
        program.account_id, program.program_id, first, last, wanted.accepts, limit, cursor
    )
    views = [LedgerEntryView.of(e, is_locked(e.event_date, today, program.lock_period_days)) for e in entries]
    return LedgerPage(entries=views, next_cursor=next_cursor)


def statement(stores: ReportStores, scope: Scope, month: str) -> Statement:
    program, today = scope.program, stores.clock.now().date()
    first, last = _month_bounds(month)
    entries = stores.ledger.between(program.account_id, program.program_id, first, last)
    locked = [
        e
        for e in entries
        if is_locked(e.event_date, today, program.lock_period_days)
        and (scope.partner_id is None or e.partner_id == scope.partner_id)
    ]
    lines: dict[str, StatementLine] = {}
    for entry in locked:
        line = lines.setdefault(
            entry.partner_id,
            StatementLine(
                partner_id=entry.partner_id,
                entries=0,
                purchases=0,
                units=0,
                sales=Decimal(0),
                commission=Decimal(0),
            ),
        )
        line.entries += 1
        line.purchases += entry.purchases
        line.units += entry.units
        line.sales += entry.sales
        line.commission += entry.amount
    locked_through = today - timedelta(days=program.lock_period_days)
    return Statement(
        program_id=program.program_id,
        month=month,
        currency=program.currency,
        complete=last <= locked_through,
        locked_through=locked_through,
        partners=sorted(lines.values(), key=lambda line: line.partner_id),
        total_commission=sum((line.commission for line in lines.values()), Decimal(0)),
    )


def ppv(stores: ReportStores, principal: Principal, month: str) -> Ppv:
    account_id = require_brand(principal)
    _month_bounds(month)
    return Ppv(
        account_id=account_id,
        month=month,
        commissions=stores.ledger.ppv(account_id, month),
        paid=stores.ledger.ppv(account_id, month, PPV_PAID_PREFIX),
    )


def _month_bounds(month: str) -> tuple[date, date]:
    try:
        first = date.fromisoformat(f"{month}-01")
    except ValueError:
        raise Unprocessable(f"month '{month}' is not YYYY-MM, e.g. 2026-03.") from None
    following = (first.replace(day=28) + timedelta(days=4)).replace(day=1)
    return first, following - timedelta(days=1)
