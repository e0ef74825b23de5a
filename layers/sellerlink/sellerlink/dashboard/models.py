"""Who is signed in to the dashboard, and the e-mail addresses that may sign in."""

from __future__ import annotations

from datetime import datetime

from pydantic import Field

from sellerlink.accounts.models import Principal, PrincipalKind, Role
from sellerlink.model import Model


class Session(Model):
    """A signed-in browser: the principal it acts as, and the CSRF token of its forms."""

    session_id: str
    principal: Principal
    signed_in_with: str = Field(description="'API key <key id>' or 'e-mail <address>'.")
    display_name: str = Field(description="Whom the person acts for, e.g. 'Acme Outdoor (admin)'.")
    csrf: str
    created_at: datetime
    last_seen: datetime

    @property
    def owner(self) -> str:
        """The account or partner id the session belongs to (the first part of its cookie)."""
        return str(self.principal.partner_id or self.principal.account_id)


class Person(Model):
    """An e-mail address allowed to sign in with a one-time link, as a brand role or as a partner."""

    email: str
    kind: PrincipalKind
    account_id: str | None = None
    partner_id: str | None = None
    role: Role | None = None
    added_at: datetime

    @property
    def owner(self) -> str:
        return str(self.partner_id or self.account_id)

    def principal(self) -> Principal:
        return Principal(
            kind=self.kind,
            account_id=self.account_id,
            partner_id=self.partner_id,
            role=self.role,
            key_id=f"person:{self.email}",
        )
