"""The performance report: Amazon's latest numbers (facts) with the ledger's commissions. Pure."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from sellerlink.attribution.facts import Fact
from sellerlink.ledger.models import LedgerEntry
from sellerlink.reports.models import GroupBy, PerformanceRow

ZERO = Decimal(0)
LEVEL = {GroupBy.PARTNER: "partner", GroupBy.DATE: "partner", GroupBy.ASIN: "asin", GroupBy.SHARED_ID: "link"}


@dataclass
class Sums:
    clicks: int | None = None
    views: int = 0
    carts: int = 0
    purchases: int = 0
    units: int = 0
    sales: Decimal = ZERO
    brb: Decimal | None = None
    commission: Decimal | None = None
    masked: bool = False
    days: set[str] = field(default_factory=set)

    def add(self, fact: Fact) -> None:
        if fact.get("clicks") is not None:
            self.clicks = (self.clicks or 0) + int(fact["clicks"])
        self.views += int(fact["detail_page_views"])
        self.carts += int(fact["add_to_carts"])
        self.purchases += int(fact["purchases"])
        self.units += int(fact["units"])
        self.sales += Decimal(str(fact["sales"]))
        if fact.get("brb") is not None:
            self.brb = (self.brb or ZERO) + Decimal(str(fact["brb"]))
        self.masked = self.masked or bool(fact["below_threshold"])
        self.days.add(str(fact["event_date"]))


def rows(
    group_by: GroupBy,
    facts: Iterable[Fact],
    entries: Iterable[LedgerEntry],
    provisional_from: date,
    shared_ids: Mapping[str, str],
) -> list[PerformanceRow]:
    """One row per partner, date, ASIN or SharedID, sorted by that key."""
    key_of = _fact_key(group_by, shared_ids)
    groups: dict[Any, Sums] = {}
    facts = list(facts)
    if group_by is GroupBy.ASIN:
        facts += unallocated(facts)
    for fact in facts:
        if fact["level"] == LEVEL[group_by]:
            key = key_of(fact)
            if key is not None or group_by is GroupBy.ASIN:  # ASIN None: the unallocated remainder
                groups.setdefault(key, Sums()).add(fact)
    if group_by is not GroupBy.SHARED_ID:
        for entry in entries:
            key = _entry_key(group_by, entry)
            sums = groups.setdefault(key, Sums())
            sums.commission = (sums.commission or ZERO) + entry.amount
            sums.days.add(entry.event_date.isoformat())
    return [_row(group_by, key, sums, provisional_from) for key, sums in sorted(groups.items(), key=_order)]


METRICS = ("detail_page_views", "add_to_carts", "purchases", "units")


def unallocated(facts: Iterable[Fact]) -> list[Fact]:
    """Per partner-day, what the partner's total (ADGROUP) has beyond its listed products
    (PRODUCTS keeps each campaign's top 100): an ASIN-level fact with no ASIN, so the ASIN view
    adds up to the partner and date views, as the ledger's `unallocated` entries do."""
    remainders: dict[tuple[str, str], Fact] = {}
    for fact in facts:
        if fact["level"] not in ("partner", "asin"):
            continue
        sign = 1 if fact["level"] == "partner" else -1
        key = (fact["partner_id"], str(fact["event_date"]))
        rest = remainders.setdefault(key, _empty_remainder(*key))
        for name in METRICS:
            rest[name] += sign * int(fact[name])
        rest["sales"] += sign * Decimal(str(fact["sales"]))
    return [rest for rest in remainders.values() if rest["sales"] or any(rest[m] for m in METRICS)]


def _empty_remainder(partner_id: str, event_date: str) -> Fact:
    return {
        "level": "asin",
        "partner_id": partner_id,
        "event_date": event_date,
        "asin": None,
        "clicks": None,
        "brb": None,
        "sales": ZERO,
        "below_threshold": False,
        **dict.fromkeys(METRICS, 0),
    }


def _fact_key(group_by: GroupBy, shared_ids: Mapping[str, str]) -> Callable[[Fact], Any]:
    if group_by is GroupBy.PARTNER:
        return lambda fact: fact["partner_id"]
    if group_by is GroupBy.DATE:
        return lambda fact: str(fact["event_date"])
    if group_by is GroupBy.ASIN:
        return lambda fact: fact["asin"]
    return lambda fact: shared_ids.get(fact["creative_id"])


def _entry_key(group_by: GroupBy, entry: LedgerEntry) -> Any:
    if group_by is GroupBy.PARTNER:
        return entry.partner_id
    if group_by is GroupBy.DATE:
        return entry.event_date.isoformat()
    return entry.asin


def _order(item: tuple[Any, Sums]) -> tuple[bool, str]:
    return (item[0] is None, str(item[0]))


def _row(group_by: GroupBy, key: Any, sums: Sums, provisional_from: date) -> PerformanceRow:
    commission = sums.commission if group_by is not GroupBy.SHARED_ID else None
    if commission is None and group_by is not GroupBy.SHARED_ID:
        commission = ZERO
    net = None if commission is None else commission - (sums.brb or ZERO)
    return PerformanceRow(
        partner_id=key if group_by is GroupBy.PARTNER else None,
        event_date=date.fromisoformat(key) if group_by is GroupBy.DATE else None,
        asin=key if group_by is GroupBy.ASIN else None,
        shared_id=key if group_by is GroupBy.SHARED_ID else None,
        clicks=sums.clicks,
        detail_page_views=sums.views,
        add_to_carts=sums.carts,
        purchases=sums.purchases,
        units=sums.units,
        sales=sums.sales,
        commission=commission,
        brb=sums.brb,
        net_cost=net,
        below_threshold=sums.masked,
        provisional=any(date.fromisoformat(day) >= provisional_from for day in sums.days),
    )
