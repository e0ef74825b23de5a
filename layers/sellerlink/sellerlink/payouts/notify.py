"""Who hears of a payout: `payout.created`, `payout.paid` and `payout.failed` go out through the
webhooks, and the postbacks function e-mails the payout's partner from those same events
(`sellerlink.notifications`, kind `payout_update`), as it does every other e-mail."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Protocol

from sellerlink.payouts.models import Payout


class PayoutEvents(Protocol):
    def payouts_created(self, payouts: Sequence[Payout], now: datetime) -> None: ...

    def payout_paid(self, payout: Payout, now: datetime) -> None: ...

    def payout_failed(self, payout: Payout, now: datetime) -> None: ...
