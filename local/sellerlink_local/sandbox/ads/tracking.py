"""Attribution tags: publishers, tag templates and parsing a clicked tracking URL."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

from ..marketplaces import Marketplace, by_host

NON_MACRO_PUBLISHER = "99"
PUBLISHERS: dict[str, tuple[str, bool]] = {
    "1": ("Google Ads", True),
    "2": ("Facebook", True),
    "3": ("Microsoft Advertising", True),
    "4": ("Pinterest", True),
    NON_MACRO_PUBLISHER: ("Sellerlink Affiliates", False),
}
MACRO_TEMPLATE = (
    "?maas=maas_adg_api_{advertiser}_{publisher}_99&ref_=aa_maas&tag=maas"
    "&aa_campaignid={{campaignid}}&aa_adgroupid={{adgroupid}}&aa_creativeid=ad-{{creative}}_{{targetid}}"
)
NON_MACRO_TEMPLATE = (
    "?maas=maas_adg_api_{advertiser}_static_9_{publisher}&ref_=aa_maas&tag=maas"
    "&aa_campaignid={{insertCampaignId}}&aa_adgroupid={{insertAdGroupId}}&aa_creativeid={{insertAdiD}}"
)
_MAAS = re.compile(r"^maas_adg_api_(\d+)_(?:static_9_(\w+)|(\w+)_99)$")
_ASIN_PATH = re.compile(r"/(?:dp|gp/product)/([A-Z0-9]{10})(?:[/?]|$)")


@dataclass(frozen=True)
class TrackedClick:
    marketplace: Marketplace
    advertiser_id: str
    publisher_id: str
    campaign_id: str
    adgroup_id: str
    creative_id: str
    landing_asin: str | None

    @property
    def publisher_name(self) -> str:
        return PUBLISHERS.get(self.publisher_id, (f"Publisher {self.publisher_id}", False))[0]


def tag_for(advertiser_id: str, publisher_id: str, macro: bool) -> str:
    template = MACRO_TEMPLATE if macro else NON_MACRO_TEMPLATE
    return template.format(advertiser=advertiser_id, publisher=publisher_id)


def parse_tracking_url(url: str) -> TrackedClick | str:
    """The click's identifiers, or the reason Amazon would not measure it."""
    parts = urlsplit(url)
    market = by_host(parts.hostname or "")
    if market is None:
        return "not an Amazon marketplace site"
    query = {name: values[0] for name, values in parse_qs(parts.query).items()}
    match = _MAAS.match(query.get("maas", ""))
    if match is None:
        return "no maas attribution tag"
    ids = [query.get(name, "") for name in ("aa_campaignid", "aa_adgroupid", "aa_creativeid")]
    if not all(ids) or any("{" in value for value in ids):
        return "aa_campaignid, aa_adgroupid and aa_creativeid must all be filled"
    asin_match = _ASIN_PATH.search(parts.path + "/")
    return TrackedClick(
        marketplace=market,
        advertiser_id=match.group(1),
        publisher_id=match.group(2) or match.group(3),
        campaign_id=ids[0],
        adgroup_id=ids[1],
        creative_id=ids[2],
        landing_asin=asin_match.group(1) if asin_match else None,
    )
