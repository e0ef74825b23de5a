"""One-time links sent by e-mail (accept an invitation, unsubscribe, and later sign-in links).

A link carries a random token; only its SHA-256 digest is stored, with what the link is for and
what it stands for, until it expires (DynamoDB's TTL removes it):
`LINK#<digest>` / `LINK`. Redeeming checks the purpose and the expiry; `take` makes a link
single use.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta
from typing import Any

from sellerlink.clock import Clock, iso
from sellerlink.table import Table

SK = "LINK"


def _pk(token: str) -> str:
    return "LINK#" + hashlib.sha256(token.encode()).hexdigest()


class LinkTokens:
    def __init__(self, table: Table, clock: Clock) -> None:
        self._table, self._clock = table, clock

    def issue(self, purpose: str, data: dict[str, Any], lifetime: timedelta) -> str:
        """A new token standing for `data`; the raw token is returned once and never stored."""
        token = secrets.token_urlsafe(32)
        expires = self._clock.now() + lifetime
        self._table.put(
            {
                "PK": _pk(token),
                "SK": SK,
                "purpose": purpose,
                "data": data,
                "expires": iso(expires),
                "expires_at": int(expires.timestamp()),
            }
        )
        return token

    def read(self, purpose: str, token: str) -> dict[str, Any] | None:
        """What the link stands for, or None when it is unknown, for something else, or expired."""
        return self._valid(purpose, self._table.get(_pk(token), SK))

    def take(self, purpose: str, token: str) -> dict[str, Any] | None:
        """As `read`, and the link cannot be used again."""
        return self._valid(purpose, self._table.take(_pk(token), SK))

    def _valid(self, purpose: str, item: dict[str, Any] | None) -> dict[str, Any] | None:
        if item is None or item.get("purpose") != purpose:
            return None
        expires = datetime.fromisoformat(str(item["expires"]).replace("Z", "+00:00"))
        if expires <= self._clock.now():
            return None
        return dict(item["data"])
