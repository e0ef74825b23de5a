"""Reconciliation: the provider's result file (CSV with a header row) or a JSON list of
`{payout_id, status, reference}` applied to an exported run, row by row. A row naming an unknown
payout, an amount or currency other than the payout's, an unknown status or a payout in the
wrong state is refused with its reason; the other rows apply."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from sellerlink.accounts.models import Principal
from sellerlink.accounts.permissions import require_admin
from sellerlink.clock import Clock
from sellerlink.errors import Conflict, Unprocessable
from sellerlink.payouts.dal import PayoutStore, StateChanged
from sellerlink.payouts.entries import PayableEntries
from sellerlink.payouts.models import (
    Payout,
    PayoutStatus,
    RefusedRow,
    ResultRow,
    ResultsApplied,
    ResultStatus,
    RunStatus,
    RunView,
)
from sellerlink.payouts.notify import PayoutEvents
from sellerlink.payouts.review import RunReview, complete_if_settled, release

# A provider's columns (lower case) and the field each means; PayPal's Customer ID and Wise's
# paymentReference carry the payout id the exported files put there.
ALIASES = {
    "payout_id": "payout_id", "customer id": "payout_id", "customer_id": "payout_id",
    "paymentreference": "payout_id", "payment reference": "payout_id", "sender_item_id": "payout_id",
    "status": "status", "transaction status": "status", "payment status": "status",
    "reference": "reference", "transaction id": "reference", "transaction_id": "reference",
    "transfer id": "reference", "transferid": "reference", "id": "reference", "payout_item_id": "reference",
    "amount": "amount", "payment amount": "amount", "currency": "currency",
    "paid_on": "paid_on", "date": "paid_on", "reason": "reason", "failure reason": "reason",
}  # fmt: skip
PAID_WORDS = {"paid", "completed", "success", "succeeded", "sent", "outgoing_payment_sent"}
FAILED_WORDS = {
    "failed",
    "denied",
    "returned",
    "blocked",
    "refunded",
    "unclaimed",
    "bounced_back",
    "cancelled",
}


def parse(body: str, content_type: str) -> list[dict[str, Any] | str]:
    """Each result as a dict of fields, or the reason it cannot be read."""
    if "csv" in content_type:
        return [_csv_row(row) for row in csv.DictReader(io.StringIO(body.lstrip("\ufeff")))]
    try:
        rows = json.loads(body or "null")
    except ValueError:
        raise Unprocessable(
            "Send a JSON list of {payout_id, status, reference}, "
            "or the provider's CSV with Content-Type: text/csv."
        ) from None
    if not isinstance(rows, list) or not rows:
        raise Unprocessable("Send a non-empty JSON list of {payout_id, status, reference}.")
    return [
        row if isinstance(row, dict) else "A result must be an object {payout_id, status, reference}."
        for row in rows
    ]


def _csv_row(row: dict[str | None, Any]) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for name, value in row.items():
        field = ALIASES.get((name or "").strip().lower())
        if field and value not in (None, ""):
            found[field] = value.strip() if isinstance(value, str) else value
    return found


def _status(value: Any) -> Any:
    word = str(value or "").strip().lower()
    return "paid" if word in PAID_WORDS else "failed" if word in FAILED_WORDS else value


@dataclass(frozen=True)
class Reconciliation:
    review: RunReview
    payouts: PayoutStore
    entries: PayableEntries
    clock: Clock
    events: PayoutEvents

    def apply(
        self, principal: Principal, program_id: str, run_id: str, rows: Sequence[dict[str, Any] | str]
    ) -> ResultsApplied:
        require_admin(principal, "record payout results")
        run = self.review.run(principal, program_id, run_id)
        if run.status not in (RunStatus.EXPORTED, RunStatus.COMPLETED):
            raise Conflict(f"Run {run_id} is {run.status}; results apply to an exported run.")
        by_id = {p.payout_id: p for p in self.payouts.payouts(run.account_id, program_id, run_id)}
        outcome = ResultsApplied(
            run=RunView.model_validate(run.model_dump()), applied=[], unchanged=[], refused=[]
        )
        for number, raw in enumerate(rows, start=1):
            self._row(outcome, by_id, number, raw, run_id)
        settled = complete_if_settled(
            self.payouts, self.payouts.run(run.account_id, program_id, run_id) or run, self.clock.now()
        )
        outcome.run = RunView.model_validate(settled.model_dump())
        return outcome

    def _row(
        self,
        outcome: ResultsApplied,
        by_id: dict[str, Payout],
        number: int,
        raw: dict[str, Any] | str,
        run_id: str,
    ) -> None:
        payout_id = raw.get("payout_id") if isinstance(raw, dict) else None
        try:
            row = _validated(raw)
            payout = by_id.get(row.payout_id)
            if payout is None:
                raise Unprocessable(f"Payout {row.payout_id} is not in run {run_id}.")
            changed = self._one(payout, row)
        except Unprocessable as refused:
            outcome.refused.append(
                RefusedRow(row=number, payout_id=str(payout_id) if payout_id else None, reason=refused.detail)
            )
            return
        if changed is None:
            outcome.unchanged.append(payout.payout_id)
        else:
            by_id[payout.payout_id] = changed
            outcome.applied.append(payout.payout_id)

    def _one(self, payout: Payout, row: ResultRow) -> Payout | None:
        _same_money(payout, row)
        wanted = PayoutStatus.PAID if row.status is ResultStatus.PAID else PayoutStatus.FAILED
        if payout.status is wanted and (
            row.reference in (None, payout.reference) or wanted is PayoutStatus.FAILED
        ):
            return None
        if payout.status is not PayoutStatus.PROCESSING:
            raise Unprocessable(
                f"Payout {payout.payout_id} is {payout.status}; only a payout being processed takes a result."
            )
        now = self.clock.now()
        if wanted is PayoutStatus.FAILED:
            return self._failed(payout, row)
        if not row.reference:
            raise Unprocessable(f"A paid result needs the provider's reference (payout {payout.payout_id}).")
        paid_on = row.paid_on or now.date()
        if paid_on > now.date():
            raise Unprocessable(f"paid_on {paid_on} is in the future; give the day the money was sent.")
        paid = self._move(
            payout, status=PayoutStatus.PAID, reference=row.reference, paid_on=paid_on, updated_at=now
        )
        self.events.payout_paid(paid, now)
        return paid

    def _failed(self, payout: Payout, row: ResultRow) -> Payout:
        now = self.clock.now()
        reason = row.reason or "The provider reported the payment failed."
        failed = self._move(
            payout, status=PayoutStatus.FAILED, failure_reason=reason, reference=row.reference, updated_at=now
        )
        release(self.payouts, self.entries, failed)
        self.events.payout_failed(failed, now)
        return failed

    def _move(self, payout: Payout, **changes: Any) -> Payout:
        try:
            return self.payouts.move_payout(payout, PayoutStatus.PROCESSING, **changes)
        except StateChanged:
            raise Unprocessable(
                f"Payout {payout.payout_id} changed meanwhile; send its result again."
            ) from None


def _validated(raw: dict[str, Any] | str) -> ResultRow:
    if isinstance(raw, str):
        raise Unprocessable(raw)
    if not raw.get("payout_id"):
        raise Unprocessable("The result names no payout_id (PayPal: Customer ID; Wise: paymentReference).")
    data = {**raw, "status": _status(raw.get("status"))}
    try:
        return ResultRow.model_validate(data)
    except ValidationError as invalid:
        first = invalid.errors()[0]
        field = ".".join(str(part) for part in first["loc"])
        if field == "status":
            raise Unprocessable(
                f"Status '{raw.get('status')}' is not one this API knows; use paid or failed."
            ) from None
        raise Unprocessable(f"{field}: {first['msg']}.") from None


def _same_money(payout: Payout, row: ResultRow) -> None:
    if row.currency is not None and row.currency.upper() != payout.currency:
        raise Unprocessable(
            f"The result is in {row.currency}; payout {payout.payout_id} is in {payout.currency}."
        )
    if row.amount is not None and row.amount != payout.amount:
        raise Unprocessable(
            f"The result says {row.amount} {payout.currency}; "
            f"payout {payout.payout_id} is {payout.amount} {payout.currency}."
        )
