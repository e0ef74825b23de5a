"""A partner's memberships with names and balances: pending (event dates not locked yet), locked
(locked, not paid) and paid (what payouts marked paid). Totals and daily sums come from the
ledger's partner rollups (`ledger.earnings`), never from a read of a whole program's ledger; paid
totals from the payouts (`sellerlink.payouts.balances.PaidBalances`, through the `PaidTotals` port)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Protocol

from sellerlink.accounts.models import Principal
from sellerlink.accounts.permissions import require_partner
from sellerlink.clock import Clock
from sellerlink.earnings.models import Balance, PartnerMembership
from sellerlink.ledger.compute import locked_through
from sellerlink.ledger.earnings import EarningsStore
from sellerlink.marketplaces import MARKETPLACES
from sellerlink.partners.dal import PartnerStore
from sellerlink.partners.models import Membership
from sellerlink.programs.dal import ProgramStore
from sellerlink.programs.models import Program

ZERO = Decimal(0)


class PaidTotals(Protocol):
    def of(self, memberships: Sequence[Membership]) -> dict[tuple[str, str], Decimal]:
        """(account_id, program_id) -> what the membership's partner was paid."""
        ...


@dataclass(frozen=True)
class BalanceStores:
    programs: ProgramStore
    partners: PartnerStore
    earnings: EarningsStore
    paid: PaidTotals
    clock: Clock


def memberships(stores: BalanceStores, principal: Principal) -> list[PartnerMembership]:
    """The partner's programs, oldest membership first, each with its name, brand and balance."""
    partner_id = require_partner(principal)
    found = sorted(stores.partners.of_partner(partner_id), key=lambda m: m.created_at)
    keys = [(m.account_id, m.program_id) for m in found]
    programs = stores.programs.get_many(keys)
    totals = stores.earnings.totals(partner_id, keys)
    pending = _pending(stores.earnings, partner_id, list(programs.values()), stores.clock.now().date())
    paid = stores.paid.of(found)
    return [
        _view(
            m,
            programs[m.program_id],
            totals.get(m.program_id, ZERO),
            pending.get(m.program_id, ZERO),
            paid.get((m.account_id, m.program_id), ZERO),
        )
        for m in found
        if m.program_id in programs
    ]


def _pending(
    earnings: EarningsStore, partner_id: str, programs: list[Program], today: date
) -> dict[str, Decimal]:
    """Per program, the commissions of event dates after its lock boundary (one range read)."""
    open_from = {
        p.program_id: locked_through(today, p.lock_period_days) + timedelta(days=1) for p in programs
    }
    if not open_from:
        return {}
    sums: dict[str, Decimal] = {}
    for day in earnings.days(partner_id, min(open_from.values()), today):
        if day.event_date >= open_from.get(day.program_id, today + timedelta(days=1)):
            sums[day.program_id] = sums.get(day.program_id, ZERO) + day.amount
    return sums


def _view(
    membership: Membership, program: Program, total: Decimal, pending: Decimal, paid: Decimal
) -> PartnerMembership:
    unit = MARKETPLACES[program.marketplace].minor_unit
    total, pending, paid = (amount.quantize(unit) for amount in (total, pending, paid))
    return PartnerMembership(
        program_id=program.program_id,
        program_name=program.name,
        brand_name=program.brand_name,
        marketplace=program.marketplace,
        currency=program.currency,
        status=membership.status,
        balance=Balance(currency=program.currency, pending=pending, locked=total - pending - paid, paid=paid),
        created_at=membership.created_at,
        updated_at=membership.updated_at,
    )
