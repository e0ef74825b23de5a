"""Which Ads profiles can measure a program, and how the checklist shows a lost connection."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sellerlink.amazon.ads import AdsProfile
from sellerlink.marketplaces import Region
from sellerlink.onboarding.profiles import candidates_for
from sellerlink.programs.models import ConnectionState, Onboarding, Program, SellerType

NOW = datetime(2026, 11, 2, tzinfo=UTC)


def program(**changes: Any) -> Program:
    return Program(
        program_id="prg_1",
        account_id="acct_1",
        name="Acme US",
        brand_name="Acme",
        marketplace="US",
        marketplace_id="ATVPDKIKX0DER",
        site="amazon.com",
        currency="USD",
        region=Region.NA,
        seller_type=SellerType.SELLER,
        brand_registry_attested=True,
        created_at=NOW,
        updated_at=NOW,
        **changes,
    )


def profile(profile_id: int, marketplace: str, kind: str, sub_type: str | None = None) -> AdsProfile:
    info = {"marketplaceStringId": marketplace, "id": f"A{profile_id}", "type": kind, "name": "Acme"}
    if sub_type:
        info["subType"] = sub_type
    return AdsProfile.from_amazon(
        {"profileId": profile_id, "countryCode": "US", "currencyCode": "USD", "accountInfo": info}
    )


def test_only_the_programs_marketplace_and_no_legacy_attribution_profiles_are_candidates() -> None:
    profiles = [
        profile(1, "ATVPDKIKX0DER", "seller"),
        profile(2, "A2EUQ1WTGCTBG2", "seller"),
        profile(3, "ATVPDKIKX0DER", "seller", "AMAZON_ATTRIBUTION"),
        profile(4, "ATVPDKIKX0DER", "vendor"),
    ]
    assert [c.profile_id for c in candidates_for(program(), profiles)] == ["1", "4"]


def test_a_connection_amazon_no_longer_accepts_asks_to_reconnect() -> None:
    lost = program(onboarding=Onboarding(amazon_ads=ConnectionState.NEEDS_REAUTH))
    step = lost.checklist[0]
    assert step.title.startswith("Reconnect Amazon Ads") and not step.done
