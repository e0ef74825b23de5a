"""Tracking links through the HTTP gateway (the links function): every rule of issue 5."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any
from urllib.parse import parse_qs, urlsplit

from sellerlink.links.identifiers import parse
from sellerlink_local.drivers.client import SellerlinkClient
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
        links = list(
            pool.map(lambda _: approved_partner.post(onboarded_program.path("/links"), body), range(8))
        )
    assert len({link["url"] for link in links}) == 1
    assert len({link["created_at"] for link in links}) == 1
    listed = approved_partner.get(onboarded_program.path("/links"))["links"]
    assert [link["link_id"] for link in listed] == [links[0]["link_id"]]


def test_a_partner_url_loses_its_associates_tag_and_ref(
    onboarded_program: OnboardedProgram, approved_partner: SellerlinkClient
) -> None:
    asin = onboarded_program.asins[0]
    url = f"https://amazon.com/Trail-Boots/dp/{asin}/ref=sr_1_3?tag=myassoc-20&ref_=xyz&th=1"
    link = approved_partner.post(onboarded_program.path("/links"), {"url": url})
    assert link["landing_page"] == f"https://www.amazon.com/dp/{asin}"
    assert parse_qs(urlsplit(link["url"]).query)["tag"] == ["maas"]
    store = approved_partner.post(
        onboarded_program.path("/links"), {"url": "https://www.amazon.com/stores/Acme/page/ABC?tag=x-20&lp=1"}
    )
    assert store["landing_page"] == "https://www.amazon.com/stores/Acme/page/ABC?lp=1"
    assert store["asin"] is None and store["link_id"] != link["link_id"]


def test_a_shared_id_link_is_a_distinct_creative_of_the_same_campaign(
    onboarded_program: OnboardedProgram, approved_partner: SellerlinkClient
) -> None:
    asin = onboarded_program.asins[0]
    plain = approved_partner.post(onboarded_program.path("/links"), {"asin": asin})
    shared = approved_partner.post(onboarded_program.path("/links"), {"asin": asin, "shared_id": "youtube"})
    assert (plain["campaign_id"], plain["ad_group_id"]) == (shared["campaign_id"], shared["ad_group_id"])
    assert plain["creative_id"] != shared["creative_id"]


def test_the_brand_creates_a_link_on_a_partners_behalf(
    onboarded_program: OnboardedProgram, approved_partner: SellerlinkClient
) -> None:
    body = {"asin": onboarded_program.asins[2], "partner_id": approved_partner.partner_id}  # type: ignore[attr-defined]
    by_brand = onboarded_program.admin.post(onboarded_program.path("/links"), body)
    by_partner = approved_partner.post(onboarded_program.path("/links"), {"asin": onboarded_program.asins[2]})
    assert by_brand["url"] == by_partner["url"]


def test_a_partner_sees_only_its_own_links(
    onboarded_program: OnboardedProgram, approved_partner: SellerlinkClient, new_partner: PartnerFactory
) -> None:
    other = new_partner("Deal Hunters")
    other.post(onboarded_program.path("/applications"))
    onboarded_program.admin.post(onboarded_program.path(f"/partners/{other.partner_id}/approve"))  # type: ignore[attr-defined]
    mine = approved_partner.post(onboarded_program.path("/links"), {"asin": onboarded_program.asins[0]})
    theirs = other.post(onboarded_program.path("/links"), {"asin": onboarded_program.asins[0]})
    assert mine["campaign_id"] != theirs["campaign_id"]
    assert [x["link_id"] for x in other.get(onboarded_program.path("/links"))["links"]] == [theirs["link_id"]]
    assert_problem(other.request("GET", onboarded_program.path(f"/links/{mine['link_id']}")), 404, "no link")
    assert len(onboarded_program.admin.get(onboarded_program.path("/links"))["links"]) == 2


def test_a_link_is_looked_up_deactivated_and_reactivated_by_asking_again(
    onboarded_program: OnboardedProgram, approved_partner: SellerlinkClient
) -> None:
    link = approved_partner.post(onboarded_program.path("/links"), {"asin": onboarded_program.asins[0]})
    path = onboarded_program.path(f"/links/{link['link_id']}")
    assert approved_partner.get(path) == link
    assert approved_partner.delete(path)["active"] is False
    assert approved_partner.get(path)["active"] is False
    again = approved_partner.post(onboarded_program.path("/links"), {"asin": onboarded_program.asins[0]})
    assert (again["link_id"], again["active"]) == (link["link_id"], True)


def test_bulk_generates_links_with_a_reason_for_each_failed_row(
    onboarded_program: OnboardedProgram, approved_partner: SellerlinkClient
) -> None:
    good = list(onboarded_program.asins)
    rows = [*good, "B0NOTMINE1", onboarded_program.inactive_asin, "not-an-asin", good[0]]
    answer = approved_partner.post(onboarded_program.path("/links/bulk"), {"asins": rows})
    assert [link["asin"] for link in answer["links"]] == good
    reasons = {e["asin"]: e["detail"] for e in answer["errors"]}
    assert "not in the program's imported catalog" in reasons["B0NOTMINE1"]
    assert "inactive" in reasons[onboarded_program.inactive_asin]
    assert "is not an ASIN" in reasons["not-an-asin"]
    single = approved_partner.post(onboarded_program.path("/links"), {"asin": good[0]})
    assert single["url"] == answer["links"][0]["url"]


def test_bulk_over_5000_rows_is_422(
    onboarded_program: OnboardedProgram, approved_partner: SellerlinkClient
) -> None:
    answer = approved_partner.request(
        "POST", onboarded_program.path("/links/bulk"), json={"asins": ["B0ACME0001"] * 5001}
    )
    assert_problem(answer, 422, "at most 5,000 ASINs")


def link_refusal(program: OnboardedProgram, client: SellerlinkClient, body: dict[str, object]) -> object:
    return client.request("POST", program.path("/links"), json=body)


def test_a_shared_id_that_is_not_alphanumeric_is_422(
    onboarded_program: OnboardedProgram, approved_partner: SellerlinkClient
) -> None:
    body = {"asin": onboarded_program.asins[0], "shared_id": "news-letter"}
    assert_problem(link_refusal(onboarded_program, approved_partner, body), 422, "must be alphanumeric")


def test_a_shared_id_longer_than_255_is_422(
    onboarded_program: OnboardedProgram, approved_partner: SellerlinkClient
) -> None:
    body = {"asin": onboarded_program.asins[0], "shared_id": "a" * 256}
    assert_problem(link_refusal(onboarded_program, approved_partner, body), 422, "1 to 255 characters")


def test_an_identifier_with_a_forbidden_character_is_422(
    onboarded_program: OnboardedProgram, approved_partner: SellerlinkClient
) -> None:
    body = {"asin": onboarded_program.asins[0], "shared_id": "news&letter"}
    assert_problem(link_refusal(onboarded_program, approved_partner, body), 422, "cannot contain any of")


def test_a_url_of_another_marketplace_is_422(
    onboarded_program: OnboardedProgram, approved_partner: SellerlinkClient
) -> None:
    body = {"url": f"https://www.amazon.de/dp/{onboarded_program.asins[0]}"}
    assert_problem(link_refusal(onboarded_program, approved_partner, body), 422, "is on amazon.de (DE)")


def test_a_url_that_is_not_amazon_is_422(
    onboarded_program: OnboardedProgram, approved_partner: SellerlinkClient
) -> None:
    body = {"url": "https://shop.example/dp/B0ACME0001"}
    assert_problem(link_refusal(onboarded_program, approved_partner, body), 422, "is not an Amazon URL")


def test_insisting_on_an_associates_tag_is_422(
    onboarded_program: OnboardedProgram, approved_partner: SellerlinkClient
) -> None:
    body = {"url": "https://www.amazon.com/dp/B0ACME0001?tag=mine-20", "keep_associates_tag": True}
    assert_problem(
        link_refusal(onboarded_program, approved_partner, body), 422, "Associates tag cannot be combined"
    )


def test_an_asin_not_in_the_catalog_is_422(
    onboarded_program: OnboardedProgram, approved_partner: SellerlinkClient
) -> None:
    body = {"asin": "B0NOTMINE1"}
    assert_problem(
        link_refusal(onboarded_program, approved_partner, body), 422, "not in the program's imported catalog"
    )


def test_an_inactive_asin_is_422(
    onboarded_program: OnboardedProgram, approved_partner: SellerlinkClient
) -> None:
    body = {"asin": onboarded_program.inactive_asin}
    assert_problem(link_refusal(onboarded_program, approved_partner, body), 422, "is inactive")


def test_a_partner_not_yet_approved_is_403(
    onboarded_program: OnboardedProgram, new_partner: PartnerFactory
) -> None:
    partner = new_partner()
    partner.post(onboarded_program.path("/applications"))
    body = {"asin": onboarded_program.asins[0]}
    assert_problem(link_refusal(onboarded_program, partner, body), 403, "waiting for the brand's approval")


def test_a_suspended_partner_is_403(
    onboarded_program: OnboardedProgram, approved_partner: SellerlinkClient
) -> None:
    onboarded_program.admin.post(onboarded_program.path(f"/partners/{approved_partner.partner_id}/suspend"))  # type: ignore[attr-defined]
    body = {"asin": onboarded_program.asins[0]}
    assert_problem(link_refusal(onboarded_program, approved_partner, body), 403, "suspended")


def test_a_terminated_partner_is_403(
    onboarded_program: OnboardedProgram, approved_partner: SellerlinkClient
) -> None:
    onboarded_program.admin.post(onboarded_program.path(f"/partners/{approved_partner.partner_id}/terminate"))  # type: ignore[attr-defined]
    body = {"asin": onboarded_program.asins[0]}
    assert_problem(link_refusal(onboarded_program, approved_partner, body), 403, "terminated")


def test_a_program_that_is_not_active_is_409(
    onboarded_program: OnboardedProgram, approved_partner: SellerlinkClient
) -> None:
    onboarded_program.admin.post(onboarded_program.path("/pause"))
    body = {"asin": onboarded_program.asins[0]}
    assert_problem(link_refusal(onboarded_program, approved_partner, body), 409, "is paused, not active")


def dynamodb_reads_and_writes(stack: Any, make: Callable[[], object]) -> tuple[Counter[str], Counter[str]]:
    """The links function's DynamoDB calls while `make` runs, as the emulator authorized them."""
    before = stack.calls_of("LinksFunction")
    make()
    calls = stack.calls_of("LinksFunction") - before
    reads = Counter(
        {
            a: n
            for a, n in calls.items()
            if a in ("dynamodb:GetItem", "dynamodb:BatchGetItem", "dynamodb:Query")
        }
    )
    writes = Counter({a: n for a, n in calls.items() if a.startswith("dynamodb:") and a not in reads})
    return reads, writes


