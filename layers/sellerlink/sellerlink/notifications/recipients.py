"""Who hears of a happening: the people of the brand's account, the partner, or an invited address.

A brand's people are its account's contact address and the addresses of its keys, not revoked,
whose role the kind names (`kinds.BRAND_ROLES`). Addresses are told once each, however many keys
share one.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache

from sellerlink.accounts.dal import AccountStore
from sellerlink.email.address import normalized
from sellerlink.notifications.kinds import BRAND_ROLES, NotificationKind
from sellerlink.partners.dal import PartnerStore
from sellerlink.partners.models import Partner
from sellerlink.webhooks.models import WebhookEvent

K = NotificationKind


@dataclass(frozen=True)
class Recipient:
    email: str
    brand: bool  # one of the brand's people (else the partner, or an invited address)


@dataclass
class Directory:
    """Addresses, read once per batch of events (a pull announces many statements of one program)."""

    accounts: AccountStore
    partners: PartnerStore
    _brand: dict[tuple[str, NotificationKind], list[str]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.partner: Callable[[str], Partner | None] = cache(self.partners.get)

    def of(self, kind: NotificationKind, event: WebhookEvent) -> list[Recipient]:
        if kind is K.PROGRAM_INVITATION and not event.partner_id:
            return [Recipient(str(event.data["email"]), brand=False)]
        to_brand, to_partner = _audiences(kind, event)
        found = [Recipient(e, brand=True) for e in self.brand(event.account_id, kind)] if to_brand else []
        partner = self.partner(event.partner_id) if to_partner and event.partner_id else None
        return found + ([Recipient(partner.email, brand=False)] if partner and partner.email else [])

    def brand(self, account_id: str | None, kind: NotificationKind) -> list[str]:
        if account_id is None:
            return []
        if (account_id, kind) not in self._brand:
            self._brand[(account_id, kind)] = self._brand_addresses(account_id, kind)
        return self._brand[(account_id, kind)]

    def _brand_addresses(self, account_id: str, kind: NotificationKind) -> list[str]:
        account = self.accounts.get(account_id)
        roles = BRAND_ROLES[kind]
        found = [account.contact_email] if account and account.contact_email else []
        keys = self.accounts.list_keys(account_id)
        found += [k.email for k in keys if k.email and not k.revoked_at and k.role in roles]
        return list({normalized(address): address for address in found}.values())


def _audiences(kind: NotificationKind, event: WebhookEvent) -> tuple[bool, bool]:
    """(the brand's people, the partner) for this kind of happening."""
    if kind is K.STATEMENT_READY:
        return True, True
    if kind is K.WEBHOOK_DISABLED:
        partners_endpoint = event.partner_id is not None and event.program_id is None
        return not partners_endpoint, partners_endpoint
    brand = kind in (K.APPLICATION_RECEIVED, K.CONNECTION_NEEDS_REAUTH)
    return brand, not brand
