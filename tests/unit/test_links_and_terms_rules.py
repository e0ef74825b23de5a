"""Link identifiers, landing pages and terms rules: pure functions, no I/O."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sellerlink.errors import Unprocessable
from sellerlink.links import identifiers, landing
from sellerlink.terms import rules
from sellerlink.terms.models import PayoutRequest, PromotionRequest, TermsRequest

TEMPLATE = (
    "maas=maas_adg_api_ENTITY1_static_9_99&ref_=aa_maas&tag=maas"
    "&aa_campaignid={insertCampaignId}&aa_adgroupid={insertAdGroupId}&aa_creativeid={insertAdiD}"
)
CENT = Decimal("0.01")


@given(
    st.text(min_size=1, max_size=30),
    st.text(min_size=1, max_size=30),
    st.sampled_from(["https://www.amazon.com/dp/B0ACME0001", "https://www.amazon.com/stores/A/page/B?lp=1"]),
    st.one_of(st.none(), st.from_regex(r"[A-Za-z0-9]{1,40}", fullmatch=True)),
)
def test_identifiers_are_deterministic_allowed_and_parse_back(
    program_id: str, partner_id: str, page: str, shared_id: str | None
) -> None:
    ids = identifiers.identifiers(program_id, partner_id, page, shared_id)
    assert ids == identifiers.identifiers(program_id, partner_id, page, shared_id)
    for value in (ids.campaign_id, ids.ad_group_id, ids.creative_id):
        assert len(value) <= 255 and not set(value) & set(identifiers.FORBIDDEN)
    url = identifiers.tracking_url(page, TEMPLATE, ids)
    assert identifiers.parse(url) == ids
    assert url.startswith(page + ("&" if "?" in page else "?") + "maas=")


def test_campaign_and_ad_group_belong_to_the_partner_and_the_creative_to_the_link() -> None:
    a = identifiers.identifiers("prg_1", "ptr_1", "https://www.amazon.com/dp/B0ACME0001", None)
    b = identifiers.identifiers("prg_1", "ptr_1", "https://www.amazon.com/dp/B0ACME0002", None)
    c = identifiers.identifiers("prg_1", "ptr_1", "https://www.amazon.com/dp/B0ACME0001", "yt")
    other = identifiers.identifiers("prg_1", "ptr_2", "https://www.amazon.com/dp/B0ACME0001", None)
    assert a.campaign_id == b.campaign_id == c.campaign_id != other.campaign_id
    assert a.ad_group_id == b.ad_group_id != other.ad_group_id
    assert len({a.creative_id, b.creative_id, c.creative_id, other.creative_id}) == 4


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("a&b", "cannot contain any of"),
        ("a b", "must be alphanumeric"),
        ("a" * 256, "1 to 255"),
        ("", "1 to 255"),
    ],
)
def test_shared_id_refusals(value: str, message: str) -> None:
    with pytest.raises(Unprocessable, match=message):
        identifiers.check_shared_id(value)


def test_a_template_without_its_macros_is_refused() -> None:
    with pytest.raises(Exception, match="no usable Amazon tag template"):
        identifiers.check_template("maas=x&tag=maas")


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (
            "https://www.amazon.com/Boots/dp/B0ACME0001/ref=sr_1?tag=a-20&th=1",
            "https://www.amazon.com/dp/B0ACME0001",
        ),
        ("http://amazon.com/gp/product/b0acme0001", "https://www.amazon.com/dp/B0ACME0001"),
        (
            "https://www.amazon.com/stores/Acme/page/X?tag=a-20&ref_=b&lp=1",
            "https://www.amazon.com/stores/Acme/page/X?lp=1",
        ),
        ("https://www.amazon.com/s?k=boots&ref=nb_sb_noss", "https://www.amazon.com/s?k=boots"),
    ],
)
def test_urls_lose_tag_and_ref_and_product_pages_become_canonical(url: str, expected: str) -> None:
    assert landing.from_url("amazon.com", url).url == expected


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("https://www.amazon.com.mx/dp/B0ACME0001", "is on amazon.com.mx (MX)"),
        ("https://amzn.to/3xYz", "not an Amazon URL"),
        ("ftp://www.amazon.com/dp/B0ACME0001", "not a web address"),
    ],
)
def test_urls_of_other_sites_are_refused(url: str, message: str) -> None:
    with pytest.raises(Unprocessable, match=message.replace("(", r"\(").replace(")", r"\)")):
        landing.from_url("amazon.com", url)


def payout(kind: str, value: str) -> PayoutRequest:
    return PayoutRequest(type=kind, value=value)


@pytest.mark.parametrize(
    ("kind", "value", "message"),
    [
        ("cpc", "0.1", "CPA only"),
        ("percent", "100.01", "between 0 and 100"),
        ("percent", "-1", "between 0 and 100"),
        ("per_unit", "-0.01", "below zero"),
        ("per_purchase", "1.005", "finer than the currency"),
        ("per_purchase", "abc", "not a decimal number"),
        ("bonus", "1", "unknown"),
    ],
)
def test_payout_refusals(kind: str, value: str, message: str) -> None:
    with pytest.raises(Unprocessable, match=message):
        rules.payout(payout(kind, value), CENT, "USD")


def test_overlapping_promotions_on_one_asin_are_refused() -> None:
    promo = {"asins": ["B0ACME0001"], "payout": payout("percent", "20")}
    request = TermsRequest(
        default=payout("percent", "5"),
        promotions=[
            PromotionRequest(name="a", start=date(2030, 1, 1), end=date(2030, 1, 10), **promo),  # type: ignore[arg-type]
            PromotionRequest(name="b", start=date(2030, 1, 10), end=date(2030, 1, 20), **promo),  # type: ignore[arg-type]
        ],
    )
    with pytest.raises(Unprocessable, match="overlap on ASIN B0ACME0001"):
        rules.promotions(request, CENT, "USD")


def test_an_effective_date_in_the_past_is_refused() -> None:
    with pytest.raises(Unprocessable, match="in the past"):
        rules.effective_date(date(2020, 1, 1), date(2026, 1, 1))
    assert rules.effective_date(None, date(2026, 1, 1)) == date(2026, 1, 1)
