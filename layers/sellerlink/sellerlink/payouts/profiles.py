"""A partner's payout profile: checked, sealed with the KMS key (envelope encryption, context =
partner and purpose), stored with a masked copy. Only the export opens the sealed details."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from pydantic import SecretStr

from sellerlink.clock import Clock
from sellerlink.connections.cipher import TokenCipher
from sellerlink.errors import NotFound
from sellerlink.payouts.details import checked, masked
from sellerlink.payouts.models import PayoutDetails, PayoutProfile, ProfileInput, ProfileView

PURPOSE = "payout-details"


def context_of(partner_id: str) -> dict[str, str]:
    """The encryption context: the key policy grants payout details by `purpose`."""
    return {"purpose": PURPOSE, "partner_id": partner_id}


class ProfileStore(Protocol):
    def profile(self, partner_id: str) -> PayoutProfile | None: ...

    def profiles(self, partner_ids: Sequence[str]) -> dict[str, PayoutProfile]: ...

    def save_profile(self, profile: PayoutProfile) -> None: ...


def set_profile(
    store: ProfileStore, cipher: TokenCipher, clock: Clock, partner_id: str, given: ProfileInput
) -> ProfileView:
    """PUT /v1/partner/payout-profile: replaces the partner's profile (422 names what is wrong)."""
    profile = checked(given)
    plain = SecretStr(profile.details.model_dump_json(exclude_none=True))
    stored = PayoutProfile(
        partner_id=partner_id,
        method=profile.method,
        country=profile.country,
        currency=profile.currency,
        masked=masked(profile.details),
        sealed=cipher.seal(plain, context_of(partner_id)),
        updated_at=clock.now(),
    )
    store.save_profile(stored)
    return ProfileView.of(stored)


def get_profile(store: ProfileStore, partner_id: str) -> ProfileView:
    profile = store.profile(partner_id)
    if profile is None:
        raise NotFound("You have no payout profile yet; set one with PUT /v1/partner/payout-profile.")
    return ProfileView.of(profile)


def open_details(cipher: TokenCipher, profile: PayoutProfile) -> PayoutDetails:
    """The unmasked details, for an exported file only (kms:Decrypt, purpose payout-details)."""
    plain = cipher.open(profile.sealed, context_of(profile.partner_id))
    return PayoutDetails.model_validate_json(plain.get_secret_value())
