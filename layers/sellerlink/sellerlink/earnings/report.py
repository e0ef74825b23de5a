"""A partner's earnings across all its programs, per program, date or link, per currency.

Clicks, purchases and sales are Amazon's latest numbers (the partner's own facts); commission is
the ledger's (the partner's daily rollups), so over any period it adds up to the ledger entries
of those dates. Links have no commission of their own: the ledger is kept per ASIN.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from sellerlink.accounts.models import Principal
from sellerlink.accounts.permissions import require_partner
from sellerlink.attribution.dal import FactStore, PartnerFact
from sellerlink.clock import Clock
from sellerlink.earnings.models import CurrencyTotal, EarningsGroupBy, EarningsReport, EarningsRow
from sellerlink.ledger.earnings import DailyEarnings, EarningsStore
from sellerlink.links.dal import LinkStore
from sellerlink.links.models import TrackingLink
from sellerlink.programs.dal import ProgramStore
from sellerlink.programs.models import Program
from sellerlink.reports.logic import PROVISIONAL, date_range
from sellerlink.reports.performance import Sums

ZERO = Decimal(0)
G = EarningsGroupBy
LEVEL = {G.PROGRAM: "partner", G.DATE: "partner", G.LINK: "link"}


@dataclass(frozen=True)
class EarningsStores:
    programs: ProgramStore
    earnings: EarningsStore
    facts: FactStore
    links: LinkStore
    clock: Clock


@dataclass(frozen=True)
class Found:
    """What one report reads: the partner's facts and daily commissions, and their programs."""

    facts: list[PartnerFact]
    days: list[DailyEarnings]
    programs: dict[str, Program]


def earnings_report(
    stores: EarningsStores,
    principal: Principal,
    group_by: EarningsGroupBy,
    first: date | None,
    last: date | None,
) -> EarningsReport:
    partner_id = require_partner(principal)
    now = stores.clock.now()
    first, last = date_range(first, last, now.date())
    found = _read(stores, partner_id, first, last)
    provisional_from = (now - PROVISIONAL).date()
    links = _links(stores.links, found.facts) if group_by is G.LINK else {}
    groups = _groups(group_by, found)
    rows = [_row(group_by, key, sums, found, links, provisional_from) for key, sums in groups]
    return EarningsReport(
        group_by=group_by,
        from_date=first,
        to_date=last,
        provisional_from=provisional_from,
        rows=rows,
        totals=_totals(found),
    )


def _read(stores: EarningsStores, partner_id: str, first: date, last: date) -> Found:
    facts = stores.facts.of_partner(partner_id, first, last)
    days = stores.earnings.days(partner_id, first, last)
    keys = {(f.account_id, f.program_id) for f in facts} | {(d.account_id, d.program_id) for d in days}
    return Found(facts, days, stores.programs.get_many(keys))


def _key(group_by: EarningsGroupBy, program: Program, event_date: str, creative_id: Any) -> Hashable:
    if group_by is G.PROGRAM:
        return program.program_id
    if group_by is G.DATE:
        return (event_date, program.currency)
    return (program.program_id, creative_id)


def _groups(group_by: EarningsGroupBy, found: Found) -> list[tuple[Any, Sums]]:
    groups: dict[Any, Sums] = {}
    for item in found.facts:
        program = found.programs.get(item.program_id)
        if program is not None and item.fact["level"] == LEVEL[group_by]:
            key = _key(group_by, program, str(item.fact["event_date"]), item.fact["creative_id"])
            groups.setdefault(key, Sums()).add(item.fact)
    if group_by is not G.LINK:
        for day in found.days:
            program = found.programs[day.program_id]
            sums = groups.setdefault(_key(group_by, program, day.event_date.isoformat(), None), Sums())
            sums.commission = (sums.commission or ZERO) + day.amount
            sums.days.add(day.event_date.isoformat())
    return sorted(groups.items(), key=lambda item: tuple(str(part) for part in _parts(item[0])))


def _parts(key: Any) -> tuple[Any, ...]:
    return key if isinstance(key, tuple) else (key,)


def _row(
    group_by: EarningsGroupBy,
    key: Any,
    sums: Sums,
    found: Found,
    links: dict[str, TrackingLink],
    provisional_from: date,
) -> EarningsRow:
    fields: dict[str, Any] = {}
    if group_by is G.DATE:
        fields = {"event_date": date.fromisoformat(key[0]), "currency": key[1]}
    else:
        program_id = key if group_by is G.PROGRAM else key[0]
        program = found.programs[program_id]
        fields = {"program_id": program_id, "program_name": program.name, "brand_name": program.brand_name}
        fields["currency"] = program.currency
    if group_by is G.LINK:
        link = links.get(key[1])
        fields |= {
            "link_id": key[1],
            "asin": link.asin if link else None,
            "shared_id": link.shared_id if link else None,
        }
    return EarningsRow(
        **fields,
        clicks=sums.clicks,
        purchases=sums.purchases,
        sales=sums.sales,
        commission=None if group_by is G.LINK else (sums.commission or ZERO),
        below_threshold=sums.masked,
        provisional=any(date.fromisoformat(day) >= provisional_from for day in sums.days),
    )


def _links(links: LinkStore, facts: Iterable[PartnerFact]) -> dict[str, TrackingLink]:
    wanted: dict[tuple[str, str], set[str]] = {}
    for item in facts:
        if item.fact["level"] == "link" and item.fact["creative_id"]:
            wanted.setdefault((item.account_id, item.program_id), set()).add(str(item.fact["creative_id"]))
    found: dict[str, TrackingLink] = {}
    for (account_id, program_id), ids in wanted.items():
        found |= links.get_many(account_id, program_id, sorted(ids))
    return found


def _totals(found: Found) -> list[CurrencyTotal]:
    """Per currency, from the partner-level facts and the daily commissions."""
    per: dict[str, CurrencyTotal] = {}

    def total(currency: str) -> CurrencyTotal:
        return per.setdefault(
            currency, CurrencyTotal(currency=currency, clicks=0, purchases=0, sales=ZERO, commission=ZERO)
        )

    for item in found.facts:
        program = found.programs.get(item.program_id)
        if program is not None and item.fact["level"] == "partner":
            line = total(program.currency)
            line.clicks += int(item.fact.get("clicks") or 0)
            line.purchases += int(item.fact["purchases"])
            line.sales += Decimal(str(item.fact["sales"]))
    for day in found.days:
        total(day.currency).commission += day.amount
    return sorted(per.values(), key=lambda line: line.currency)
