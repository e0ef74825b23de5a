"""A brand admin's ledger adjustments through the API (`POST /v1/programs/{id}/adjustments`)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest
import requests

from sellerlink_local.drivers.client import SellerlinkClient
from tests.e2e.conftest import OnboardedProgram, assert_problem

Body = dict[str, Any]


def _today(stack: Any) -> datetime:
    now = requests.get(f"{stack.sandbox_url}/_sandbox/clock", timeout=10).json()["now"]
    return datetime.fromisoformat(now.replace("Z", "+00:00"))


def _adjust(program: OnboardedProgram, body: dict[str, Any], key: str | None = "adj-1", **how: Any) -> Any:
    client = how.get("client") or program.admin
    headers = {"Idempotency-Key": key} if key is not None else {}
    return client.request("POST", program.path("/adjustments"), json=body, headers=headers)


@pytest.fixture
def bonus(stack: Any, approved_partner: SellerlinkClient) -> Body:
    return {
        "partner_id": approved_partner.partner_id,  # type: ignore[attr-defined]
        "amount": "12.345",
        "reason": "Launch week bonus",
        "date": str(_today(stack).date()),
    }


def test_an_admin_adds_a_bonus_once_with_its_own_conversion_type_and_reason(
    onboarded_program: OnboardedProgram, bonus: dict[str, Any], approved_partner: SellerlinkClient
) -> None:
    # When the admin adds a bonus, then retries the same request with the same Idempotency-Key
    first = _adjust(onboarded_program, bonus)
    again = _adjust(onboarded_program, bonus)
    # Then it is appended once, rounded half-even, typed custom, with the brand's reason
    assert (first.status_code, again.status_code) == (201, 200), first.text
    entry = first.json()
    assert again.json()["entry_id"] == entry["entry_id"]
    assert (entry["kind"], entry["conversion_type"], entry["amount"]) == ("custom", "custom", "12.34")
    assert entry["reason"] == "Brand adjustment: Launch week bonus"
    ledger = onboarded_program.admin.get(onboarded_program.path("/ledger"), params={"kind": "custom"})
    assert [e["entry_id"] for e in ledger["entries"]] == [entry["entry_id"]]
    # And the partner sees it among its own entries
    mine = approved_partner.get(onboarded_program.path("/ledger"))["entries"]
    assert [(e["conversion_type"], e["amount"]) for e in mine] == [("custom", "12.34")]


def test_without_an_idempotency_key_it_is_400(
    onboarded_program: OnboardedProgram, bonus: dict[str, Any]
) -> None:
    problem = assert_problem(_adjust(onboarded_program, bonus, key=None), 400, "Idempotency-Key")
    assert problem["detail"] == (
        "Send an Idempotency-Key header (a unique string you choose, up to 255 characters) so that a "
        "retried request adds the adjustment once."
    )


def test_an_idempotency_key_over_255_characters_is_400(
    onboarded_program: OnboardedProgram, bonus: dict[str, Any]
) -> None:
    problem = assert_problem(_adjust(onboarded_program, bonus, key="k" * 256), 400, "Idempotency-Key")
    assert problem["detail"] == "The Idempotency-Key header is 256 characters; use at most 255."


def test_the_same_key_for_another_amount_is_409(
    onboarded_program: OnboardedProgram, bonus: dict[str, Any]
) -> None:
    assert _adjust(onboarded_program, bonus, key="same").status_code == 201
    problem = assert_problem(_adjust(onboarded_program, {**bonus, "amount": "99"}, key="same"), 409, "")
    assert problem["detail"] == (
        "This Idempotency-Key was already used for a different adjustment; send a new key for a new "
        "adjustment, or the same request to repeat the first one."
    )


def test_a_reason_is_required(onboarded_program: OnboardedProgram, bonus: Body) -> None:
    missing = {k: v for k, v in bonus.items() if k != "reason"}
    problem = assert_problem(_adjust(onboarded_program, missing), 422, "reason")
    assert problem["detail"] == "Fix these fields and send again: reason: Field required."
    empty = assert_problem(_adjust(onboarded_program, {**bonus, "reason": ""}), 422, "reason")
    assert (
        empty["detail"] == "Fix these fields and send again: reason: String should have at least 1 character."
    )


def test_a_locked_date_is_422_naming_the_first_open_date(
    stack: Any, onboarded_program: OnboardedProgram, bonus: dict[str, Any]
) -> None:
    today = _today(stack).date()
    old = today - timedelta(days=40)
    problem = assert_problem(_adjust(onboarded_program, {**bonus, "date": str(old)}), 422, "locked")
    first_open = today - timedelta(days=31)
    assert problem["detail"] == (
        f"{old} is locked (32 days have passed): its statement is final. "
        f"Date the adjustment {first_open} or later."
    )


def test_a_future_date_and_a_zero_amount_are_422(
    stack: Any, onboarded_program: OnboardedProgram, bonus: dict[str, Any]
) -> None:
    tomorrow = _today(stack).date() + timedelta(days=1)
    future = assert_problem(_adjust(onboarded_program, {**bonus, "date": str(tomorrow)}), 422, "future")
    assert future["detail"] == f"The adjustment date {tomorrow} is in the future; date it today or earlier."
    zero = assert_problem(_adjust(onboarded_program, {**bonus, "amount": "0.004"}), 422, "rounds to 0")
    assert zero["detail"] == "The adjustment amount rounds to 0 USD; send a non-zero amount."


def test_a_partner_outside_the_program_is_422(
    onboarded_program: OnboardedProgram, bonus: dict[str, Any]
) -> None:
    problem = assert_problem(_adjust(onboarded_program, {**bonus, "partner_id": "ptr_nobody"}), 422, "member")
    assert problem["detail"] == (
        f"Partner ptr_nobody is not a member of program {onboarded_program.program_id}; adjust the "
        "ledger of its own partners only."
    )


def test_only_an_admin_adjusts(
    api: SellerlinkClient, onboarded_program: OnboardedProgram, bonus: dict[str, Any]
) -> None:
    issued = onboarded_program.admin.post("/v1/keys", {"role": "manager", "name": "Dana"})
    manager = api.with_key(issued["key"])
    problem = assert_problem(_adjust(onboarded_program, bonus, client=manager), 403, "admin")
    assert problem["detail"] == "Only an admin can add a ledger adjustment; ask an admin of your account."
