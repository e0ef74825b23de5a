"""Notification preferences and sent e-mails in the table, per recipient (an e-mail address).

- `RECIPIENT#<address>` / `NOTIFICATIONS`: the kinds the person turned off.
- `RECIPIENT#<address>` / `SENT#<happening>`: an e-mail already sent for a happening (TTL 30
  days), claimed before sending, so a redelivered queue message never e-mails twice.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from pydantic import Field

from sellerlink.clock import iso
from sellerlink.email.address import normalized
from sellerlink.model import Model
from sellerlink.notifications.kinds import NotificationKind
from sellerlink.table import Table

PREFERENCES = "NOTIFICATIONS"
SENT = "SENT#"
SENT_KEPT = timedelta(days=30)


class Preferences(Model):
    email: str
    off: list[NotificationKind] = Field(default_factory=list)
    updated_at: datetime | None = None


def recipient_pk(email: str) -> str:
    return f"RECIPIENT#{normalized(email)}"


class NotificationStore:
    def __init__(self, table: Table) -> None:
        self._table = table

    def preferences(self, email: str) -> Preferences:
        item = self._table.get(recipient_pk(email), PREFERENCES)
        return Preferences.model_validate(item) if item else Preferences(email=normalized(email))

    def save(self, preferences: Preferences) -> None:
        self._table.put(
            {"PK": recipient_pk(preferences.email), "SK": PREFERENCES, **preferences.model_dump(mode="json")}
        )

    def claim(self, email: str, happening: str, now: datetime) -> bool:
        """Records that this e-mail is being sent; False when it was sent before."""
        return self._table.put_new(
            {
                "PK": recipient_pk(email),
                "SK": SENT + happening,
                "sent_at": iso(now),
                "expires_at": int((now + SENT_KEPT).timestamp()),
            }
        )

    def release(self, email: str, happening: str) -> None:
        """Forgets a claim whose e-mail could not be sent, so the retry sends it."""
        self._table.delete(recipient_pk(email), SENT + happening)