def test_a_link_reads_its_key_program_membership_and_product_in_one_batch(
    stack: Any, onboarded_program: OnboardedProgram, approved_partner: SellerlinkClient
) -> None:
    # Given an approved partner, whose program the links function may not have met yet
    path = onboarded_program.path("/links")
    # When it asks for a new link
    reads, writes = dynamodb_reads_and_writes(
        stack,
        lambda: approved_partner.post(path, {"asin": onboarded_program.asins[0], "shared_id": "count1"}),
    )
    # Then its key, the program, its policy, the membership and the product come in one BatchGetItem,
    # after at most one Query that finds the program's account; then one conditional put
    assert reads["dynamodb:BatchGetItem"] == 1 and reads["dynamodb:GetItem"] == 0, reads
    assert reads["dynamodb:Query"] <= 1 and sum(reads.values()) <= 2, reads
    assert writes == Counter({"dynamodb:PutItem": 1}), writes
    # And the brand, who names its own account, reads everything in that one batch
    body = {"asin": onboarded_program.asins[1], "partner_id": approved_partner.partner_id}  # type: ignore[attr-defined]
    reads, writes = dynamodb_reads_and_writes(stack, lambda: onboarded_program.admin.post(path, body))
    assert reads == Counter({"dynamodb:BatchGetItem": 1}), reads
    assert writes == Counter({"dynamodb:PutItem": 1}), writes


def test_bulk_links_read_and_write_in_batches(
    stack: Any, onboarded_program: OnboardedProgram, approved_partner: SellerlinkClient
) -> None:
    # Given an approved partner and a few catalog ASINs
    asins = list(onboarded_program.asins)
    # When it asks for their links in bulk
    reads, writes = dynamodb_reads_and_writes(
        stack, lambda: approved_partner.post(onboarded_program.path("/links/bulk"), {"asins": asins})
    )
    # Then one batch reads the key, program, policy, membership and products, one the existing links
    # (after at most one Query for the program's account), and one batch writes the new links
    assert reads["dynamodb:BatchGetItem"] == 2 and reads["dynamodb:GetItem"] == 0, reads
    assert reads["dynamodb:Query"] <= 1, reads
    assert writes == Counter({"dynamodb:BatchWriteItem": 1}), writes
