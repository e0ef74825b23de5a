"""The marketplaces Sellerlink supports, as Amazon names them.

Code, marketplace id, site, currency and region are Sellerlink's marketplace table, which the
product holds in ``layers/sellerlink/sellerlink/marketplaces.py``; the sandbox keeps its own copy
because it stands for Amazon, and ``tests/local/sandbox/test_sandbox_marketplaces.py`` checks
that the two agree. Name and language are what SP-API's getMarketplaceParticipations answers
with, the time zone is the one an Ads profile of the marketplace carries.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Marketplace:
    code: str
    marketplace_id: str
    site: str
    currency: str
    region: str
    name: str
    language: str
    timezone: str


MARKETPLACES: tuple[Marketplace, ...] = (
    Marketplace(
        "US", "ATVPDKIKX0DER", "amazon.com", "USD", "na", "Amazon.com", "en_US", "America/Los_Angeles"
    ),
    Marketplace(
        "CA", "A2EUQ1WTGCTBG2", "amazon.ca", "CAD", "na", "Amazon.ca", "en_CA", "America/Los_Angeles"
    ),
    Marketplace(
        "MX", "A1AM78C64UM0Y8", "amazon.com.mx", "MXN", "na", "Amazon.com.mx", "es_MX", "America/Mexico_City"
    ),
    Marketplace(
        "UK", "A1F83G8C2ARO7P", "amazon.co.uk", "GBP", "eu", "Amazon.co.uk", "en_GB", "Europe/London"
    ),
    Marketplace("DE", "A1PA6795UKMFR9", "amazon.de", "EUR", "eu", "Amazon.de", "de_DE", "Europe/Paris"),
    Marketplace("FR", "A13V1IB3VIYZZH", "amazon.fr", "EUR", "eu", "Amazon.fr", "fr_FR", "Europe/Paris"),
    Marketplace("IT", "APJ6JRA9NG5V4", "amazon.it", "EUR", "eu", "Amazon.it", "it_IT", "Europe/Paris"),
    Marketplace("ES", "A1RKKUPIHCS9HS", "amazon.es", "EUR", "eu", "Amazon.es", "es_ES", "Europe/Paris"),
    Marketplace("NL", "A1805IZSGTT6HS", "amazon.nl", "EUR", "eu", "Amazon.nl", "nl_NL", "Europe/Amsterdam"),
)

BY_CODE = {m.code: m for m in MARKETPLACES}
BY_ID = {m.marketplace_id: m for m in MARKETPLACES}
BY_SITE = {m.site: m for m in MARKETPLACES}
REGIONS = ("na", "eu")


def by_code(code: str) -> Marketplace | None:
    return BY_CODE.get(code.upper())


def by_host(host: str) -> Marketplace | None:
    """The marketplace of an Amazon retail host such as ``www.amazon.de``."""
    host = host.lower().split(":")[0]
    if host.startswith("www."):
        host = host[4:]
    return BY_SITE.get(host)
