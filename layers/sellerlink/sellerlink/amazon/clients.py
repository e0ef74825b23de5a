"""Amazon's APIs in a region, signed in as Sellerlink's Amazon app."""

from __future__ import annotations

from dataclasses import dataclass

from sellerlink.amazon.ads import AdsClient
from sellerlink.amazon.app import AmazonApp
from sellerlink.amazon.listings import SellerReports
from sellerlink.amazon.lwa import LwaClient
from sellerlink.amazon.spapi import SellingPartnerClient
from sellerlink.amazon.transport import Transport
from sellerlink.marketplaces import Region, RegionHosts


@dataclass(frozen=True)
class AmazonClients:
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

    def seller_reports(self, region: Region) -> SellerReports:
        return SellerReports(self.transport, self.hosts[region].sp_api)
