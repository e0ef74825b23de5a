"""The postbacks consumer's e-mail step: each event of a message becomes the e-mails it causes.

E-mails are sent from the postbacks queue's consumer, never from the function where the thing
happened: the ledger step and the API publish events as they already do and never wait on SES,
and SES's throttling or an outage is retried with the message (SQS visibility, then the DLQ).
Each e-mail is claimed per recipient and happening before it is sent, so a redelivered message,
or a retried one whose other e-mails failed, never sends it twice; a send that fails releases
its claim for the retry.
"""

from __future__ import annotations

import calendar
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from functools import cache

from sellerlink.accounts.dal import AccountStore
from sellerlink.clock import Clock
from sellerlink.email.links import LinkTokens
from sellerlink.email.sender import EmailSender
from sellerlink.ledger.earnings import EarningsStore
from sellerlink.marketplaces import MARKETPLACES
from sellerlink.notifications.dal import NotificationStore, Preferences
from sellerlink.notifications.kinds import KIND_OF_EVENT, NotificationKind
from sellerlink.notifications.messages import Context, render
from sellerlink.notifications.preferences import UNSUBSCRIBE
from sellerlink.notifications.recipients import Directory, Recipient
from sellerlink.partners.dal import PartnerStore
from sellerlink.partners.invitations import INVITATION
from sellerlink.programs.dal import ProgramStore
from sellerlink.programs.models import Program
from sellerlink.webhooks.models import WebhookEvent

INVITATION_LIFETIME = timedelta(days=30)
UNSUBSCRIBE_LIFETIME = timedelta(days=365)
K = NotificationKind


@dataclass(frozen=True)
class NotifierStores:
    accounts: AccountStore
    partners: PartnerStore
    programs: ProgramStore
    earnings: EarningsStore
    notifications: NotificationStore
    links: LinkTokens


@dataclass(frozen=True)
class Notifier:
    stores: NotifierStores
    sender: EmailSender
    api_url: str
    clock: Clock

    def notify(self, events: Sequence[WebhookEvent]) -> int:
        """Sends the e-mails these events cause; how many were sent."""
        batch = _Batch(self.stores, Directory(self.stores.accounts, self.stores.partners))
        sent = 0
        for event in events:
            kind = KIND_OF_EVENT.get(event.type)
            if kind is not None:
                sent += sum(self._tell(batch, kind, event, r) for r in batch.directory.of(kind, event))
        return sent

    def _tell(self, batch: _Batch, kind: NotificationKind, event: WebhookEvent, recipient: Recipient) -> int:
        happening = _happening(kind, event, recipient)
        if kind in batch.preferences(recipient.email).off or (recipient.email, happening) in batch.told:
            return 0
        batch.told.add((recipient.email, happening))
        if not self.stores.notifications.claim(recipient.email, happening, self.clock.now()):
            return 0
        context = self._context(batch, kind, event, recipient)
        try:
            self.sender.send(render(kind, recipient.email, context, self._unsubscribe(recipient.email, kind)))
        except Exception:
            self.stores.notifications.release(recipient.email, happening)
            raise
        return 1

    def _context(
        self, batch: _Batch, kind: NotificationKind, event: WebhookEvent, recipient: Recipient
    ) -> Context:
        program = batch.program(event.account_id, event.program_id)
        own_statement = kind is K.STATEMENT_READY and not recipient.brand
        return Context(
            event=event,
            program=program,
            partner_name=batch.partner_name(event.partner_id),
            api_url=self.api_url,
            accept_url=self._accept(event) if kind is K.PROGRAM_INVITATION else None,
            commission=self._commission(event, program) if own_statement else None,
        )

    def _accept(self, event: WebhookEvent) -> str:
        data = {
            "account_id": event.account_id,
            "program_id": event.program_id,
            "partner_id": event.partner_id,
            "email": event.data.get("email"),
        }
        token = self.stores.links.issue(INVITATION, data, INVITATION_LIFETIME)
        return f"{self.api_url.rstrip('/')}/v1/invitations/{token}"

    def _unsubscribe(self, email: str, kind: NotificationKind) -> str:
        data = {"email": email, "kind": kind.value}
        token = self.stores.links.issue(UNSUBSCRIBE, data, UNSUBSCRIBE_LIFETIME)
        return f"{self.api_url.rstrip('/')}/v1/notifications/unsubscribe/{token}"

    def _commission(self, event: WebhookEvent, program: Program | None) -> str | None:
        month = str(event.data.get("month", ""))
        if program is None or event.partner_id is None or not month:
            return None
        first = date.fromisoformat(f"{month}-01")
        last = first.replace(day=calendar.monthrange(first.year, first.month)[1])
        days = self.stores.earnings.days(event.partner_id, first, last)
        amount = sum((d.amount for d in days if d.program_id == program.program_id), Decimal(0))
        return f"{amount.quantize(MARKETPLACES[program.marketplace].minor_unit)} {program.currency}"


class _Batch:
    """What one message's e-mails read once: programs, partners, preferences, and who was told."""

    def __init__(self, stores: NotifierStores, directory: Directory) -> None:
        self.directory = directory
        self.told: set[tuple[str, str]] = set()
        self._programs: Callable[[str, str], Program | None] = cache(stores.programs.get)
        self.preferences: Callable[[str], Preferences] = cache(stores.notifications.preferences)

    def program(self, account_id: str | None, program_id: str | None) -> Program | None:
        return self._programs(account_id, program_id) if account_id and program_id else None

    def partner_name(self, partner_id: str | None) -> str | None:
        partner = self.directory.partner(partner_id) if partner_id else None
        return partner.name if partner else None


def _happening(kind: NotificationKind, event: WebhookEvent, recipient: Recipient) -> str:
    """What one e-mail is about: the event, except that a brand hears once per program and month
    that its statement is final (the ledger announces it once per partner)."""
    if kind is K.STATEMENT_READY and recipient.brand:
        return f"{kind}|{event.account_id}|{event.program_id}|{event.data.get('month')}"
    return f"{kind}|{event.event_id}"
