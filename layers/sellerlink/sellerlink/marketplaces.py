"""The Amazon marketplaces a Seller program can run on, and the hosts of each region."""

from __future__ import annotations

from decimal import Decimal
from enum import StrEnum

from pydantic import ConfigDict

from sellerlink.model import Model


class Region(StrEnum):
    NA = "NA"
    EU = "EU"


class Marketplace(Model):
    model_config = ConfigDict(frozen=True)

    code: str
    marketplace_id: str
    site: str
    currency: str
    region: Region

    @property
    def minor_unit(self) -> Decimal:
        """The smallest amount of the marketplace currency (all supported currencies have cents)."""
        return Decimal("0.01")


MARKETPLACES: dict[str, Marketplace] = {
    m.code: m
    for m in (
        Marketplace(
            code="US", marketplace_id="ATVPDKIKX0DER", site="amazon.com", currency="USD", region=Region.NA
        ),
        Marketplace(
            code="CA", marketplace_id="A2EUQ1WTGCTBG2", site="amazon.ca", currency="CAD", region=Region.NA
        ),
        Marketplace(
            code="MX", marketplace_id="A1AM78C64UM0Y8", site="amazon.com.mx", currency="MXN", region=Region.NA
        ),
        Marketplace(
            code="UK", marketplace_id="A1F83G8C2ARO7P", site="amazon.co.uk", currency="GBP", region=Region.EU
        ),
        Marketplace(
            code="DE", marketplace_id="A1PA6795UKMFR9", site="amazon.de", currency="EUR", region=Region.EU
        ),
        Marketplace(
            code="FR", marketplace_id="A13V1IB3VIYZZH", site="amazon.fr", currency="EUR", region=Region.EU
        ),
        Marketplace(
            code="IT", marketplace_id="APJ6JRA9NG5V4", site="amazon.it", currency="EUR", region=Region.EU
        ),
        Marketplace(
            code="ES", marketplace_id="A1RKKUPIHCS9HS", site="amazon.es", currency="EUR", region=Region.EU
        ),
        Marketplace(
            code="NL", marketplace_id="A1805IZSGTT6HS", site="amazon.nl", currency="EUR", region=Region.EU
        ),
    )
}


MINOR_UNITS: dict[str, Decimal] = {m.currency: m.minor_unit for m in MARKETPLACES.values()}


def in_minor_units(amount: Decimal, currency: str) -> Decimal:
    """A sum read back from DynamoDB in its currency's minor units: DynamoDB trims a number's
    trailing zeros (7.00 is answered as 7), and an ADDed rollup is read as DynamoDB keeps it."""
    return amount.quantize(MINOR_UNITS[currency]) if currency in MINOR_UNITS else amount


class RegionHosts(Model):
    """Where one Amazon region lives. Every host is configuration, so the sandbox can stand in."""

    model_config = ConfigDict(frozen=True)

    consent_url: str
    token_url: str
    ads_api: str
    sp_api: str
    seller_central: str
    vendor_central: str


AMAZON_HOSTS: dict[Region, RegionHosts] = {
    Region.NA: RegionHosts(
        consent_url="https://www.amazon.com/ap/oa",
        token_url="https://api.amazon.com/auth/o2/token",
        ads_api="https://advertising-api.amazon.com",
        sp_api="https://sellingpartnerapi-na.amazon.com",
        seller_central="https://sellercentral.amazon.com",
        vendor_central="https://vendorcentral.amazon.com",
    ),
    Region.EU: RegionHosts(
        consent_url="https://eu.account.amazon.com/ap/oa",
        token_url="https://api.amazon.co.uk/auth/o2/token",
        ads_api="https://advertising-api-eu.amazon.com",
        sp_api="https://sellingpartnerapi-eu.amazon.com",
        seller_central="https://sellercentral-europe.amazon.com",
        vendor_central="https://vendorcentral.amazon.co.uk",
    ),
}


def sandbox_hosts(sandbox_url: str) -> dict[Region, RegionHosts]:
    """The same regions served by the Amazon sandbox under /na and /eu."""
    base = sandbox_url.rstrip("/")
    return {
        region: RegionHosts(
            consent_url=f"{base}/{region.lower()}/ap/oa",
            token_url=f"{base}/{region.lower()}/auth/o2/token",
            ads_api=f"{base}/{region.lower()}",
            sp_api=f"{base}/{region.lower()}",
            seller_central=f"{base}/{region.lower()}",
            vendor_central=f"{base}/{region.lower()}/vendor",
        )
        for region in Region
    }


def hosts_for(sandbox_url: str | None) -> dict[Region, RegionHosts]:
    return sandbox_hosts(sandbox_url) if sandbox_url else AMAZON_HOSTS
