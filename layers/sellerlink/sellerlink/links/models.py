from __future__ import annotations

from datetime import datetime

from pydantic import Field

from sellerlink.model import Model

MAX_BULK = 5000


class LinkRequest(Model):
    asin: str | None = Field(
        default=None, description="Link to this ASIN's detail page.", examples=["B08N5WRWNW"]
    )
    url: str | None = Field(
        default=None,
        description="Or a Store page or any page of the program's Amazon site; tag= and ref_ are removed.",
    )
    shared_id: str | None = Field(
        default=None, description="Alphanumeric placement name (never a user or a click); a distinct link."
    )
    partner_id: str | None = Field(default=None, description="Brand keys only: the partner the link is for.")
    keep_associates_tag: bool = Field(
        default=False, description="Refused: an Associates tag cannot be combined with an Attribution link."
    )


class BulkLinkRequest(Model):
    asins: list[str] = Field(description=f"Up to {MAX_BULK:,} ASINs of the program's catalog.")
    shared_id: str | None = None
    partner_id: str | None = Field(
        default=None, description="Brand keys only: the partner the links are for."
    )


class TrackingLink(Model):
    """A partner's tracking link: deterministic, so the same request always gives this link."""

    link_id: str = Field(description="Equal to the link's aa_creativeid.")
    account_id: str
    program_id: str
    partner_id: str
    asin: str | None = None
    landing_page: str
    shared_id: str | None = None
    url: str = Field(description="The tracking URL to publish.")
    campaign_id: str = Field(description="aa_campaignid: the partner in this program.")
    ad_group_id: str = Field(description="aa_adgroupid: the partner's single ad group.")
    creative_id: str = Field(description="aa_creativeid: this link.")
    active: bool = True
    created_at: datetime


class BulkRowError(Model):
    asin: str
    detail: str


class BulkLinks(Model):
    links: list[TrackingLink]
    errors: list[BulkRowError] = Field(description="One per ASIN that got no link, with the reason.")


class LinkList(Model):
    links: list[TrackingLink]
    next_cursor: str | None = None
