"""Payout profiles, settings, runs and payouts in the table.

- `PARTNER#<pid>` / `PAYOUTPROFILE`: the partner's profile (details sealed, and masked).
- `ACCOUNT#<a>#PROGRAM#<p>` / `PAYOUTSETTINGS`: minimums, payout day, carry-forward, automatic
  runs; with automatic runs on, `GSI1PK = PAYOUTDAY#<dd>`, `GSI1SK = <a>#<p>` (the daily step).
- `.../PAYOUTRUN#<YYYY-MM>`: the run (one per program and month: a conditional put).
- `.../PAYOUT#<YYYY-MM>#<payout_id>`: a payout; `GSI1PK = PARTNER#<pid>`,
  `GSI1SK = PAYOUT#<YYYY-MM>#<a>#<p>` lists a partner's payouts across programs.
- `.../PAYOUTCARRIED#<YYYY-MM>#<pid>`: a partner the run carried to the next, and why.
- `.../PAYOUTPAID#<pid>`: what the program has paid the partner (the memberships' `paid`).
- `.../PAYOUTFLOOR`: the earliest event date that may hold an unpaid locked entry.
- `.../PAYOUTBUILD`: one run built at a time per program (a lease).
- `ACCOUNT#<a>` / `PPV#<YYYY-MM>`: `paid_<currency>` added in the month a payout is paid (the
  month's own PPV item; commissions are added to its parts, `ledger.dal`).
Ledger entry claims live with the entries' adapter (`payouts/entries.py`).
"""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from sellerlink.accounts.dal import partner_pk
from sellerlink.ledger.dal import month_of, ppv_paid_update
from sellerlink.marketplaces import in_minor_units
from sellerlink.payouts.models import (
    Carried,
    Payout,
    PayoutProfile,
    PayoutRun,
    PayoutSettings,
    PayoutStatus,
    RunStatus,
)
from sellerlink.programs.dal import program_pk
from sellerlink.table import ConditionFailed, Put, Table, Update

PROFILE, SETTINGS, RUN, PAYOUT, CARRIED = (
    "PAYOUTPROFILE",
    "PAYOUTSETTINGS",
    "PAYOUTRUN#",
    "PAYOUT#",
    "PAYOUTCARRIED#",
)
PAID, FLOOR, BUILD = "PAYOUTPAID#", "PAYOUTFLOOR", "PAYOUTBUILD"


class StateChanged(Exception):
    """The item was no longer in the state the change expected (someone else moved it)."""


class RunBusy(Exception):
    """Another run of the program is being built."""


def _json(model: Any) -> dict[str, Any]:
    return dict(model.model_dump(mode="json", exclude_none=True))


