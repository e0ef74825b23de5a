"""Ledger entries, the ledger lock and PPV in the table. Entries are written once, never updated.

- `ACCOUNT#<a>#PROGRAM#<p>` / `LEDGER#<date>#<partner>#<asin or ->#<type>#<pull_id>`: an entry. The
  sort key starts with the event date, so a pull reads its window's balances in one range query;
  it ends with the pull, so one pull can append at most one entry per key: a retried step whose
  entry is already there skips it (conditional put).
- `ACCOUNT#<a>#PROGRAM#<p>` / `LEDGERLOCK`: one ledger step at a time per program (a lease).
- `ACCOUNT#<a>` / `PPV#<YYYY-MM>`: the account's commissions of the month per currency, added in
  the same transaction as the entries that change it; beside them, `paid_<currency>`: what was
  paid out in the month (`ppv_paid_update`, written by payouts when a payout is paid).
- each partner's earnings per event date and in all (`ledger.earnings`), added in that transaction too.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Sequence
from datetime import date, datetime, timedelta
from decimal import Decimal

from sellerlink.accounts.dal import account_pk
from sellerlink.ledger.earnings import earnings_updates, rollup_keys
from sellerlink.ledger.models import LedgerEntry
from sellerlink.programs.dal import program_pk
from sellerlink.table import ConditionFailed, Item, Put, Table, Update

PREFIX = "LEDGER#"
LOCK = "LEDGERLOCK"
TRANSACTION_ITEMS = 100
CONDITION_FAILED = "ConditionalCheckFailed"
PPV_PREFIX = "commission_"
PPV_PAID_PREFIX = "paid_"


class LedgerBusy(Exception):
    """Another pull's ledger step holds the program's ledger; the workflow retries later."""


LOCKED_THROUGH = "LOCKED_THROUGH"


def month_of(day: date) -> str:
    return day.strftime("%Y-%m")


class LedgerStore:
    def __init__(self, table: Table) -> None:
        self._table = table

    def locked_through(self, account_id: str, program_id: str) -> date | None:
        """The last event date whose locking was announced (`action.locked`, `statement.ready`)."""
        item = self._table.get(program_pk(account_id, program_id), LOCKED_THROUGH)
        return date.fromisoformat(item["day"]) if item else None

    def set_locked_through(self, account_id: str, program_id: str, day: date) -> None:
        self._table.put(
            {"PK": program_pk(account_id, program_id), "SK": LOCKED_THROUGH, "day": day.isoformat()}
        )

    def between(self, account_id: str, program_id: str, first: date, last: date) -> list[LedgerEntry]:
        bounds = (f"{PREFIX}{first.isoformat()}", f"{PREFIX}{last.isoformat()}~")
        items = self._table.query_all(program_pk(account_id, program_id), sk_between=bounds)
        return [LedgerEntry.model_validate(item) for item in items]

    def entry(self, account_id: str, program_id: str, entry_id: str) -> LedgerEntry | None:
        item = self._table.get(program_pk(account_id, program_id), PREFIX + entry_id)
        return LedgerEntry.model_validate(item) if item else None

    def scan(
        self,
        account_id: str,
        program_id: str,
        first: date,
        last: date,
        accepts: Callable[[LedgerEntry], bool],
        limit: int,
        cursor: str | None,
    ) -> tuple[list[LedgerEntry], str | None]:
        """Up to `limit` accepted entries from `cursor` on, and the cursor after the last one."""
        bounds = (f"{PREFIX}{first.isoformat()}", f"{PREFIX}{last.isoformat()}~")

        def pick(item: Item) -> LedgerEntry | None:
            entry = LedgerEntry.model_validate(item)
            return entry if accepts(entry) else None

        return self._table.collect(program_pk(account_id, program_id), pick, limit, cursor, sk_between=bounds)

    def append(self, account_id: str, entries: Sequence[LedgerEntry]) -> int:
        """Writes the entries not yet written, with their PPV, in transactions; how many were new."""
        written = 0
        for chunk in _chunks(entries):
            written += self._append_chunk(account_id, list(chunk))
        return written

    def _append_chunk(self, account_id: str, chunk: list[LedgerEntry]) -> int:
        while chunk:
            writes = [Put(_item(account_id, e), condition="attribute_not_exists(PK)") for e in chunk]
            try:
                updates = [*_ppv_updates(account_id, chunk), *earnings_updates(account_id, chunk)]
                self._table.transact([*writes, *updates])
            except ConditionFailed as failed:
                reasons = failed.reasons[: len(chunk)]
                present = {i for i, reason in enumerate(reasons) if reason == CONDITION_FAILED}
                if not present:
                    raise
                chunk = [entry for i, entry in enumerate(chunk) if i not in present]
                continue
            return len(chunk)
        return 0

    def lock(self, account_id: str, program_id: str, pull_id: str, now: datetime, lease: timedelta) -> None:
        """Takes the program's ledger for this pull (again, after a crash), or raises LedgerBusy."""
        try:
            self._table.update(
                Update(
                    key={"PK": program_pk(account_id, program_id), "SK": LOCK},
                    expression="SET pull_id = :me, #until = :until",
                    values={
                        ":me": pull_id,
                        ":until": int((now + lease).timestamp()),
                        ":now": int(now.timestamp()),
                    },
                    names={"#until": "until"},
                    condition="attribute_not_exists(PK) OR pull_id = :me OR #until < :now",
                )
            )
        except ConditionFailed:
            raise LedgerBusy(f"program {program_id}: another pull is writing its ledger") from None

    def unlock(self, account_id: str, program_id: str, pull_id: str) -> None:
        with contextlib.suppress(ConditionFailed):
            self._table.update(
                Update(
                    key={"PK": program_pk(account_id, program_id), "SK": LOCK},
                    expression="SET #until = :zero",
                    values={":zero": 0, ":me": pull_id},
                    names={"#until": "until"},
                    condition="pull_id = :me",
                )
            )

    def ppv(self, account_id: str, month: str, prefix: str = PPV_PREFIX) -> dict[str, Decimal]:
        """The month's commissions per currency (`prefix=PPV_PAID_PREFIX`: what was paid out)."""
        item = self._table.get(account_pk(account_id), f"PPV#{month}") or {}
        return {
            name.removeprefix(prefix): Decimal(str(value))
            for name, value in item.items()
            if name.startswith(prefix)
        }


