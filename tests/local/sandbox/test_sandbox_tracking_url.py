"""Parsing clicked tracking URLs: marketplace from the site, advertiser from maas, ids from aa_*."""

from __future__ import annotations

from sellerlink_local.sandbox.ads.tracking import parse_tracking_url, tag_for


def filled(site: str = "amazon.de", campaign: str = "p1") -> str:
    tag = tag_for("123456789", "99", macro=False)
    tag = tag.replace("{insertCampaignId}", campaign).replace("{insertAdGroupId}", "g1")
    return f"https://www.{site}/dp/B0ABCDEF12{tag.replace('{insertAdiD}', 'l1')}&shared_id=x"


def test_a_filled_non_macro_tag_gives_marketplace_advertiser_and_identifiers() -> None:
    click = parse_tracking_url(filled())
    assert not isinstance(click, str)
    assert (click.marketplace.code, click.advertiser_id, click.publisher_id) == ("DE", "123456789", "99")
    assert (click.campaign_id, click.adgroup_id, click.creative_id, click.landing_asin) == (
        "p1",
        "g1",
        "l1",
        "B0ABCDEF12",
    )


def test_urls_amazon_would_not_measure_give_a_reason() -> None:
    assert parse_tracking_url(filled(site="example.com")) == "not an Amazon marketplace site"
    assert parse_tracking_url("https://www.amazon.com/dp/B0ABCDEF12?tag=x") == "no maas attribution tag"
    unfilled = "https://www.amazon.com/dp/B0ABCDEF12" + tag_for("1", "99", macro=False)
    assert "must all be filled" in str(parse_tracking_url(unfilled))


def test_a_store_page_has_no_landing_asin() -> None:
    url = filled().replace("/dp/B0ABCDEF12", "/stores/page/ABC")
    click = parse_tracking_url(url)
    assert not isinstance(click, str) and click.landing_asin is None
