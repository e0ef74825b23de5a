"""A brand's own ledger entries: a bonus or a correction for a partner, with the brand's reason.

They come from an admin's API key (`POST /v1/programs/{id}/adjustments`, with an Idempotency-Key)
or from the brand's signed callback (`adjustment.create`, its `webhook-id`). Either way the entry's
id comes from that key, so a retried request appends it once; its conversion type is `custom`,
and pulls never recompute it. A locked date takes no adjustment: its statement is final.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import ROUND_HALF_EVEN, Decimal
from typing import Protocol

from pydantic import Field

from sellerlink.accounts.models import Principal
from sellerlink.accounts.permissions import require_admin
from sellerlink.attribution.models import ConversionType
from sellerlink.clock import Clock
from sellerlink.errors import Conflict, SellerlinkError, Unprocessable
from sellerlink.ledger.compute import is_locked, locked_through
from sellerlink.ledger.dal import LedgerStore
from sellerlink.ledger.models import EntryKind, LedgerEntry, LedgerEntryView
from sellerlink.marketplaces import MARKETPLACES
from sellerlink.model import Model
from sellerlink.partners.dal import PartnerStore
from sellerlink.programs.dal import ProgramStore
from sellerlink.programs.logic import get_program
from sellerlink.programs.models import Program

MAX_KEY_LENGTH = 255


class Adjustment(Model):
    partner_id: str = Field(description="The partner the bonus (positive) or clawback (negative) is for.")
    amount: Decimal = Field(description="In the program's currency; rounded half-even to its minor unit.")
    reason: str = Field(min_length=1, max_length=500, description="Why: the partner and the brand read it.")
    date: dt.date = Field(
        description="The event date the adjustment belongs to; not locked, not in the future."
    )


def source_of(origin: str, key: str) -> str:
    """The entry's `pull_id` part: where it came from, and a digest of its idempotency key."""
    return f"{origin}-" + hashlib.sha256(key.encode()).hexdigest()[:20]


def custom_entry(program: Program, adjustment: Adjustment, source: str, now: datetime) -> LedgerEntry:
    """The ledger entry of a brand's adjustment, or Unprocessable when its amount or date cannot be."""
    minor = MARKETPLACES[program.marketplace].minor_unit
    amount = adjustment.amount.quantize(minor, rounding=ROUND_HALF_EVEN)
    day = adjustment.date
    if amount == 0:
        raise Unprocessable(f"The adjustment amount rounds to 0 {program.currency}; send a non-zero amount.")
    if day > now.date():
        raise Unprocessable(f"The adjustment date {day} is in the future; date it today or earlier.")
    if is_locked(day, now.date(), program.lock_period_days):
        first_open = locked_through(now.date(), program.lock_period_days) + timedelta(days=1)
        raise Unprocessable(
            f"{day} is locked ({program.lock_period_days} days have passed): its statement is final. "
            f"Date the adjustment {first_open} or later."
        )
    kind = ConversionType.CUSTOM
    return LedgerEntry(
        entry_id=f"{day.isoformat()}#{adjustment.partner_id}#-#{kind.value}#{source}",
        program_id=program.program_id,
        partner_id=adjustment.partner_id,
        event_date=day,
        asin=None,
        conversion_type=kind,
        kind=EntryKind.CUSTOM,
        purchases=0,
        units=0,
        sales=amount * 0,
        amount=amount,
        currency=program.currency,
        pull_id=source,
        created_at=now,
        reason=f"Brand adjustment: {adjustment.reason}",
    )


class AdjustmentEvents(Protocol):
    """`action.adjusted` (kind custom): sellerlink.webhooks.publisher.EventPublisher is the adapter."""

    def entries_appended(self, account_id: str, entries: list[LedgerEntry], now: datetime) -> None: ...


@dataclass(frozen=True)
class BrandAdjustments:
    programs: ProgramStore
    partners: PartnerStore
    ledger: LedgerStore
    clock: Clock

    def add(
        self,
        principal: Principal,
        program_id: str,
        adjustment: Adjustment,
        idempotency_key: str | None,
        events: AdjustmentEvents,
    ) -> tuple[LedgerEntryView, bool]:
        """The entry, and whether this request appended it (False: a replay of the same key)."""
        require_admin(principal, "add a ledger adjustment")
        program = get_program(self.programs, principal, program_id)
        key = _checked_key(idempotency_key)
        if self.partners.membership(program.account_id, program.program_id, adjustment.partner_id) is None:
            raise Unprocessable(
                f"Partner {adjustment.partner_id} is not a member of program {program_id}; "
                "adjust the ledger of its own partners only."
            )
        entry = custom_entry(program, adjustment, source_of("api", key), self.clock.now())
        if self.ledger.append(program.account_id, [entry]):
            events.entries_appended(program.account_id, [entry], entry.created_at)
            return LedgerEntryView.of(entry, locked=False), True
        return LedgerEntryView.of(self._same(program, entry), locked=False), False

    def _same(self, program: Program, entry: LedgerEntry) -> LedgerEntry:
        stored = self.ledger.entry(program.account_id, program.program_id, entry.entry_id)
        if stored is None or (stored.amount, stored.reason) != (entry.amount, entry.reason):
            raise Conflict(
                "This Idempotency-Key was already used for a different adjustment; send a new key "
                "for a new adjustment, or the same request to repeat the first one."
            )
        return stored


def _checked_key(key: str | None) -> str:
    if not key or not key.strip():
        raise SellerlinkError(
            "Send an Idempotency-Key header (a unique string you choose, up to 255 characters) so that "
            "a retried request adds the adjustment once."
        )
    if len(key) > MAX_KEY_LENGTH:
        raise SellerlinkError(f"The Idempotency-Key header is {len(key)} characters; use at most 255.")
    return key.strip()
