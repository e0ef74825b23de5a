"""A run's plan: a pure function from a program's unpaid locked entries to payouts and carried
partners. One payout per partner, in the program's currency; a partner without a profile, below
the minimum or with a negative balance is carried, with the reason (a negative balance is written
off instead when the program does not carry negatives)."""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_EVEN, Decimal

from sellerlink.marketplaces import MARKETPLACES
from sellerlink.payouts.models import (
    Carried,
    CarryReason,
    PayableEntry,
    Payout,
    PayoutProfile,
    PayoutRun,
    PayoutSettings,
    PayoutStatus,
)

ZERO = Decimal(0)


@dataclass
class RunPlan:
    payouts: list[tuple[Payout, list[str]]] = field(default_factory=list)
    carried: list[Carried] = field(default_factory=list)
    written_off: list[tuple[str, list[str]]] = field(default_factory=list)  # (claim id, entry ids)
    floor: date = date.max

    @property
    def total(self) -> Decimal:
        return sum((payout.amount for payout, _ in self.payouts), ZERO)


def month_bounds(month: str) -> tuple[date, date]:
    first = date.fromisoformat(f"{month}-01")
    following = (first.replace(day=28) + timedelta(days=4)).replace(day=1)
    return first, following - timedelta(days=1)


def payout_id(run: PayoutRun, partner_id: str, prefix: str = "po_") -> str:
    digest = hashlib.sha256(f"{run.account_id}|{run.program_id}|{run.run_id}|{partner_id}".encode())
    return prefix + digest.hexdigest()[:16]


def plan_run(
    run: PayoutRun,
    settings: PayoutSettings,
    entries: Sequence[PayableEntry],
    profiles: Mapping[str, PayoutProfile],
    marketplace: str,
    now: datetime,
) -> RunPlan:
    by_partner: dict[str, list[PayableEntry]] = defaultdict(list)
    for entry in entries:
        by_partner[entry.partner_id].append(entry)
    plan = RunPlan(floor=run.through + timedelta(days=1))
    minor = MARKETPLACES[marketplace].minor_unit
    for partner_id in sorted(by_partner):
        _plan_partner(plan, run, settings, by_partner[partner_id], profiles.get(partner_id), minor, now)
    return plan


def _plan_partner(
    plan: RunPlan,
    run: PayoutRun,
    settings: PayoutSettings,
    entries: list[PayableEntry],
    profile: PayoutProfile | None,
    minor: Decimal,
    now: datetime,
) -> None:
    partner_id, ids = entries[0].partner_id, [e.entry_id for e in entries]
    amount = sum((e.amount for e in entries), ZERO).quantize(minor, rounding=ROUND_HALF_EVEN)
    reason = _carry_reason(run, settings, amount, profile)
    if reason is None:
        assert profile is not None
        month_start = date.fromisoformat(f"{run.month}-01")
        carried_in = sum((e.amount for e in entries if e.event_date < month_start), ZERO)
        plan.payouts.append((_payout(run, partner_id, profile, amount, carried_in, len(ids), now), ids))
        return
    kind, detail = reason
    plan.carried.append(Carried(run_id=run.run_id, partner_id=partner_id, reason=kind, detail=detail,
                                balance=amount, currency=run.currency, entries=len(ids)))  # fmt: skip
    if kind is CarryReason.WRITTEN_OFF:
        plan.written_off.append((payout_id(run, partner_id, "wo_"), ids))
    else:
        plan.floor = min(plan.floor, min(e.event_date for e in entries))


def _carry_reason(
    run: PayoutRun, settings: PayoutSettings, amount: Decimal, profile: PayoutProfile | None
) -> tuple[CarryReason, str] | None:
    owed = f"{amount} {run.currency}"
    if amount < ZERO and not settings.carry_negative:
        return (
            CarryReason.WRITTEN_OFF,
            f"A negative balance of {owed} is written off: the program does not carry negatives.",
        )
    if amount < ZERO:
        return CarryReason.NEGATIVE, f"A negative balance of {owed} is carried: it reduces the next payout."
    if profile is None:
        return CarryReason.NO_PROFILE, (
            f"{owed} is carried: the partner has no payout profile (PUT /v1/partner/payout-profile)."
        )
    minimum = settings.minimum_for(run.currency)
    if amount < minimum or amount == ZERO:
        return (
            CarryReason.BELOW_MINIMUM,
            f"{owed} is below the minimum payout of {minimum} {run.currency}; carried.",
        )
    return None


def _payout(
    run: PayoutRun,
    partner_id: str,
    profile: PayoutProfile,
    amount: Decimal,
    carried_in: Decimal,
    entries: int,
    now: datetime,
) -> Payout:
    return Payout(
        payout_id=payout_id(run, partner_id),
        run_id=run.run_id,
        account_id=run.account_id,
        program_id=run.program_id,
        partner_id=partner_id,
        status=PayoutStatus.PENDING,
        method=profile.method,
        masked_details=profile.masked,
        amount=amount,
        currency=run.currency,
        balance_carried=carried_in,
        entries=entries,
        created_at=now,
        updated_at=now,
    )