def ppv_paid_update(account_id: str, month: str, currency: str, amount: Decimal) -> Update:
    """Adds a paid amount to the account's PPV of the month it was paid, beside the commissions."""
    return _ppv_add(account_id, month, PPV_PAID_PREFIX + currency, amount)


def _ppv_add(account_id: str, month: str, attribute: str, amount: Decimal) -> Update:
    return Update(
        key={"PK": account_pk(account_id), "SK": f"PPV#{month}"},
        expression="SET #month = :month ADD #currency :amount",
        values={":month": month, ":amount": amount},
        names={"#month": "month", "#currency": attribute},
    )


def _item(account_id: str, entry: LedgerEntry) -> Item:
    return {
        "PK": program_pk(account_id, entry.program_id),
        "SK": PREFIX + entry.entry_id,
        **entry.model_dump(mode="json", exclude_none=True),
    }


def _ppv_updates(account_id: str, chunk: Sequence[LedgerEntry]) -> list[Update]:
    sums: dict[tuple[str, str], Decimal] = {}
    for entry in chunk:
        key = (month_of(entry.event_date), entry.currency)
        sums[key] = sums.get(key, Decimal(0)) + entry.amount
    return [
        _ppv_add(account_id, month, PPV_PREFIX + currency, amount)
        for (month, currency), amount in sums.items()
    ]


def _chunks(entries: Sequence[LedgerEntry]) -> list[list[LedgerEntry]]:
    """Transactions of at most 100 items: entries, one PPV update per month and currency, and the
    partners' earnings updates (`ledger.earnings`)."""
    chunks: list[list[LedgerEntry]] = []
    current: list[LedgerEntry] = []
    months: set[tuple[str, str]] = set()
    rollups: set[tuple[str, str, str]] = set()
    for entry in entries:
        month = (month_of(entry.event_date), entry.currency)
        adds = rollup_keys([entry]) - rollups
        if len(current) + 1 + len(months | {month}) + len(rollups) + len(adds) > TRANSACTION_ITEMS:
            chunks.append(current)
            current, months, rollups = [], set(), set()
            adds = rollup_keys([entry])
        current.append(entry)
        months.add(month)
        rollups |= adds
    if current:
        chunks.append(current)
    return chunks
