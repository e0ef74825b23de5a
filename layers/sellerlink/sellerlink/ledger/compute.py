"""The ledger's compute step: a pure function from report rows and balances to new entries.

For every key (partner, event date, ASIN, conversion type) of the dates a pull covers, the
commission Amazon's current numbers imply (through `terms.commission`) is compared with the sum
the ledger already holds, and the difference becomes an entry: `created` for a key with nothing
owed yet, `reversed` when nothing is owed any more, `adjusted` otherwise. Sales that PRODUCTS did
not list (it keeps each campaign's top 100 products) are the ADGROUP total minus the PRODUCTS sum,
paid at the default rate under the `unallocated` conversion type. Locked dates never change.
No I/O: about a million rows a day go through here.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

from sellerlink.attribution.models import AttributionRow, ConversionType, Report
from sellerlink.ledger.models import AnyEntry, Balance, EntryKind, EntryLine, LedgerKey, Measured
from sellerlink.ledger.reasons import Change, reason
from sellerlink.terms.commission import NO_TERMS, CompiledTerms, TermsSchedule, earned, in_force

ZERO = Decimal(0)
EMPTY = Balance(ZERO)
NOTHING = Measured(0, 0, ZERO)


def balances_of(entries: Iterable[AnyEntry]) -> dict[LedgerKey, Balance]:
    """What the ledger holds per key from Amazon's numbers; a brand's custom adjustment is not
    Amazon's to recompute, so it never enters a balance (else the next pull would reverse it)."""
    found: dict[LedgerKey, Balance] = {}
    for entry in entries:
        if entry.kind is not EntryKind.CUSTOM:
            found[entry.key] = found.get(entry.key, EMPTY).plus(entry)
    return found


def is_locked(event_date: date, today: date, lock_period_days: int) -> bool:
    """An event date locks once the lock period has passed since it: it never changes again."""
    return event_date <= locked_through(today, lock_period_days)


def locked_through(today: date, lock_period_days: int) -> date:
    """The last event date that is locked today."""
    return today - timedelta(days=lock_period_days)


@dataclass(frozen=True)
class LedgerRun:
    """What one pull's ledger step knows besides the rows: terms, dates, currency, identity."""

    program_id: str
    currency: str
    pull_id: str
    now: datetime
    dates: frozenset[date]
    program_terms: TermsSchedule
    partner_terms: Mapping[str, TermsSchedule]


def measure(rows: Iterable[AttributionRow], partner_of: Mapping[str, str]) -> dict[LedgerKey, Measured]:
    """Amazon's numbers per key: PRODUCTS rows, plus each partner-day's unallocated remainder.
    The loop runs once per report row: plain tuples and lists, no call per row."""
    products: dict[tuple[date, str, str | None, ConversionType], list[int | Decimal]] = {}
    totals: dict[tuple[str, date], list[int | Decimal]] = {}
    for row in rows:
        partner = partner_of.get(row.ad_group_id)
        if partner is None or row.report is Report.CREATIVE:
            continue
        if row.report is Report.PRODUCTS:
            assert row.conversion_type is not None
            sums = products.get(key := (row.event_date, partner, row.asin, row.conversion_type))
            if sums is None:
                products[key] = [row.purchases, row.units, ZERO + row.sales]
                continue
        else:
            sums = totals.get(partner_day := (partner, row.event_date))
            if sums is None:
                totals[partner_day] = [row.purchases, row.units, ZERO + row.sales]
                continue
        sums[0] += row.purchases
        sums[1] += row.units
        sums[2] += row.sales
    listed: dict[tuple[str, date], list[int | Decimal]] = {}
    for (event_date, partner, _, _), sums in products.items():
        _add_sums(listed.setdefault((partner, event_date), [0, 0, ZERO]), sums)
    measured = {LedgerKey._make(key): Measured._make(sums) for key, sums in products.items()}
    for (partner, day), total in totals.items():
        known = listed.get((partner, day), [0, 0, ZERO])
        remainder = [max(total[0] - known[0], 0), max(total[1] - known[1], 0), max(total[2] - known[2], ZERO)]
        if remainder[2] > ZERO or remainder[0] > 0:
            measured[LedgerKey(day, partner, None, ConversionType.UNALLOCATED)] = Measured._make(remainder)
    return measured


def entries(
    run: LedgerRun, measured: Mapping[LedgerKey, Measured], balances: Mapping[LedgerKey, Balance]
) -> list[EntryLine]:
    """The entries that bring the ledger to what `measured` implies, for the run's dates only.

    A key changes when its commission does, and also when only Amazon's numbers do (per-purchase
    or 0% terms): then an `adjusted` entry of amount 0 keeps sales, units and purchases true.
    Entries are slotted dataclasses (`EntryLine`): a pull builds hundreds of thousands."""
    found: list[EntryLine] = []
    dates = run.dates
    keys = [(key.sort_key, key) for key in {*measured, *balances} if key.event_date in dates]
    keys.sort(key=_first)
    terms_of: dict[tuple[str, date], CompiledTerms | None] = {}  # per partner-day, not per key
    for sort_key, key in keys:
        now = measured.get(key)
        held = balances.get(key, EMPTY)
        if now is None:
            implied = ZERO
        else:
            partner_day = (key.partner_id, key.event_date)
            if partner_day in terms_of:
                terms = terms_of[partner_day]
            else:
                partner_terms = run.partner_terms.get(key.partner_id, NO_TERMS)
                terms = terms_of[partner_day] = in_force(run.program_terms, partner_terms, key.event_date)
            implied = earned(terms, key.event_date, key.asin, key.conversion_type, *now, run.currency)
        if implied == held.amount and _same_numbers(now, held):
            continue
        kind = (
            EntryKind.CREATED
            if held == EMPTY
            else EntryKind.REVERSED
            if _numbers(now) == _numbers(None)
            else EntryKind.ADJUSTED
        )
        found.append(_entry(run, key, sort_key, kind, implied - held.amount, now, held))
    return found


def _first(pair: tuple[str, LedgerKey]) -> str:
    return pair[0]


def _numbers(now: Measured | None) -> tuple[Decimal, int, int]:
    measured = now or Measured(0, 0, ZERO)
    return measured.sales, measured.units, measured.purchases


def _same_numbers(now: Measured | None, held: Balance) -> bool:
    return _numbers(now) == (held.sales, held.units, held.purchases)


def _entry(
    run: LedgerRun,
    key: LedgerKey,
    sort_key: str,
    kind: EntryKind,
    amount: Decimal,
    now: Measured | None,
    held: Balance,
) -> EntryLine:
    measured = now or NOTHING
    why = (
        None
        if kind is EntryKind.CREATED and key.conversion_type is not ConversionType.UNALLOCATED
        else reason(
            Change(key, kind, measured, held, str(held.amount + amount), run.currency, run.now.date())
        )
    )
    return EntryLine(
        f"{sort_key}#{run.pull_id}",
        run.program_id,
        key.partner_id,
        key.event_date,
        key.asin,
        key.conversion_type,
        kind,
        measured.purchases - held.purchases,
        measured.units - held.units,
        measured.sales - held.sales,
        amount,
        run.currency,
        run.pull_id,
        run.now,
        why,
    )


def _add_sums(sums: list[int | Decimal], more: list[int | Decimal]) -> None:
    for i in range(3):
        sums[i] += more[i]
