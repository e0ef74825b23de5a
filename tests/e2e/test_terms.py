"""Commission terms through the HTTP gateway: versions, private terms and every refusal."""

from __future__ import annotations

from typing import Any

from sellerlink_local.drivers.client import SellerlinkClient
from tests.e2e.conftest import BrandFactory, OnboardedProgram, assert_problem, program_body


def put_terms(program: OnboardedProgram, body: dict[str, Any], suffix: str = "/terms") -> Any:
    return program.admin.request("PUT", program.path(suffix), json=body)


def payout(kind: str, value: str) -> dict[str, str]:
    return {"type": kind, "value": value}


def test_setting_terms_completes_the_checklist_step(new_brand: BrandFactory) -> None:
    admin = new_brand()
    program = admin.post("/v1/programs", program_body("CA"))
    answer = admin.request(
        "PUT", f"/v1/programs/{program['program_id']}/terms", json={"default": payout("percent", "5")}
    )
    assert answer.status_code == 200, answer.text
    steps = {s["step"]: s["done"] for s in admin.get(f"/v1/programs/{program['program_id']}")["checklist"]}
    assert steps["set_default_terms"] is True


def test_every_change_is_a_new_version_and_history_is_readable(onboarded_program: OnboardedProgram) -> None:
    asins = onboarded_program.asins
    body = {
        "default": payout("percent", "10"),
        "payout_groups": [{"name": "boots", "asins": [asins[0]], "payout": payout("per_unit", "2.50")}],
        "promotions": [
            {
                "name": "spring",
                "start": "2030-03-01",
                "end": "2030-03-31",
                "asins": [asins[1]],
                "payout": payout("per_purchase", "5"),
            }
        ],
        "effective_date": "2030-01-01",
    }
    version = put_terms(onboarded_program, body).json()
    assert (version["version"], version["effective_date"]) == (2, "2030-01-01")
    history = onboarded_program.admin.get(onboarded_program.path("/terms"))["versions"]
    assert [v["version"] for v in history] == [1, 2]
    assert history[0]["default"] == {"type": "percent", "value": "8"}


def test_private_terms_for_one_partner(
    onboarded_program: OnboardedProgram, approved_partner: SellerlinkClient
) -> None:
    suffix = f"/partners/{approved_partner.partner_id}/terms"  # type: ignore[attr-defined]
    answer = put_terms(onboarded_program, {"default": payout("percent", "12")}, suffix)
    assert answer.status_code == 200, answer.text
    assert answer.json()["partner_id"] == approved_partner.partner_id  # type: ignore[attr-defined]
    assert [
        v["version"] for v in onboarded_program.admin.get(onboarded_program.path(suffix))["versions"]
    ] == [1]


def test_private_terms_for_a_stranger_are_404(onboarded_program: OnboardedProgram) -> None:
    answer = put_terms(onboarded_program, {"default": payout("percent", "12")}, "/partners/ptr_nobody/terms")
    assert_problem(answer, 404, "not a member")


def test_reading_private_terms_of_a_stranger_is_404_too(onboarded_program: OnboardedProgram) -> None:
    answer = onboarded_program.admin.request("GET", onboarded_program.path("/partners/ptr_nobody/terms"))
    assert answer.status_code == 404
    assert answer.json()["detail"] == (
        f"Partner ptr_nobody is not a member of program {onboarded_program.program_id}; invite it first."
    )


def test_a_click_payout_is_422_cpa_only(onboarded_program: OnboardedProgram) -> None:
    assert_problem(
        put_terms(onboarded_program, {"default": payout("cpc", "0.10")}),
        422,
        "Seller programs support CPA only",
    )


def test_an_asin_in_two_groups_is_422(onboarded_program: OnboardedProgram) -> None:
    asin = onboarded_program.asins[0]
    groups = [
        {"name": "a", "asins": [asin], "payout": payout("percent", "5")},
        {"name": "b", "asins": [asin], "payout": payout("percent", "6")},
    ]
    body = {"default": payout("percent", "4"), "payout_groups": groups}
    assert_problem(put_terms(onboarded_program, body), 422, f"ASIN {asin} is in two payout groups")


def test_an_asin_not_in_the_catalog_is_422(onboarded_program: OnboardedProgram) -> None:
    groups = [{"name": "a", "asins": ["B0NOTMINE1"], "payout": payout("percent", "5")}]
    body = {"default": payout("percent", "4"), "payout_groups": groups}
    assert_problem(
        put_terms(onboarded_program, body), 422, "B0NOTMINE1 is not in the program's imported catalog"
    )


def test_a_percentage_outside_0_to_100_is_422(onboarded_program: OnboardedProgram) -> None:
    assert_problem(
        put_terms(onboarded_program, {"default": payout("percent", "101")}), 422, "between 0 and 100"
    )


def test_an_amount_below_zero_is_422(onboarded_program: OnboardedProgram) -> None:
    assert_problem(
        put_terms(onboarded_program, {"default": payout("per_purchase", "-1")}), 422, "cannot be below zero"
    )


def test_an_amount_finer_than_the_minor_unit_is_422(onboarded_program: OnboardedProgram) -> None:
    answer = put_terms(onboarded_program, {"default": payout("per_unit", "0.125")})
    assert_problem(answer, 422, "finer than the currency allows; round it to 0.01 USD")


def test_a_promotion_ending_before_it_starts_is_422(onboarded_program: OnboardedProgram) -> None:
    promo = {
        "name": "oops",
        "start": "2030-05-10",
        "end": "2030-05-01",
        "asins": [onboarded_program.asins[0]],
        "payout": payout("percent", "20"),
    }
    body = {"default": payout("percent", "4"), "promotions": [promo]}
    assert_problem(put_terms(onboarded_program, body), 422, "ends (2030-05-01) before it starts (2030-05-10)")


def test_promo_codes_are_422_because_amazon_returns_no_promo_code_data(
    onboarded_program: OnboardedProgram,
) -> None:
    answer = onboarded_program.admin.request(
        "POST", onboarded_program.path("/promo-codes"), json={"code": "SAVE10"}
    )
    assert_problem(answer, 422, "Amazon Attribution returns no promo-code")
