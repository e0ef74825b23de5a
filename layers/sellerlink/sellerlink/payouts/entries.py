"""The ledger as payouts read it: locked entries that no payout holds yet, by the ledger's own ids.

`PayableEntries` is the port the run logic calls; `LedgerPayableEntries` is its adapter over the
ledger's store as it is today. When the ledger's storage changes, this adapter is what changes.

A claim ties an entry to the payout that pays it: `ACCOUNT#<a>#PROGRAM#<p>` /
`PAYOUTCLAIM#<entry_id>` (`GSI2PK = PAYOUTENTRIES#<payout_id>`, `GSI2SK = <entry_id>` lists a
payout's entries). It is a conditional put: an entry belongs to at most one live payout. A failed
or canceled payout releases its claims (`released = true`), so the next run may claim them again.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Protocol

from sellerlink.ledger.dal import LedgerStore
from sellerlink.payouts.models import PayableEntry
from sellerlink.programs.dal import program_pk
from sellerlink.table import ConditionFailed, Put, Table, Update

CLAIM = "PAYOUTCLAIM#"
ENTRIES = "PAYOUTENTRIES#"
TRANSACTION_ITEMS = 100


class ClaimConflict(Exception):
    """An entry is already held by another live payout."""


class PayableEntries(Protocol):
    def unpaid(
        self, account_id: str, program_id: str, first: date, last: date, run_id: str
    ) -> list[PayableEntry]:
        """Entries dated `first`..`last` that no live payout holds (or that this run's payouts hold)."""
        ...

    def claim(
        self, account_id: str, program_id: str, payout_id: str, run_id: str, entry_ids: Sequence[str]
    ) -> None:
        """Ties the entries to the payout, or ClaimConflict when another live payout holds one."""
        ...

    def release(self, account_id: str, program_id: str, payout_id: str) -> date | None:
        """Lets the payout's entries go to a later run; the earliest event date released."""
        ...

    def of_payout(self, account_id: str, program_id: str, payout_id: str) -> list[str]: ...


class LedgerPayableEntries:
    def __init__(self, ledger: LedgerStore, table: Table) -> None:
        self._ledger, self._table = ledger, table

    def unpaid(
        self, account_id: str, program_id: str, first: date, last: date, run_id: str
    ) -> list[PayableEntry]:
        entries = self._ledger.between(account_id, program_id, first, last)
        bounds = (f"{CLAIM}{first.isoformat()}", f"{CLAIM}{last.isoformat()}~")
        claims = self._table.query_all(program_pk(account_id, program_id), sk_between=bounds)
        held = {
            item["SK"].removeprefix(CLAIM)
            for item in claims
            if not item.get("released") and item.get("run_id") != run_id
        }
        return [
            PayableEntry(
                entry_id=e.entry_id,
                partner_id=e.partner_id,
                event_date=e.event_date,
                amount=e.amount,
                currency=e.currency,
            )
            for e in entries
            if e.entry_id not in held
        ]

    def claim(
        self, account_id: str, program_id: str, payout_id: str, run_id: str, entry_ids: Sequence[str]
    ) -> None:
        pk = program_pk(account_id, program_id)
        for start in range(0, len(entry_ids), TRANSACTION_ITEMS):
            writes = [
                Put(
                    {
                        "PK": pk,
                        "SK": CLAIM + entry_id,
                        "GSI2PK": ENTRIES + payout_id,
                        "GSI2SK": entry_id,
                        "payout_id": payout_id,
                        "run_id": run_id,
                    },
                    condition="attribute_not_exists(PK) OR released = :yes OR payout_id = :me",
                    values={":yes": True, ":me": payout_id},
                )
                for entry_id in entry_ids[start : start + TRANSACTION_ITEMS]
            ]
            try:
                self._table.transact(writes)
            except ConditionFailed:
                raise ClaimConflict(payout_id) from None

    def release(self, account_id: str, program_id: str, payout_id: str) -> date | None:
        pk = program_pk(account_id, program_id)
        ids = self.of_payout(account_id, program_id, payout_id)
        for start in range(0, len(ids), TRANSACTION_ITEMS):
            self._table.transact(
                Update(
                    key={"PK": pk, "SK": CLAIM + entry_id},
                    expression="SET released = :yes",
                    values={":yes": True, ":me": payout_id},
                    condition="payout_id = :me",
                )
                for entry_id in ids[start : start + TRANSACTION_ITEMS]
            )
        return min((_event_date(entry_id) for entry_id in ids), default=None)

    def of_payout(self, account_id: str, program_id: str, payout_id: str) -> list[str]:
        items = self._table.query_all(ENTRIES + payout_id, index="GSI2")
        pk = program_pk(account_id, program_id)
        return sorted(str(item["GSI2SK"]) for item in items if item["PK"] == pk)


def _event_date(entry_id: str) -> date:
    """A ledger entry id starts with its event date (`<date>#<partner>#...`)."""
    return date.fromisoformat(entry_id.split("#", 1)[0])
