"""Who hears of a payout: webhooks (`payout.created`, `payout.paid`, `payout.failed`) and, through
the `PayoutMail` port, an e-mail to the partner. `NoPayoutMail` stands in until a mail sender is
wired (`sellerlink.wiring` builds the adapter; see the function modules)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Protocol

from sellerlink.payouts.models import Payout


class PayoutChange(StrEnum):
    CREATED = "created"
    PAID = "paid"
    FAILED = "failed"


class PayoutEvents(Protocol):
    def payouts_created(self, payouts: Sequence[Payout], now: datetime) -> None: ...

    def payout_paid(self, payout: Payout, now: datetime) -> None: ...

    def payout_failed(self, payout: Payout, now: datetime) -> None: ...


class PayoutMail(Protocol):
    def payout_changed(self, payout: Payout, change: PayoutChange) -> None:
        """Tells the payout's partner by e-mail (its address is the mail sender's to find)."""
        ...


class NoPayoutMail:
    """Sends nothing: the deployment has no mail sender for payouts."""

    def payout_changed(self, payout: Payout, change: PayoutChange) -> None:
        return None


@dataclass(frozen=True)
class PayoutNotices:
    events: PayoutEvents
    mail: PayoutMail

    def created(self, payouts: Sequence[Payout], now: datetime) -> None:
        self.events.payouts_created(payouts, now)
        for payout in payouts:
            self.mail.payout_changed(payout, PayoutChange.CREATED)

    def paid(self, payout: Payout, now: datetime) -> None:
        self.events.payout_paid(payout, now)
        self.mail.payout_changed(payout, PayoutChange.PAID)

    def failed(self, payout: Payout, now: datetime) -> None:
        self.events.payout_failed(payout, now)
        self.mail.payout_changed(payout, PayoutChange.FAILED)
