"""Every bad input of the payout routes, through the local stack: its exact status and message."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from sellerlink_local.drivers.client import SellerlinkClient
from sellerlink_local.drivers.payouts import built, exported, run_path
from tests.e2e.conftest import (
    CATALOG,
    INACTIVE_ASIN,
    OnboardedProgram,
    assert_problem,
    default_terms,
    program_body,
    write_onboarding,
)
from tests.e2e.payouts_flow import IBAN, closed_month, member, paypal_profile, write_entries

PROFILE = "/v1/partner/payout-profile"


@dataclass
class Exported:
    program: OnboardedProgram
    month: str
    partners: list[SellerlinkClient]
    payouts: list[dict[str, Any]]
    manager: SellerlinkClient

    def results(self, rows: Any, **how: Any) -> Any:
        return self.program.admin.request(
            "POST", run_path(self.program.program_id, self.month, "/results"), json=rows, **how
        )


@pytest.fixture(scope="module")
def run(api: SellerlinkClient, operator: SellerlinkClient, table: Any, stack: Any) -> Exported:
    """A brand whose run of a closed month pays two PayPal partners 75.00 each, exported."""
    created = operator.post("/v1/accounts", {"name": "Refusals Inc", "edition": "pro"})
    admin = api.with_key(created["admin_key"]["key"])
    account_id = created["account"]["account_id"]
    program_id = admin.post("/v1/programs", program_body())["program_id"]
    write_onboarding(table, account_id, program_id, CATALOG, [INACTIVE_ASIN])
    program = OnboardedProgram(admin, program_id, account_id, CATALOG, INACTIVE_ASIN)
    admin.call("PUT", program.path("/terms"), json=default_terms())
    admin.post(program.path("/activate"))
    month, first = closed_month(stack, months_back=8)
    partners = []
    for n in range(2):
        made = operator.post("/v1/partners", {"name": f"Refused {n}"})
        partner = api.with_key(made["key"]["key"])
        partner.partner_id = made["partner"]["partner_id"]  # type: ignore[attr-defined]
        member(program, partner)
        partner.call("PUT", PROFILE, json=paypal_profile(f"refused{n}@example.com"))
        write_entries(table, program, str(partner.partner_id), [first], "75.00")  # type: ignore[attr-defined]
        partners.append(partner)
    built(admin, program_id, month)
    payouts = exported(admin, program_id, month)["payouts"]
    manager = api.with_key(admin.post("/v1/keys", {"role": "manager", "name": "Max"})["key"])
    return Exported(program, month, partners, payouts, manager)


# --- payout profiles ------------------------------------------------------------------------------


def bank(**details: Any) -> dict[str, Any]:
    given = {"account_holder": "Trail GmbH", "iban": IBAN, "bic": "COBADEFF", **details}
    return {
        "method": "bank_transfer",
        "country": "DE",
        "currency": "EUR",
        "details": {k: v for k, v in given.items() if v is not None},
    }


@pytest.mark.parametrize(
    ("body", "detail"),
    [
        (
            bank(iban="DE89370400440532013001"),
            "The IBAN is not valid (its check digits do not match); copy it again from the bank.",
        ),
        (bank(bic="DEUT"), "The BIC must be 8 or 11 letters and digits, e.g. DEUTDEFF."),
        (bank(account_holder=None), "A bank transfer needs account_holder: the name on the bank account."),
        (
            bank(iban=None, bic=None),
            "A bank transfer needs iban and bic, or account_number and routing_number.",
        ),
        (
            bank(account_number="12345678"),
            "Send iban and bic, or account_number and routing_number, not both.",
        ),
        (
            bank(iban=None, bic=None, account_number="12345678", routing_number="123456789"),
            "The routing number must be the bank's 9-digit ABA number; check its digits.",
        ),
        (
            bank(iban=None, bic=None, account_number="12", routing_number="011000015"),
            "The account number must be 4 to 17 digits.",
        ),
        (
            {**paypal_profile(), "details": {"paypal_email": "paypal"}},
            "PayPal needs paypal_email: the e-mail address of the PayPal account.",
        ),
        (
            {**paypal_profile(), "details": {"paypal_email": "a@b.example", "wise_recipient_id": "1"}},
            "wise_recipient_id is not used by paypal; send only its own details.",
        ),
        (
            {"method": "wise", "country": "GB", "currency": "GBP", "details": {"wise_recipient_id": "W-1"}},
            "Wise needs wise_recipient_id: the number of the recipient in the brand's Wise account.",
        ),
        (
            {"method": "other", "country": "GB", "currency": "GBP", "details": {}},
            "The method 'other' needs instructions: how the brand should pay you.",
        ),
        (
            {**paypal_profile(), "country": "usa"},
            "country 'usa' is not an ISO 3166 code of two capitals, e.g. DE.",
        ),
        (
            {**paypal_profile(), "currency": "$"},
            "currency '$' is not an ISO 4217 code of three capitals, e.g. EUR.",
        ),
        (
            {**paypal_profile(), "method": "cheque"},
            "method: Input should be 'bank_transfer', 'paypal', 'wise' or 'other'",
        ),
    ],
)
def test_a_wrong_payout_profile_is_422_with_what_to_fix(
    run: Exported, body: dict[str, Any], detail: str
) -> None:
    answer = run.partners[0].request("PUT", PROFILE, json=body)
    assert_problem(answer, 422, detail)


def test_a_brand_key_cannot_set_or_read_a_payout_profile(run: Exported) -> None:
    assert_problem(
        run.program.admin.request("PUT", PROFILE, json=paypal_profile()),
        403,
        "This route is for partners; use a partner API key.",
    )


def test_a_partner_without_a_profile_reads_404(api: SellerlinkClient, operator: SellerlinkClient) -> None:
    made = operator.post("/v1/partners", {"name": "No Profile"})
    answer = api.with_key(made["key"]["key"]).request("GET", PROFILE)
    assert_problem(
        answer, 404, "You have no payout profile yet; set one with PUT /v1/partner/payout-profile."
    )


def test_a_profile_without_a_key_is_401(api: SellerlinkClient) -> None:
    assert_problem(api.request("PUT", PROFILE, json=paypal_profile()), 401, "Authorization: Bearer <key>")


# --- program payout settings ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "detail"),
    [
        (
            {"minimum_payout": {"usd": "10"}},
            "minimum_payout: 'usd' is not an ISO 4217 code of three capitals, e.g. USD.",
        ),
        ({"minimum_payout": {"USD": "-1"}}, "minimum_payout: -1 USD is negative; give 0 or more."),
        ({"payout_day": 32}, "payout_day: Input should be less than or equal to 31"),
    ],
)
def test_wrong_payout_settings_are_422(run: Exported, body: dict[str, Any], detail: str) -> None:
    answer = run.program.admin.request("PUT", run.program.path("/payout-settings"), json=body)
    assert_problem(answer, 422, detail)


def test_only_an_admin_changes_payout_settings(run: Exported) -> None:
    answer = run.manager.request("PUT", run.program.path("/payout-settings"), json={"payout_day": 3})
    assert_problem(answer, 403, "Only an admin can change payout settings; ask an admin of your account.")


def test_a_partner_cannot_read_a_programs_payout_settings(run: Exported) -> None:
    answer = run.partners[0].request("GET", run.program.path("/payout-settings"))
    assert_problem(answer, 403, "This route is for brand accounts; use a brand API key.")


# --- runs ----------------------------------------------------------------------------------------


def test_a_run_of_a_month_that_has_not_ended_is_422(run: Exported) -> None:
    answer = run.program.admin.request("POST", run_path(run.program.program_id), json={"month": "2999-01"})
    assert_problem(answer, 422, "2999-01 has not ended yet; its run can start on 2999-01-31 + 1 day.")


def test_a_month_that_is_not_yyyy_mm_is_422(run: Exported) -> None:
    answer = run.program.admin.request("POST", run_path(run.program.program_id), json={"month": "2026-1"})
    assert_problem(answer, 422, "month: String should match pattern")


def test_only_an_admin_starts_a_run(run: Exported) -> None:
    answer = run.manager.request("POST", run_path(run.program.program_id), json={"month": run.month})
    assert_problem(answer, 403, "Only an admin can start a payout run; ask an admin of your account.")


def test_an_unknown_run_is_404(run: Exported) -> None:
    answer = run.program.admin.request("GET", run_path(run.program.program_id, "2001-01"))
    assert_problem(answer, 404, f"There is no payout run 2001-01 in program {run.program.program_id}.")


def test_an_exported_run_cannot_be_approved_again(run: Exported) -> None:
    answer = run.program.admin.request("POST", run_path(run.program.program_id, run.month, "/approve"))
    assert_problem(answer, 409, f"Run {run.month} is exported; only a draft can be approved.")


def test_a_draft_cannot_be_exported_and_has_no_files_and_takes_no_results(run: Exported, stack: Any) -> None:
    program, admin = run.program, run.program.admin
    month, _ = closed_month(stack, months_back=9)
    built(admin, program.program_id, month)
    assert_problem(
        admin.request("POST", run_path(program.program_id, month, "/export")),
        409,
        f"Run {month} is draft; approve the draft, then export it.",
    )
    assert_problem(
        admin.request("GET", run_path(program.program_id, month, "/files/generic")),
        409,
        f"Run {month} has no generic file yet; export the approved run first.",
    )
    assert_problem(
        admin.request("POST", run_path(program.program_id, month, "/results"), json=[{"payout_id": "x"}]),
        409,
        f"Run {month} is draft; results apply to an exported run.",
    )


def test_an_unknown_file_format_is_422(run: Exported) -> None:
    answer = run.program.admin.request("GET", run_path(run.program.program_id, run.month, "/files/excel"))
    assert_problem(answer, 422, "file_format: Input should be 'generic', 'paypal', 'wise' or 'bank'")


def test_only_an_admin_downloads_a_file_with_full_details(run: Exported) -> None:
    generic = run.manager.request("GET", run_path(run.program.program_id, run.month, "/files/generic"))
    assert generic.status_code == 200, generic.text
    answer = run.manager.request("GET", run_path(run.program.program_id, run.month, "/files/paypal"))
    assert_problem(
        answer,
        403,
        "Only an admin can download files with full payout details; ask an admin of your account.",
    )


def test_a_processing_payout_cannot_be_canceled(run: Exported) -> None:
    payout_id = run.payouts[0]["payout_id"]
    answer = run.program.admin.request(
        "POST", run_path(run.program.program_id, run.month, f"/payouts/{payout_id}/cancel")
    )
    assert_problem(answer, 409, f"Payout {payout_id} is processing; only a pending payout can be canceled.")


def test_a_partner_cannot_read_a_brands_runs(run: Exported) -> None:
    answer = run.partners[0].request("GET", run_path(run.program.program_id))
    assert_problem(answer, 403, "This route is for brand accounts; use a brand API key.")


# --- results -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "content_type", "detail"),
    [
        (
            "not json",
            "application/json",
            "Send a JSON list of {payout_id, status, reference}, or the provider's CSV",
        ),
        ("[]", "application/json", "Send a non-empty JSON list of {payout_id, status, reference}."),
    ],
)
def test_a_results_body_that_cannot_be_read_is_422(
    run: Exported, body: str, content_type: str, detail: str
) -> None:
    answer = run.results(None, data=body, headers={"Content-Type": content_type})
    assert_problem(answer, 422, detail)


def refused(run: Exported, row: dict[str, Any]) -> str:
    answer = run.results([row])
    assert answer.status_code == 200, answer.text
    (only,) = answer.json()["refused"]
    assert answer.json()["applied"] == [] and only["row"] == 1
    return str(only["reason"])


def test_a_result_for_an_unknown_payout_is_refused(run: Exported) -> None:
    row = {"payout_id": "po_unknown", "status": "paid", "reference": "X"}
    assert refused(run, row) == f"Payout po_unknown is not in run {run.month}."


def test_a_result_whose_amount_differs_is_refused(run: Exported) -> None:
    payout_id = run.payouts[0]["payout_id"]
    row = {"payout_id": payout_id, "status": "paid", "reference": "X", "amount": "74.99"}
    assert refused(run, row) == f"The result says 74.99 USD; payout {payout_id} is 75.00 USD."


def test_a_result_in_another_currency_is_refused(run: Exported) -> None:
    payout_id = run.payouts[0]["payout_id"]
    row = {"payout_id": payout_id, "status": "paid", "reference": "X", "currency": "EUR"}
    assert refused(run, row) == f"The result is in EUR; payout {payout_id} is in USD."


def test_a_result_with_an_unknown_status_is_refused(run: Exported) -> None:
    row = {"payout_id": run.payouts[0]["payout_id"], "status": "pending_review"}
    assert refused(run, row) == "Status 'pending_review' is not one this API knows; use paid or failed."


def test_a_paid_result_without_a_reference_is_refused(run: Exported) -> None:
    payout_id = run.payouts[0]["payout_id"]
    assert refused(run, {"payout_id": payout_id, "status": "paid"}) == (
        f"A paid result needs the provider's reference (payout {payout_id})."
    )


def test_a_result_without_a_payout_id_is_refused(run: Exported) -> None:
    assert refused(run, {"status": "paid", "reference": "X"}) == (
        "The result names no payout_id (PayPal: Customer ID; Wise: paymentReference)."
    )


def test_a_paid_result_for_a_failed_payout_is_refused(run: Exported) -> None:
    payout_id = run.payouts[1]["payout_id"]
    assert run.results([{"payout_id": payout_id, "status": "failed"}]).json()["applied"] == [payout_id]
    row = {"payout_id": payout_id, "status": "paid", "reference": "late"}
    assert refused(run, row) == f"Payout {payout_id} is failed; only a payout being processed takes a result."
