"""What each inbound callback type does: a `custom` ledger entry, an invitation, a catalog re-import."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from decimal import ROUND_HALF_EVEN
from typing import Any

from sellerlink.attribution.models import ConversionType
from sellerlink.clock import Clock
from sellerlink.errors import Unprocessable
from sellerlink.ledger.compute import is_locked, locked_through
from sellerlink.ledger.dal import LedgerStore
from sellerlink.ledger.models import EntryKind, LedgerEntry
from sellerlink.marketplaces import MARKETPLACES
from sellerlink.partners import logic as partners_logic
from sellerlink.partners.dal import PartnerStore
from sellerlink.programs.dal import ProgramStore, program_pk
from sellerlink.programs.models import CatalogImportProgress, Program
from sellerlink.webhooks.dal import CallbackStore
from sellerlink.webhooks.inbound import Actions, AdjustmentCreate, PartnerInvite, callback_principal
from sellerlink.webhooks.publisher import EventPublisher


def custom_entry(program: Program, data: AdjustmentCreate, message_id: str, clock: Clock) -> LedgerEntry:
    """The ledger entry of a brand's adjustment; its id comes from the `webhook-id`, so it is written once."""
    minor = MARKETPLACES[program.marketplace].minor_unit
    amount = data.amount.quantize(minor, rounding=ROUND_HALF_EVEN)
    now = clock.now()
    if amount == 0:
        raise Unprocessable(f"The adjustment amount rounds to 0 {program.currency}; send a non-zero amount.")
    if data.date > now.date():
        raise Unprocessable(f"The adjustment date {data.date} is in the future; date it today or earlier.")
    if is_locked(data.date, now.date(), program.lock_period_days):
        first_open = locked_through(now.date(), program.lock_period_days) + timedelta(days=1)
        raise Unprocessable(
            f"{data.date} is locked ({program.lock_period_days} days have passed): its statement is final. "
            f"Date the adjustment {first_open} or later."
        )
    source = "callback-" + hashlib.sha256(message_id.encode()).hexdigest()[:20]
    kind = ConversionType.UNALLOCATED
    return LedgerEntry(
        entry_id=f"{data.date.isoformat()}#{data.partner_id}#-#{kind.value}#{source}",
        program_id=program.program_id,
        partner_id=data.partner_id,
        event_date=data.date,
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
        reason=data.reason,
    )


@dataclass(frozen=True)
class InboundActions:
    ledger: LedgerStore
    partners: PartnerStore
    programs: ProgramStore
    callbacks: CallbackStore
    events: EventPublisher
    clock: Clock
    start_catalog_import: Callable[[Program], CatalogImportProgress]

    def table(self) -> Actions:
        return {
            "adjustment.create": self.adjust,
            "partner.invite": self.invite,
            "catalog.refresh": self.refresh_catalog,
        }

    def adjust(self, program: Program, data: AdjustmentCreate, message_id: str) -> dict[str, Any]:
        if self.partners.membership(program.account_id, program.program_id, data.partner_id) is None:
            raise Unprocessable(f"Partner {data.partner_id} is not a member of program {program.program_id}.")
        entry = custom_entry(program, data, message_id, self.clock)
        written = self.ledger.append(program.account_id, [entry])
        if written:
            self.events.entries_appended(program.account_id, [entry], entry.created_at)
        return {"entry_id": entry.entry_id, "amount": str(entry.amount), "currency": entry.currency}

    def invite(self, program: Program, data: PartnerInvite, message_id: str) -> dict[str, Any]:
        result: dict[str, Any] = {"email": data.email}
        if data.partner_id:
            membership = partners_logic.invite(
                self.partners,
                self.programs,
                self.clock,
                callback_principal(program),
                program.program_id,
                data.partner_id,
                self.events,
            )
            result["membership_status"] = membership.status.value
        pk = program_pk(program.account_id, program.program_id)
        self.callbacks.invite_by_email(pk, data.email, message_id, self.clock.now())
        if not data.partner_id:  # a partner's invitation is e-mailed to the partner's own address
            self.events.email_invited(
                program.account_id, program.program_id, data.email, message_id, self.clock.now()
            )
        return result

    def refresh_catalog(self, program: Program, data: Any, message_id: str) -> dict[str, Any]:
        progress = self.start_catalog_import(program)
        return {"catalog_import": progress.model_dump(mode="json")}
