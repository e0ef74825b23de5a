"""Each person turns each kind of e-mail on or off: by API (`/v1/notifications`, for the address
of the caller's key or partner account) or by the unsubscribe link in every e-mail."""

from __future__ import annotations

from collections.abc import Mapping

from pydantic import Field

from sellerlink.accounts.dal import AccountStore
from sellerlink.accounts.models import Principal, PrincipalKind
from sellerlink.clock import Clock
from sellerlink.email.links import LinkTokens
from sellerlink.errors import Conflict, Forbidden, NotFound
from sellerlink.model import Model
from sellerlink.notifications.dal import NotificationStore, Preferences
from sellerlink.notifications.kinds import DESCRIPTIONS, NotificationKind
from sellerlink.partners.dal import PartnerStore

UNSUBSCRIBE = "unsubscribe"
UNSUBSCRIBE_REFUSED = (
    "This unsubscribe link is unknown or has expired; use PUT /v1/notifications with your API key."
)


class KindSetting(Model):
    kind: NotificationKind
    description: str
    on: bool


class NotificationSettings(Model):
    email: str = Field(description="The address these settings are for.")
    kinds: list[KindSetting]


class NotificationChange(Model):
    kinds: dict[NotificationKind, bool] = Field(
        description="Kinds to turn on (true) or off (false); the others stay as they are.",
        examples=[{"statement_ready": False}],
    )


def caller_address(accounts: AccountStore, partners: PartnerStore, principal: Principal) -> str:
    """The address the caller's e-mails go to: its key's (brands) or its account's (partners)."""
    if principal.kind is PrincipalKind.PARTNER and principal.partner_id:
        partner = partners.get(principal.partner_id)
        if partner is None or not partner.email:
            raise Conflict("Your partner account has no e-mail address; set one with PATCH /v1/partner.")
        return partner.email
    if principal.kind is not PrincipalKind.BRAND or not principal.account_id or not principal.key_id:
        raise Forbidden("E-mail settings belong to a person: use your own brand or partner key.")
    found = accounts.key_with_digest(principal.account_id, principal.key_id)
    if found is None or not found[0].email:
        raise Conflict(
            "Your key has no e-mail address, so Sellerlink e-mails you nothing; an admin can set one "
            f"with PATCH /v1/keys/{principal.key_id}."
        )
    return found[0].email


def settings(store: NotificationStore, email: str) -> NotificationSettings:
    return _view(store.preferences(email))


def change(
    store: NotificationStore, clock: Clock, email: str, kinds: Mapping[NotificationKind, bool]
) -> NotificationSettings:
    current = store.preferences(email)
    off = (set(current.off) | {k for k, on in kinds.items() if not on}) - {k for k, on in kinds.items() if on}
    updated = current.model_copy(update={"off": sorted(off), "updated_at": clock.now()})
    store.save(updated)
    return _view(updated)


def _view(preferences: Preferences) -> NotificationSettings:
    return NotificationSettings(
        email=preferences.email,
        kinds=[
            KindSetting(kind=kind, description=DESCRIPTIONS[kind], on=kind not in preferences.off)
            for kind in NotificationKind
        ],
    )


def unsubscribe(
    store: NotificationStore, links: LinkTokens, clock: Clock, token: str
) -> tuple[str, NotificationKind]:
    """Turns off the kind of e-mail the link came in, for the address it was sent to."""
    email, kind = unsubscribe_target(links, token)
    change(store, clock, email, {kind: False})
    return email, kind


def unsubscribe_target(links: LinkTokens, token: str) -> tuple[str, NotificationKind]:
    data = links.read(UNSUBSCRIBE, token)
    if data is None:
        raise NotFound(UNSUBSCRIBE_REFUSED)
    return str(data["email"]), NotificationKind(data["kind"])
