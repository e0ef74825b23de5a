"""A program's payout settings: minimum payout per currency, payout day, carry-forward of
negative balances, automatic runs. Any brand key reads them; an admin changes them."""

from __future__ import annotations

import re
from decimal import ROUND_HALF_EVEN, Decimal

from sellerlink.accounts.models import Principal
from sellerlink.accounts.permissions import require_admin
from sellerlink.errors import Unprocessable
from sellerlink.marketplaces import MARKETPLACES
from sellerlink.payouts.dal import PayoutStore
from sellerlink.payouts.models import PayoutSettings, SettingsUpdate
from sellerlink.programs.dal import ProgramStore
from sellerlink.programs.logic import get_program


def read(
    programs: ProgramStore, payouts: PayoutStore, principal: Principal, program_id: str
) -> PayoutSettings:
    program = get_program(programs, principal, program_id)
    return payouts.settings(program.account_id, program_id)


def change(
    programs: ProgramStore,
    payouts: PayoutStore,
    principal: Principal,
    program_id: str,
    update: SettingsUpdate,
) -> PayoutSettings:
    require_admin(principal, "change payout settings")
    program = get_program(programs, principal, program_id)
    current = payouts.settings(program.account_id, program_id)
    changes = update.model_dump(exclude_none=True)
    if update.minimum_payout is not None:
        minor = MARKETPLACES[program.marketplace].minor_unit
        changes["minimum_payout"] = {**current.minimum_payout, **_minimums(update.minimum_payout, minor)}
    settings = current.model_copy(update=changes)
    payouts.save_settings(settings)
    return settings


def _minimums(given: dict[str, Decimal], minor: Decimal) -> dict[str, Decimal]:
    found = {}
    for currency, amount in given.items():
        if not re.fullmatch(r"[A-Z]{3}", currency):
            raise Unprocessable(
                f"minimum_payout: '{currency}' is not an ISO 4217 code of three capitals, e.g. USD."
            )
        if amount < 0:
            raise Unprocessable(f"minimum_payout: {amount} {currency} is negative; give 0 or more.")
        found[currency] = amount.quantize(minor, rounding=ROUND_HALF_EVEN)
    return found
