"""A member's view through the HTTP gateway: it applies with what the program asks, then reads the
program, its own terms and the products with its commission; never another partner's terms."""

from __future__ import annotations

from sellerlink_local.drivers.client import SellerlinkClient
from tests.e2e.conftest import OnboardedProgram, PartnerFactory, assert_problem

REQUIREMENTS = {"text": "Tell us about your audience.", "required_fields": ["website", "audience_size"]}
HERO = {"name": "hero", "asins": ["B0ACME0002"], "payout": {"type": "per_unit", "value": "3.00"}}


def approve(program: OnboardedProgram, partner: SellerlinkClient) -> None:
    program.admin.post(program.path(f"/partners/{partner.partner_id}/approve"))  # type: ignore[attr-defined]


def test_an_application_must_fill_the_required_fields_and_the_brand_reads_them(
    onboarded_program: OnboardedProgram, new_partner: PartnerFactory
) -> None:
    # Given a program that asks every application for a website and an audience size
    onboarded_program.admin.patch(onboarded_program.path(), {"application_requirements": REQUIREMENTS})
    partner = new_partner()
    # When a partner applies without them, then with them
    missing = partner.request(
        "POST", onboarded_program.path("/applications"), json={"website": "https://t.example"}
    )
    applied = partner.post(
        onboarded_program.path("/applications"),
        {"website": "https://t.example", "audience_size": 12000, "message": "Hi"},
    )
    # Then the first is refused naming what is missing, and the brand reads the second
    problem = assert_problem(
        missing,
        422,
        f"Program {onboarded_program.program_id} asks every application for website, audience_size; "
        "this one lacks audience_size. Send audience_size in the application's body.",
    )
    assert problem["missing_fields"] == ["audience_size"]
    assert applied["status"] == "pending"
    seen = onboarded_program.admin.get(onboarded_program.path(f"/partners/{partner.partner_id}"))  # type: ignore[attr-defined]
    assert seen["application"] == {
        "website": "https://t.example",
        "audience_size": 12000,
        "audience_description": None,
        "promotion_methods": None,
        "message": "Hi",
    }


def test_an_application_with_no_body_lacks_every_required_field(
    onboarded_program: OnboardedProgram, new_partner: PartnerFactory
) -> None:
    onboarded_program.admin.patch(onboarded_program.path(), {"application_requirements": REQUIREMENTS})
    answer = new_partner().request("POST", onboarded_program.path("/applications"))
    problem = assert_problem(answer, 422, "this one lacks website, audience_size.")
    assert problem["missing_fields"] == ["website", "audience_size"]


def test_a_negative_audience_is_422(onboarded_program: OnboardedProgram, new_partner: PartnerFactory) -> None:
    answer = new_partner().request(
        "POST", onboarded_program.path("/applications"), json={"audience_size": -1}
    )
    assert_problem(answer, 422, "audience_size: Input should be greater than or equal to 0")


def test_after_approval_a_partner_reads_the_program_its_terms_and_its_commission_per_product(
    onboarded_program: OnboardedProgram, new_partner: PartnerFactory
) -> None:
    # Given a program paying 8% by default and 3.00 per unit on a hero product, and an approved member
    admin = onboarded_program.admin
    admin.call(
        "PUT",
        onboarded_program.path("/terms"),
        json={"default": {"type": "percent", "value": "8"}, "payout_groups": [HERO]},
    )
    partner = new_partner()
    partner.post(onboarded_program.path("/applications"))
    approve(onboarded_program, partner)
    # When it reads the program, its terms and the products
    program = partner.get(onboarded_program.path())
    terms = partner.get(onboarded_program.path("/terms"))
    products = partner.get(onboarded_program.path("/products"))["products"]
    # Then it reads the partner view, the program's terms in force, and what each active product earns it
    assert (program["name"], program["brand_name"], program["marketplace"], program["currency"]) == (
        "Acme Outdoor US",
        "Acme Outdoor",
        "US",
        "USD",
    )
    assert (program["status"], program["lock_period_days"], program["membership_status"]) == (
        "active",
        32,
        "approved",
    )
    assert (
        program["promotable"]["active_products"] == 4
        and "onboarding" not in program
        and "checklist" not in program
    )
    assert terms["in_force"]["source"] == "program" and terms["in_force"]["payout_groups"] == [
        {**HERO, "payout": {"type": "per_unit", "value": "3.00"}}
    ]
    earned = {p["asin"]: p["commission"] for p in products}
    assert onboarded_program.inactive_asin not in earned and len(earned) == 4
    assert earned["B0ACME0001"] == {
        "type": "percent",
        "value": "8",
        "source": "default",
        "name": None,
        "at_list_price": None,
    }
    assert earned["B0ACME0002"] == {
        "type": "per_unit",
        "value": "3.00",
        "source": "payout_group",
        "name": "hero",
        "at_list_price": "3.00",
    }


def test_a_second_partners_private_terms_are_never_visible_to_the_first(
    onboarded_program: OnboardedProgram, new_partner: PartnerFactory
) -> None:
    # Given two members, the second with private terms of 15%
    first, second = new_partner("First"), new_partner("Second")
    for partner in (first, second):
        partner.post(onboarded_program.path("/applications"))
        approve(onboarded_program, partner)
    private = {"default": {"type": "percent", "value": "15"}}
    onboarded_program.admin.call(
        "PUT", onboarded_program.path(f"/partners/{second.partner_id}/terms"), json=private
    )  # type: ignore[attr-defined]
    # When each reads its terms and products
    first_terms, second_terms = (p.get(onboarded_program.path("/terms")) for p in (first, second))
    first_products = first.get(onboarded_program.path("/products"))
    # Then the second reads its private terms, and the first nothing of them, anywhere
    assert (second_terms["in_force"]["source"], second_terms["in_force"]["default"]["value"]) == (
        "private",
        "15",
    )
    assert (first_terms["in_force"]["source"], first_terms["in_force"]["default"]["value"]) == (
        "program",
        "8",
    )
    assert (
        "15" not in str(first_terms)
        and "15" not in str(first_products)
        and second.partner_id not in str(first_terms)
    )  # type: ignore[attr-defined]
    refused = first.request("GET", onboarded_program.path(f"/partners/{second.partner_id}/terms"))  # type: ignore[attr-defined]
    assert_problem(refused, 403, "This route is for brand accounts; use a brand API key.")


def test_a_pending_applicant_cannot_read_the_program_yet(
    onboarded_program: OnboardedProgram, new_partner: PartnerFactory
) -> None:
    partner = new_partner()
    partner.post(onboarded_program.path("/applications"))
    for suffix, what in (
        ("", "the program"),
        ("/terms", "the program's terms"),
        ("/products", "the program's products"),
    ):
        assert_problem(
            partner.request("GET", onboarded_program.path(suffix)),
            403,
            f"Partner {partner.partner_id} cannot read {what}: "  # type: ignore[attr-defined]
            "its application is still waiting for the brand's approval.",
        )


def test_a_partner_that_never_applied_is_told_to_apply(
    onboarded_program: OnboardedProgram, new_partner: PartnerFactory
) -> None:
    partner = new_partner()
    assert_problem(
        partner.request("GET", onboarded_program.path("/terms")),
        403,
        f"Partner {partner.partner_id} is not a member of program "  # type: ignore[attr-defined]
        f"{onboarded_program.program_id}; apply to it first.",
    )
