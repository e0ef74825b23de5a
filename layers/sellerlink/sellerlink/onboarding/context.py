"""What the onboarding flows need, built once per function."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sellerlink.amazon.ads import AdsClient
from sellerlink.amazon.app import AmazonApp
from sellerlink.amazon.lwa import LwaClient
from sellerlink.amazon.spapi import SellingPartnerClient
from sellerlink.amazon.transport import Transport
from sellerlink.catalog.dal import ProductStore
from sellerlink.clock import Clock
from sellerlink.connections.dal import ConnectionStore
from sellerlink.connections.models import ConnectionKind
from sellerlink.connections.tokens import TokenService
from sellerlink.marketplaces import Region, RegionHosts
from sellerlink.onboarding.import_jobs import ImportJobs
from sellerlink.onboarding.oauth_state import StateStore
from sellerlink.programs.dal import ProgramStore

CALLBACK_PATHS = {
    ConnectionKind.AMAZON_ADS: "/oauth/amazon-ads/callback",
    ConnectionKind.SELLING_PARTNER: "/oauth/selling-partner/callback",
}


@dataclass(frozen=True)
class AmazonClients:
    """Amazon's APIs in a region, signed in as Sellerlink's Amazon app."""

    app: AmazonApp
    hosts: dict[Region, RegionHosts]
    transport: Transport

    def lwa(self, region: Region) -> LwaClient:
        hosts, app = self.hosts[region], self.app
        return LwaClient(self.transport, hosts.token_url, app.lwa_client_id, app.lwa_client_secret)

    def ads(self, region: Region) -> AdsClient:
        return AdsClient(self.transport, self.hosts[region].ads_api, self.app.lwa_client_id)

    def selling_partner(self, region: Region) -> SellingPartnerClient:
        return SellingPartnerClient(self.transport, self.hosts[region].sp_api)


@dataclass
class OnboardingContext:
    programs: ProgramStore
    products: ProductStore
    connections: ConnectionStore
    states: StateStore
    tokens: TokenService
    amazon: AmazonClients
    clock: Clock
    public_api_url: str
    sp_api_draft: bool
    imports: ImportJobs
    invoke_import: Callable[[str, str], None]

    def redirect_uri(self, kind: ConnectionKind) -> str:
        return self.public_api_url.rstrip("/") + CALLBACK_PATHS[kind]