class PayoutStore:
    def __init__(self, table: Table) -> None:
        self._table = table

    # --- profiles and settings -------------------------------------------------------------------

    def profile(self, partner_id: str) -> PayoutProfile | None:
        item = self._table.get(partner_pk(partner_id), PROFILE)
        return PayoutProfile.model_validate(item) if item else None

    def profiles(self, partner_ids: Sequence[str]) -> dict[str, PayoutProfile]:
        items = self._table.get_many([(partner_pk(pid), PROFILE) for pid in sorted(set(partner_ids))])
        return {item["partner_id"]: PayoutProfile.model_validate(item) for item in items}

    def save_profile(self, profile: PayoutProfile) -> None:
        self._table.put({"PK": partner_pk(profile.partner_id), "SK": PROFILE, **_json(profile)})

    def settings(self, account_id: str, program_id: str) -> PayoutSettings:
        item = self._table.get(program_pk(account_id, program_id), SETTINGS)
        found = PayoutSettings.model_validate(item) if item else None
        return found or PayoutSettings(account_id=account_id, program_id=program_id)

    def save_settings(self, settings: PayoutSettings) -> None:
        item = {"PK": program_pk(settings.account_id, settings.program_id), "SK": SETTINGS, **_json(settings)}
        if settings.automatic_runs:
            item |= {"GSI1PK": f"PAYOUTDAY#{settings.payout_day:02d}", "GSI1SK": _owner(settings)}
        self._table.put(item)

    def automatic_on(self, day: int) -> list[PayoutSettings]:
        items = self._table.query_all(f"PAYOUTDAY#{day:02d}", index="GSI1")
        return [PayoutSettings.model_validate(item) for item in items]

    # --- runs ------------------------------------------------------------------------------------

    def start_run(self, run: PayoutRun) -> bool:
        """False when the program already has a run for the month (it is left as it is)."""
        return self._table.put_new(_run_item(run))

    def run(self, account_id: str, program_id: str, run_id: str) -> PayoutRun | None:
        item = self._table.get(program_pk(account_id, program_id), RUN + run_id)
        return PayoutRun.model_validate(item) if item else None

    def runs(self, account_id: str, program_id: str) -> list[PayoutRun]:
        items = self._table.query_all(program_pk(account_id, program_id), RUN)
        return [PayoutRun.model_validate(item) for item in items]

    def move_run(self, run: PayoutRun, expected: set[RunStatus], **changes: Any) -> PayoutRun:
        """Saves the run's changes if it is still in an expected status, else StateChanged."""
        updated = run.model_copy(update=changes)
        statuses = {f":s{i}": status.value for i, status in enumerate(sorted(expected))}
        try:
            self._table.put(
                _run_item(updated),
                condition=f"#status IN ({', '.join(statuses)})",
                values=statuses,
                names={"#status": "status"},
            )
        except ConditionFailed:
            raise StateChanged(run.run_id) from None
        return updated

    def lease_build(self, account_id: str, program_id: str, run_id: str, now: datetime) -> None:
        until = int((now + timedelta(minutes=15)).timestamp())
        try:
            self._table.update(
                Update(
                    key={"PK": program_pk(account_id, program_id), "SK": BUILD},
                    expression="SET run_id = :me, #until = :until",
                    values={":me": run_id, ":until": until, ":now": int(now.timestamp())},
                    names={"#until": "until"},
                    condition="attribute_not_exists(PK) OR run_id = :me OR #until < :now",
                )
            )
        except ConditionFailed:
            raise RunBusy(program_id) from None

    def end_build(self, account_id: str, program_id: str, run_id: str) -> None:
        with contextlib.suppress(ConditionFailed):
            self._table.update(
                Update(
                    key={"PK": program_pk(account_id, program_id), "SK": BUILD},
                    expression="SET #until = :zero",
                    values={":zero": 0, ":me": run_id},
                    names={"#until": "until"},
                    condition="run_id = :me",
                )
            )

    def floor(self, account_id: str, program_id: str) -> date | None:
        item = self._table.get(program_pk(account_id, program_id), FLOOR)
        return date.fromisoformat(item["day"]) if item else None

    def lower_floor(self, account_id: str, program_id: str, day: date) -> None:
        """Moves the floor to `day` if it is earlier (a failed or canceled payout's entries)."""
        with contextlib.suppress(ConditionFailed):
            self._table.update(
                Update(
                    key={"PK": program_pk(account_id, program_id), "SK": FLOOR},
                    expression="SET #day = :day",
                    values={":day": day.isoformat()},
                    names={"#day": "day"},
                    condition="attribute_not_exists(#day) OR #day > :day",
                )
            )

    def set_floor(self, account_id: str, program_id: str, day: date) -> None:
        self._table.put({"PK": program_pk(account_id, program_id), "SK": FLOOR, "day": day.isoformat()})

    # --- payouts and carried partners ------------------------------------------------------------

    def save_payouts(self, payouts: Sequence[Payout]) -> None:
        self._table.put_many([_payout_item(payout) for payout in payouts])

    def save_carried(self, account_id: str, program_id: str, carried: Sequence[Carried]) -> None:
        pk = program_pk(account_id, program_id)
        self._table.put_many(
            [{"PK": pk, "SK": f"{CARRIED}{c.run_id}#{c.partner_id}", **_json(c)} for c in carried]
        )

    def payouts(self, account_id: str, program_id: str, run_id: str) -> list[Payout]:
        items = self._table.query_all(program_pk(account_id, program_id), f"{PAYOUT}{run_id}#")
        return [Payout.model_validate(item) for item in items]

    def payout(self, account_id: str, program_id: str, run_id: str, payout_id: str) -> Payout | None:
        item = self._table.get(program_pk(account_id, program_id), f"{PAYOUT}{run_id}#{payout_id}")
        return Payout.model_validate(item) if item else None

    def carried(self, account_id: str, program_id: str, run_id: str) -> list[Carried]:
        items = self._table.query_all(program_pk(account_id, program_id), f"{CARRIED}{run_id}#")
        return [Carried.model_validate(item) for item in items]

    def of_partner(self, partner_id: str) -> list[Payout]:
        items = self._table.query_all(partner_pk(partner_id), PAYOUT, index="GSI1")
        return [Payout.model_validate(item) for item in items]

    def move_payout(self, payout: Payout, expected: PayoutStatus, **changes: Any) -> Payout:
        """The payout in its new state, or StateChanged when it left `expected` meanwhile."""
        updated = payout.model_copy(update=changes)
        writes: list[Put | Update] = [_conditional(updated, expected)]
        if updated.status is PayoutStatus.PAID and updated.paid_on is not None:
            writes += _paid_updates(updated, updated.paid_on)
        try:
            self._table.transact(writes)
        except ConditionFailed:
            raise StateChanged(payout.payout_id) from None
        return updated

    def paid_totals(self, keys: Sequence[tuple[str, str, str]]) -> dict[tuple[str, str, str], Decimal]:
        """What each (account, program, partner) has been paid, in the program's currency."""
        found = self._table.get_many([(program_pk(a, p), f"{PAID}{pid}") for a, p, pid in keys])
        paid = {
            (i["account_id"], i["program_id"], i["partner_id"]): in_minor_units(
                Decimal(str(i["paid"])), str(i["currency"])
            )
            for i in found
        }
        return {key: paid.get(key, Decimal(0)) for key in keys}


