"""What each partner has earned, kept beside the ledger in the same transactions as its entries,
so that a partner's numbers never need a read of a whole program's ledger.

- `ACCOUNT#<a>#PROGRAM#<p>` / `EARNINGS#<partner>#<date>`: the sum of the partner's entries of one
  event date; GSI1 `PARTNER#<partner>` / `EARNINGS#<date>#<a>#<p>` reads a partner's days across
  all its programs as one range.
- `ACCOUNT#<a>#PROGRAM#<p>` / `EARNED#<partner>`: the sum of all the partner's entries in the
  program (the balance's total).

Both are `ADD`ed in the transaction that writes the entries (as PPV is), so they always equal
the ledger; a retried transaction adds only for the entries it writes.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sellerlink.accounts.dal import partner_pk
from sellerlink.ledger.models import AnyEntry
from sellerlink.marketplaces import in_minor_units
from sellerlink.programs.dal import ids_of, program_pk
from sellerlink.table import Item, Table, Update

DAY = "EARNINGS#"
TOTAL = "EARNED#"


@dataclass(frozen=True)
class DailyEarnings:
    """A partner's commission of one event date in one program."""

    account_id: str
    program_id: str
    partner_id: str
    event_date: date
    currency: str
    amount: Decimal


def earnings_updates(account_id: str, chunk: Sequence[AnyEntry]) -> list[Update]:
    """One update per (program, partner, event date) and one per (program, partner) of the chunk."""
    days: dict[tuple[str, str, date, str], Decimal] = {}
    totals: dict[tuple[str, str, str], Decimal] = {}
    for entry in chunk:
        day = (entry.program_id, entry.partner_id, entry.event_date, entry.currency)
        days[day] = days.get(day, Decimal(0)) + entry.amount
        total = (entry.program_id, entry.partner_id, entry.currency)
        totals[total] = totals.get(total, Decimal(0)) + entry.amount
    return [_day(account_id, *key, amount) for key, amount in days.items()] + [
        _total(account_id, *key, amount) for key, amount in totals.items()
    ]


def rollup_keys(chunk: Iterable[AnyEntry]) -> set[tuple[str, str, str]]:
    """The rollup items a chunk of entries updates (each counts as one item of its transaction)."""
    found: set[tuple[str, str, str]] = set()
    for entry in chunk:
        found |= {
            (entry.program_id, entry.partner_id, entry.event_date.isoformat()),
            (entry.program_id, entry.partner_id, ""),
        }
    return found


def _day(
    account_id: str, program_id: str, partner_id: str, day: date, currency: str, amount: Decimal
) -> Update:
    return Update(
        key={"PK": program_pk(account_id, program_id), "SK": f"{DAY}{partner_id}#{day.isoformat()}"},
        expression="SET GSI1PK = :gpk, GSI1SK = :gsk, account_id = :a, program_id = :p, partner_id = :pid, "
        "event_date = :d, currency = :c ADD amount :amount",
        values={
            ":gpk": partner_pk(partner_id),
            ":gsk": f"{DAY}{day.isoformat()}#{account_id}#{program_id}",
            ":a": account_id,
            ":p": program_id,
            ":pid": partner_id,
            ":d": day.isoformat(),
            ":c": currency,
            ":amount": amount,
        },
    )


def _total(account_id: str, program_id: str, partner_id: str, currency: str, amount: Decimal) -> Update:
    return Update(
        key={"PK": program_pk(account_id, program_id), "SK": f"{TOTAL}{partner_id}"},
        expression="SET currency = :c ADD amount :amount",
        values={":c": currency, ":amount": amount},
    )


class EarningsStore:
    def __init__(self, table: Table) -> None:
        self._table = table

    def days(self, partner_id: str, first: date, last: date) -> list[DailyEarnings]:
        """The partner's commission per program and event date from `first` to `last`, across programs."""
        bounds = (f"{DAY}{first.isoformat()}", f"{DAY}{last.isoformat()}~")
        items = self._table.query_all(partner_pk(partner_id), index="GSI1", sk_between=bounds)
        return [_daily(item) for item in items]

    def totals(self, partner_id: str, programs: Iterable[tuple[str, str]]) -> dict[str, Decimal]:
        """All the partner has earned in each of these (account, program) ids, keyed by program id."""
        keys = [(program_pk(a, p), f"{TOTAL}{partner_id}") for a, p in set(programs)]
        return {
            ids_of(str(item["PK"]))[1]: in_minor_units(Decimal(str(item["amount"])), str(item["currency"]))
            for item in self._table.get_many(keys)
        }


def _daily(item: Item) -> DailyEarnings:
    return DailyEarnings(
        account_id=str(item["account_id"]),
        program_id=str(item["program_id"]),
        partner_id=str(item["partner_id"]),
        event_date=date.fromisoformat(str(item["event_date"])),
        currency=str(item["currency"]),
        amount=in_minor_units(Decimal(str(item["amount"])), str(item["currency"])),
    )
