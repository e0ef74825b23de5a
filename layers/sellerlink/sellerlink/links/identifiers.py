"""Amazon Attribution identifiers and tracking URLs: pure functions, no I/O.

- `aa_campaignid` = the partner in this program (`slcmp-<hash>`),
- `aa_adgroupid`  = the partner's single ad group in this program (`sladg-<hash>`),
- `aa_creativeid` = the link: one landing page, one SharedID (`slcre-<hash>`); it is also the link id.

Each is a SHA-256 prefix of what it stands for, so the same program, partner, landing page and
SharedID always give the same identifiers and the same URL. Only `[a-z0-9-]` is used.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

from sellerlink.attribution.slots import ad_group_of
from sellerlink.errors import Conflict, Unprocessable

MAX_LENGTH = 255
FORBIDDEN = "/&=#?+'\"%$"
HASH_LENGTH = 20
CAMPAIGN, AD_GROUP, CREATIVE = "{insertCampaignId}", "{insertAdGroupId}", "{insertAdiD}"
SHARED_ID = re.compile(r"^[A-Za-z0-9]+$")


@dataclass(frozen=True)
class Identifiers:
    campaign_id: str
    ad_group_id: str
    creative_id: str


def check_identifier(name: str, value: str) -> str:
    """An identifier Amazon accepts: at most 255 characters, none of / & = # ? + ' " % $."""
    bad = sorted({c for c in value if c in FORBIDDEN})
    if bad:
        raise Unprocessable(
            f"{name} '{value}' contains {' '.join(bad)}; "
            f"Amazon identifiers cannot contain any of {FORBIDDEN}."
        )
    if not value or len(value) > MAX_LENGTH:
        raise Unprocessable(f"{name} must be 1 to {MAX_LENGTH} characters long; it is {len(value)}.")
    return value


def check_shared_id(value: str) -> str:
    """A SharedID: alphanumeric, at most 255 characters (and never one user or one click)."""
    check_identifier("SharedID", value)
    if not SHARED_ID.match(value):
        raise Unprocessable(
            f"SharedID '{value}' must be alphanumeric (A-Z, a-z, 0-9); "
            "name a placement such as 'newsletter', "
            "never a single user or click."
        )
    return value


def _digest(*parts: str) -> str:
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:HASH_LENGTH]


def identifiers(program_id: str, partner_id: str, landing_page: str, shared_id: str | None) -> Identifiers:
    return Identifiers(
        campaign_id=check_identifier("aa_campaignid", "slcmp-" + _digest("campaign", program_id, partner_id)),
        ad_group_id=check_identifier("aa_adgroupid", ad_group_of(program_id, partner_id)),
        creative_id=check_identifier(
            "aa_creativeid",
            "slcre-" + _digest("creative", program_id, partner_id, landing_page, shared_id or ""),
        ),
    )


def check_template(template: str | None) -> str:
    if not template or any(macro not in template for macro in (CAMPAIGN, AD_GROUP, CREATIVE)):
        raise Conflict(
            "The program has no usable Amazon tag template; "
            "reconnect Amazon Ads so Sellerlink fetches it again."
        )
    return template


def tracking_url(landing_page: str, template: str, ids: Identifiers) -> str:
    """The landing page plus the advertiser's tag template filled with the link's identifiers."""
    query = (
        template.replace(CAMPAIGN, ids.campaign_id)
        .replace(AD_GROUP, ids.ad_group_id)
        .replace(CREATIVE, ids.creative_id)
    )
    return f"{landing_page}{'&' if '?' in landing_page else '?'}{query}"


def parse(url: str) -> Identifiers:
    """The identifiers Amazon will read from a clicked tracking URL."""
    query = parse_qs(urlsplit(url).query, keep_blank_values=True)

    def one(name: str) -> str:
        values = query.get(name, [])
        if len(values) != 1:
            raise ValueError(f"{url} has {len(values)} {name} parameters")
        return values[0]

    return Identifiers(one("aa_campaignid"), one("aa_adgroupid"), one("aa_creativeid"))
