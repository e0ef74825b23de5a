"""Tracking links through the HTTP gateway (the links function): every rule of issue 5."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from urllib.parse import parse_qs, urlsplit

from sellerlink.links.identifiers import parse
from sellerlink_local.client import SellerlinkClient
from tests.e2e.conftest import OnboardedProgram, PartnerFactory, assert_problem


def test_an_approved_partner_gets_a_tracking_link_that_parses_back_into_its_identifiers(
    onboarded_program: OnboardedProgram, approved_partner: SellerlinkClient
) -> None:
    # Given an approved partner of an active program
    asin = onboarded_program.asins[0]
    # When it asks for the link of an ASIN
    answer = approved_partner.request("POST", onboarded_program.path("/links"), json={"asin": asin})
    # Then the URL is the detail page plus the filled tag template, and parses back into the ids
    assert answer.status_code == 201, answer.text
    link = answer.json()
    assert link["url"].startswith(f"https://www.amazon.com/dp/{asin}?maas=maas_adg_api_")
    ids = parse(link["url"])
    assert (ids.campaign_id, ids.ad_group_id, ids.creative_id) == (
        link["campaign_id"],
        link["ad_group_id"],
        link["creative_id"],
    )
    assert link["link_id"] == link["creative_id"]
    query = parse_qs(urlsplit(link["url"]).query)
    assert (query["ref_"], query["tag"]) == (["aa_maas"], ["maas"])
    assert "{" not in link["url"]


def test_the_same_request_gives_the_same_link_even_concurrently(
    onboarded_program: OnboardedProgram, approved_partner: SellerlinkClient
) -> None:
    body = {"asin": onboarded_program.asins[1], "shared_id": "newsletter"}
    with ThreadPoolExecutor(8) as pool:
        links = list(pool.map(lambda _: approved_partner.post(onboarded_program.path("/links"), body), range(8)))
    assert len({link["url"] for link in links}) == 1
    assert len({link["created_at"] for link in links}) == 1
    listed = approved_partner.get(onboarded_program.path("/links"))["links"]
    assert [link["link_id"] for link in listed] == [links[0]["link_id"]]
