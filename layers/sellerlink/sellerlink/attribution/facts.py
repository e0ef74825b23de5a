"""Facts: Amazon's latest numbers per partner-day, link-day and ASIN-day, for the reports. Pure.

A pull overwrites the facts of the dates it read (Amazon restates), writing only those that
changed; the ledger keeps the money, facts keep clicks, views, carts and BRB.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from sellerlink.attribution.models import AttributionRow, Report, ReportJob

Fact = dict[str, Any]
LEVELS = {Report.ADGROUP: "partner", Report.CREATIVE: "link", Report.PRODUCTS: "asin"}
FIELDS = (
    "level",
    "event_date",
    "partner_id",
    "creative_id",
    "asin",
    "conversion_type",
    "clicks",
    "detail_page_views",
    "add_to_carts",
    "purchases",
    "units",
    "sales",
    "brb",
    "below_threshold",
)


def fact_key(fact: Fact) -> str:
    detail = fact["creative_id"] or fact["asin"] or "-"
    return (
        f"{fact['event_date']}#{fact['level']}#{fact['partner_id']}#{detail}#{fact['conversion_type'] or '-'}"
    )


def facts_of(rows: Iterable[AttributionRow], partner_of: Mapping[str, str]) -> dict[str, Fact]:
    """Amazon's rows as facts, the rows that share a key summed: Amazon may return several rows
    for one key (pages, restatements inside one answer), and each is part of the day."""
    found: dict[str, Fact] = {}
    for row in rows:
        partner = partner_of.get(row.ad_group_id)
        if partner is None:
            continue
        fact = _fact(row, partner)
        key = fact_key(fact)
        found[key] = _sum(found[key], fact) if key in found else fact
    return found


def _fact(row: AttributionRow, partner: str) -> Fact:
    return {
        "level": LEVELS[row.report],
        "event_date": row.event_date.isoformat(),
        "partner_id": partner,
        "creative_id": row.creative_id,
        "asin": row.asin,
        "conversion_type": row.conversion_type.value if row.conversion_type else None,
        "clicks": row.clicks,
        "detail_page_views": row.detail_page_views,
        "add_to_carts": row.add_to_carts,
        "purchases": row.purchases,
        "units": row.units,
        "sales": str(row.sales),
        "brb": None if row.brb is None else str(row.brb),
        "below_threshold": row.masked,
    }


COUNTS = ("clicks", "detail_page_views", "add_to_carts", "purchases", "units")


def _sum(one: Fact, other: Fact) -> Fact:
    """Two rows of one key as one fact: counts and money added; masked only if both were."""
    total = dict(one)
    for name in COUNTS:
        if one[name] is not None or other[name] is not None:
            total[name] = (one[name] or 0) + (other[name] or 0)
    total["sales"] = str(Decimal(one["sales"]) + Decimal(other["sales"]))
    if one["brb"] is not None or other["brb"] is not None:
        total["brb"] = str(Decimal(one["brb"] or 0) + Decimal(other["brb"] or 0))
    total["below_threshold"] = one["below_threshold"] and other["below_threshold"]
    return total


def read_days(jobs: Iterable[ReportJob]) -> dict[str, set[str]]:
    """Per level, the dates the pull read; a stored fact of those dates Amazon no longer lists is zero."""
    days: dict[str, set[str]] = {level: set() for level in LEVELS.values()}
    for job in jobs:
        for i in range((job.end - job.start).days + 1):
            days[LEVELS[job.report]].add((job.start + timedelta(days=i)).isoformat())
    return days


def changed(new: Mapping[str, Fact], stored: Mapping[str, Fact], days: Mapping[str, set[str]]) -> list[Fact]:
    """The facts to write: new or different ones, and stored ones Amazon dropped (now zero)."""
    writes = [fact for key, fact in new.items() if _differs(fact, stored.get(key))]
    for key, old in stored.items():
        if key not in new and old["event_date"] in days.get(old["level"], ()) and not _is_zero(old):
            writes.append(_zeroed(old))
    return writes


ZEROS = {
    "detail_page_views": 0,
    "add_to_carts": 0,
    "purchases": 0,
    "units": 0,
    "sales": "0.00",
    "below_threshold": False,
}


def _differs(fact: Fact, old: Fact | None) -> bool:
    return old is None or any(fact[name] != old.get(name) for name in FIELDS)


OPTIONAL_ZEROS = {"clicks": 0, "brb": "0.00"}  # only on the levels whose report has them


def _zeroed(fact: Fact) -> Fact:
    """A fact Amazon stopped listing: every metric it had is zero, clicks and BRB included."""
    present = {name: zero for name, zero in OPTIONAL_ZEROS.items() if fact.get(name) is not None}
    return {**fact, **ZEROS, **present}


def _is_zero(fact: Fact) -> bool:
    return _zeroed(fact) == fact


def changed_days(
    new: Mapping[str, Fact], stored: Mapping[str, Fact], days: Mapping[str, set[str]]
) -> dict[tuple[str, str], list[Fact]]:
    """The partner-days to write (one item each): every fact of a day that has a fact to write
    (`changed`), the day's unchanged stored facts with it. An unchanged pull writes none."""
    writes = changed(new, stored, days)
    touched = {(fact["partner_id"], fact["event_date"]) for fact in writes}
    found: dict[tuple[str, str], dict[str, Fact]] = {day: {} for day in touched}
    for key, fact in stored.items():
        day = (fact["partner_id"], fact["event_date"])
        if day in found:
            found[day][key] = fact
    for fact in writes:
        found[(fact["partner_id"], fact["event_date"])][fact_key(fact)] = fact
    return {day: list(facts.values()) for day, facts in found.items()}


def first_and_last(days: Mapping[str, set[str]]) -> tuple[date, date] | None:
    every = sorted(set().union(*days.values()))
    return (date.fromisoformat(every[0]), date.fromisoformat(every[-1])) if every else None
