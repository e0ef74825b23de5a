"""The partners' marketplace through the HTTP gateway: brands list their programs, partners find
them with filters and pages, and every bad request is refused with what to fix."""

from __future__ import annotations

import uuid

from sellerlink_local.drivers.client import SellerlinkClient
from tests.e2e.conftest import (
    BrandFactory,
    OnboardedProgram,
    PartnerFactory,
    assert_problem,
    program_body,
)

LISTING = {
    "listed": True,
    "description": "Tents, stoves and packs for long trails.",
    "logo_url": "https://acme.example/logo.png",
    "categories": ["Outdoor", "Camping"],
    "application_requirements": {"text": "Outdoor creators only.", "required_fields": ["website"]},
}


def find(partner: SellerlinkClient, **query: str) -> list[dict[str, object]]:
    """Every program the marketplace shows for this query, following the cursor."""
    found: list[dict[str, object]] = []
    params = dict(query)
    while True:
        page = partner.get("/v1/marketplace/programs", params=params)
        found += page["programs"]
        if not page["next_cursor"]:
            return found
        params["cursor"] = page["next_cursor"]


def test_a_partner_finds_a_listed_program_and_not_an_unlisted_one(
    onboarded_program: OnboardedProgram, new_brand: BrandFactory, new_partner: PartnerFactory
) -> None:
    # Given a brand that lists its program, and another brand that does not list its own
    brand = f"Acme {uuid.uuid4().hex[:6]}"
    admin = onboarded_program.admin
    admin.patch(onboarded_program.path(), {**LISTING, "brand_name": brand})
    hidden = new_brand().post("/v1/programs", program_body("FR", brand_name=brand))
    # When a partner looks for the brand
    found = find(new_partner(), q=brand)
    # Then it finds the listed program with what a partner may read, and not the unlisted one
    assert [p["program_id"] for p in found] == [onboarded_program.program_id]
    assert hidden["program_id"] not in str(found)
    card = found[0]
    assert (card["brand_name"], card["marketplace"], card["currency"], card["product_count"]) == (
        brand,
        "US",
        "USD",
        4,
    )
    assert card["terms"]["default"] == {"type": "percent", "value": "8"}  # type: ignore[index]
    assert card["description"] == LISTING["description"] and card["categories"] == ["Outdoor", "Camping"]
    assert card["application_requirements"] == LISTING["application_requirements"]
    assert card["auto_approve"] is False
    assert not {"account_id", "onboarding", "brb", "net_cost"} & set(card)


def test_listing_is_off_by_default_and_can_be_turned_off(
    onboarded_program: OnboardedProgram, new_partner: PartnerFactory
) -> None:
    brand = f"Quiet {uuid.uuid4().hex[:6]}"
    admin, partner = onboarded_program.admin, new_partner()
    admin.patch(onboarded_program.path(), {"brand_name": brand})
    assert find(partner, q=brand) == []
    admin.patch(onboarded_program.path(), {"listed": True})
    assert len(find(partner, q=brand)) == 1
    admin.patch(onboarded_program.path(), {"listed": False})
    assert find(partner, q=brand) == []


def test_filters_narrow_the_list_and_pages_follow_the_cursor(
    new_brand: BrandFactory, new_partner: PartnerFactory, table: object
) -> None:
    from tests.e2e.conftest import CATALOG, default_terms, write_onboarding

    tag = uuid.uuid4().hex[:6]
    made = {}
    for code, rate, category in (("US", "9", "Camping"), ("DE", "4", "Books"), ("UK", "12", "Camping")):
        admin = new_brand()
        program = admin.post("/v1/programs", program_body(code, brand_name=f"Brand {tag} {code}"))
        write_onboarding(table, admin.account_id, program["program_id"], CATALOG, [])  # type: ignore[attr-defined]
        admin.call("PUT", f"/v1/programs/{program['program_id']}/terms", json=default_terms(rate))
        admin.post(f"/v1/programs/{program['program_id']}/activate")
        admin.patch(f"/v1/programs/{program['program_id']}", {"listed": True, "categories": [category]})
        made[code] = program["program_id"]
    partner = new_partner()
    assert [p["program_id"] for p in find(partner, q=tag, marketplace="de")] == [made["DE"]]
    assert {p["program_id"] for p in find(partner, q=tag, category="camping")} == {made["US"], made["UK"]}
    assert {p["program_id"] for p in find(partner, q=tag, min_rate="9")} == {made["US"], made["UK"]}
    paged = find(partner, q=tag, limit="1")
    assert sorted(p["program_id"] for p in paged) == sorted(made.values())


def test_an_unknown_marketplace_is_422(new_partner: PartnerFactory) -> None:
    answer = new_partner().request("GET", "/v1/marketplace/programs", params={"marketplace": "JP"})
    problem = assert_problem(answer, 422, "Marketplace 'JP' is not one Sellerlink runs on")
    assert problem["detail"].endswith("use one of US, CA, MX, UK, DE, FR, IT, ES, NL.")


def test_a_rate_outside_0_to_100_is_422(new_partner: PartnerFactory) -> None:
    answer = new_partner().request("GET", "/v1/marketplace/programs", params={"min_rate": "150"})
    assert_problem(answer, 422, "min_rate: Input should be less than or equal to 100")


def test_a_page_size_outside_1_to_100_is_422(new_partner: PartnerFactory) -> None:
    answer = new_partner().request("GET", "/v1/marketplace/programs", params={"limit": "0"})
    assert_problem(answer, 422, "limit: Input should be greater than or equal to 1")


def test_a_cursor_the_marketplace_did_not_give_is_422(new_partner: PartnerFactory) -> None:
    answer = new_partner().request("GET", "/v1/marketplace/programs", params={"cursor": "bm90LWEtY3Vyc29y"})
    assert_problem(
        answer, 422, "The cursor is not one this API gave out for this list; start again without it."
    )


def test_the_marketplace_is_for_partner_keys(onboarded_program: OnboardedProgram) -> None:
    answer = onboarded_program.admin.request("GET", "/v1/marketplace/programs")
    assert_problem(answer, 403, "This route is for partners; use a partner API key.")


def test_listing_details_are_checked(onboarded_program: OnboardedProgram) -> None:
    admin, path = onboarded_program.admin, onboarded_program.path()
    refused = {
        "logo_url": ({"logo_url": "not a url"}, "logo_url: Input should be a valid URL"),
        "categories": (
            {"categories": [f"c{i}" for i in range(11)]},
            "categories: List should have at most 10 items",
        ),
        "description": ({"description": "x" * 501}, "description: String should have at most 500 characters"),
        "required_fields": (
            {"application_requirements": {"required_fields": ["shoe_size"]}},
            "application_requirements.required_fields.0: Input should be 'website', 'audience_size', "
            "'audience_description', 'promotion_methods' or 'message'",
        ),
    }
    for body, message in refused.values():
        assert_problem(admin.request("PATCH", path, json=body), 422, message)