def _owner(settings: PayoutSettings) -> str:
    return f"{settings.account_id}#{settings.program_id}"


def _run_item(run: PayoutRun) -> dict[str, Any]:
    return {"PK": program_pk(run.account_id, run.program_id), "SK": RUN + run.run_id, **_json(run)}


def _payout_item(payout: Payout) -> dict[str, Any]:
    return {
        "PK": program_pk(payout.account_id, payout.program_id),
        "SK": f"{PAYOUT}{payout.run_id}#{payout.payout_id}",
        "GSI1PK": partner_pk(payout.partner_id),
        "GSI1SK": f"{PAYOUT}{payout.run_id}#{payout.account_id}#{payout.program_id}",
        **_json(payout),
    }


def _conditional(payout: Payout, expected: PayoutStatus) -> Put:
    return Put(
        _payout_item(payout),
        condition="#status = :expected",
        values={":expected": expected.value},
        names={"#status": "status"},
    )


def _paid_updates(payout: Payout, paid_on: date) -> list[Update]:
    """The partner's paid total in this program, and the account's PPV of the month paid."""
    return [
        Update(
            key={"PK": program_pk(payout.account_id, payout.program_id), "SK": f"{PAID}{payout.partner_id}"},
            expression="SET account_id = :a, program_id = :p, partner_id = :pid, currency = :c "
            "ADD paid :amount",
            values={
                ":a": payout.account_id,
                ":p": payout.program_id,
                ":pid": payout.partner_id,
                ":c": payout.currency,
                ":amount": payout.amount,
            },
        ),
        ppv_paid_update(payout.account_id, month_of(paid_on), payout.currency, payout.amount),
    ]
