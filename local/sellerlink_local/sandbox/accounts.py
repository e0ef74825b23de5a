"""Apps, sandbox Amazon users, brands and their Ads profiles."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from . import identifiers
from .marketplaces import Marketplace

DEFAULT_APP: dict[str, Any] = {
    "client_id": "amzn1.application-oa2-client.sellerlinksandbox",
    "client_secret": "sellerlink-sandbox-secret",
    "application_id": "amzn1.sp.solution.sellerlink-sandbox",
    "redirect_uris": [
        "http://localhost:3000/oauth/amazon-ads/callback",
        "http://localhost:3000/oauth/selling-partner/callback",
    ],
}


@dataclass
class App:
    client_id: str
    client_secret: str
    application_id: str
    redirect_uris: list[str]

    def to_json(self) -> dict[str, Any]:
        return {
            "client_id": self.client_id,
            "client_secret": self.client_secret,
            "application_id": self.application_id,
            "redirect_uris": list(self.redirect_uris),
        }


@dataclass
class Profile:
    """An Ads profile: one advertiser account on one marketplace."""

    profile_id: int
    marketplace: Marketplace
    account_type: str
    account_id: str
    account_name: str
    advertiser_id: str
    brand_id: str
    sub_type: str | None = None
    measurement_on: bool = False

    def to_amazon(self) -> dict[str, Any]:
        account: dict[str, Any] = {
            "marketplaceStringId": self.marketplace.marketplace_id,
            "id": self.account_id,
            "type": self.account_type,
            "name": self.account_name,
            "validPaymentMethod": True,
        }
        if self.sub_type:
            account["subType"] = self.sub_type
        return {
            "profileId": self.profile_id,
            "countryCode": self.marketplace.code,
            "currencyCode": self.marketplace.currency,
            "dailyBudget": 999999999.0,
            "timezone": self.marketplace.timezone,
            "accountInfo": account,
        }


@dataclass
class Brand:
    """What Amazon holds for one brand, and the sandbox user who signs in for it."""

    brand_id: str
    name: str
    seller_type: str
    marketplaces: list[Marketplace]
    brand_registry: bool
    brb_enrolled: bool
    user_role: str
    login: str
    selling_partner_id: str
    also_vendor: bool
    profiles: list[Profile] = field(default_factory=list)

    def has_central(self, central: str) -> bool:
        if central == "vendor":
            return self.seller_type == "1P" or self.also_vendor
        return self.seller_type == "3P"


def build_profiles(brand: Brand, seq: int, legacy: bool) -> list[Profile]:
    """The seller/vendor profiles (and optional legacy Attribution ones) of a brand."""
    kinds = ["seller" if brand.seller_type == "3P" else "vendor"]
    if brand.also_vendor and kinds[0] == "seller":
        kinds.append("vendor")
    profiles = []
    for market in brand.marketplaces:
        for kind in kinds:
            profiles.append(_profile(brand, seq, market, kind, None))
        if legacy:
            profiles.append(_profile(brand, seq, market, kinds[0], "AMAZON_ATTRIBUTION"))
    return profiles


def _profile(brand: Brand, seq: int, market: Marketplace, kind: str, sub_type: str | None) -> Profile:
    parts = (brand.name, seq, market.code, kind, sub_type or "")
    if kind == "seller":
        account_id = brand.selling_partner_id if sub_type is None else identifiers.seller_id(*parts)
    else:
        account_id = identifiers.vendor_entity_id(*parts)
    return Profile(
        profile_id=identifiers.profile_id(*parts),
        marketplace=market,
        account_type=kind,
        account_id=account_id,
        account_name=brand.name if sub_type is None else f"{brand.name} (Attribution)",
        advertiser_id=identifiers.advertiser_id(*parts),
        brand_id=brand.brand_id,
        sub_type=sub_type,
    )


def brand_summary(brand: Brand, catalog: list[dict[str, Any]]) -> dict[str, Any]:
    primary = [p for p in brand.profiles if p.sub_type is None]
    main_kind = "seller" if brand.seller_type == "3P" else "vendor"
    return {
        "brand_id": brand.brand_id,
        "login": brand.login,
        "profiles": [p.to_amazon() for p in brand.profiles],
        "advertiser_ids": {
            p.marketplace.code: p.advertiser_id for p in primary if p.account_type == main_kind
        },
        "advertiser_ids_by_profile": {str(p.profile_id): p.advertiser_id for p in brand.profiles},
        "selling_partner_id": brand.selling_partner_id,
        "catalog": catalog,
    }
