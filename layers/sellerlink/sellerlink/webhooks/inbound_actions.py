"""What each inbound callback type does: a `custom` ledger entry, an invitation, a catalog re-import."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sellerlink.clock import Clock
from sellerlink.errors import Unprocessable
from sellerlink.ledger.adjustments import Adjustment, custom_entry, source_of
from sellerlink.ledger.dal import LedgerStore
from sellerlink.partners import logic as partners_logic
from sellerlink.partners.dal import PartnerStore
from sellerlink.programs.dal import ProgramStore, program_pk
from sellerlink.programs.models import CatalogImportProgress, Program
from sellerlink.webhooks.dal import CallbackStore
from sellerlink.webhooks.inbound import Actions, AdjustmentCreate, PartnerInvite, callback_principal
from sellerlink.webhooks.publisher import EventPublisher


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
        adjustment = Adjustment.model_validate(data.model_dump())
        entry = custom_entry(program, adjustment, source_of("callback", message_id), self.clock.now())
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
