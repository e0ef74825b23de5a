"""Payout runs through the local stack: a run built from locked ledger entries in the background,
approved, exported to S3 and downloaded through pre-signed URLs; results applied; failed payouts
return their entries to the next run; the daily schedule."""

from __future__ import annotations

import csv
import io
import time
from datetime import timedelta
from decimal import Decimal
from typing import Any

import requests

from sellerlink.payouts.files import WISE_COLUMNS
from sellerlink_local.drivers.client import SellerlinkClient
from sellerlink_local.drivers.payouts import built, download, exported, run_path, wait_for_run
from tests.e2e.conftest import OnboardedProgram, PartnerFactory
from tests.e2e.payouts_flow import (
    IBAN,
    PAYPAL_EMAIL,
    WISE_ID,
    bank_profile,
    closed_month,
    member,
    paypal_profile,
    sandbox_now,
    set_clock,
    wise_profile,
    write_entries,
)


def partners_with_balances(
    program: OnboardedProgram, new_partner: PartnerFactory, table: Any, first: Any
) -> dict[str, SellerlinkClient]:
    """Five members with locked entries in the month: three paid by each method, one below the
    minimum and one without a payout profile."""
    days = [first + timedelta(days=n) for n in (1, 9, 20)]
    plan = {
        "paypal": (paypal_profile(), "40.00"),
        "wise": (wise_profile(), "20.00"),
        "bank": (bank_profile(), "25.17"),
        "small": (paypal_profile("small.partner@example.com"), "5.00"),
        "none": (None, "30.00"),
    }
    found = {}
    for name, (profile, amount) in plan.items():
        partner = new_partner(f"Partner {name}")
        member(program, partner)
        if profile:
            partner.call("PUT", "/v1/partner/payout-profile", json=profile)
        write_entries(table, program, str(partner.partner_id), days, amount)  # type: ignore[attr-defined]
        found[name] = partner
    return found


def listed(admin: SellerlinkClient, program_id: str, month: str, timeout: float = 60) -> None:
    """Waits until the program lists the month's run (the schedule's invocation is asynchronous)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if month in {run["run_id"] for run in admin.get(run_path(program_id))["runs"]}:
            return
        time.sleep(0.2)
    raise AssertionError(f"no run {month} after {timeout} s")


def by_partner(rows: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {row["partner_id"]: row for row in rows}


def test_a_run_pays_each_partner_once_carries_the_rest_and_exports_files_that_add_up(
    stack: Any, onboarded_program: OnboardedProgram, new_partner: PartnerFactory, table: Any
) -> None:
    # Given five partners with locked entries in a closed month
    program, admin = onboarded_program, onboarded_program.admin
    month, first = closed_month(stack)
    partners = partners_with_balances(program, new_partner, table, first)
    ids = {name: str(p.partner_id) for name, p in partners.items()}  # type: ignore[attr-defined]
    # When the admin asks for the month's run
    answer = admin.request("POST", run_path(program.program_id), json={"month": month})
    assert answer.status_code == 201 and answer.json()["status"] == "building", answer.text
    detail = wait_for_run(admin, program.program_id, month, lambda r: r["status"] == "draft")
    # Then three partners get a payout each, in the program's currency, and two are carried
    payouts, carried = by_partner(detail["payouts"]), by_partner(detail["carried"])
    assert {p: payouts[ids[p]]["amount"] for p in ("paypal", "wise", "bank")} == {
        "paypal": "120.00", "wise": "60.00", "bank": "75.51"
    }  # fmt: skip
    assert {p["currency"] for p in payouts.values()} == {"USD"} and len(payouts) == 3
    assert carried[ids["small"]]["reason"] == "below_minimum"
    assert carried[ids["small"]]["detail"] == "15.00 USD is below the minimum payout of 50.00 USD; carried."
    assert (
        carried[ids["none"]]["reason"] == "no_payout_profile" and carried[ids["none"]]["balance"] == "90.00"
    )
    assert payouts[ids["bank"]]["masked_details"]["iban"] == "••••3000"
    assert (detail["run"]["payouts"], detail["run"]["total"], detail["run"]["carried"]) == (3, "255.51", 2)
    entries = admin.get(
        run_path(program.program_id, month, f"/payouts/{payouts[ids['paypal']]['payout_id']}/entries")
    )
    assert len(entries["entry_ids"]) == 3
    # And asking again for the same month answers the same run and adds nothing
    again = admin.request("POST", run_path(program.program_id), json={"month": month})
    assert again.status_code == 200 and again.json()["payouts"] == 3
    assert len(admin.get(run_path(program.program_id, month))["payouts"]) == 3
    # When it is approved and exported
    done = exported(admin, program.program_id, month)
    assert done["run"]["status"] == "exported"
    assert {p["status"] for p in done["payouts"]} == {"processing"}
    # Then the files add up to the run, each one in its provider's layout
    generic = list(csv.DictReader(io.StringIO(download(admin, program.program_id, month, "generic"))))
    assert sum(Decimal(row["amount"]) for row in generic) == Decimal("255.51")
    assert {row["method"] for row in generic} == {"paypal", "wise", "bank_transfer"}
    assert IBAN not in str(generic) and "iban ••••3000" in {
        row["details"].split(" bic")[0] for row in generic
    }
    paypal = list(csv.reader(io.StringIO(download(admin, program.program_id, month, "paypal"))))
    assert paypal == [[PAYPAL_EMAIL, "120.00", "USD", payouts[ids["paypal"]]["payout_id"],
                       paypal[0][4], "PAYPAL"]]  # fmt: skip
    wise = list(csv.reader(io.StringIO(download(admin, program.program_id, month, "wise"))))
    assert tuple(wise[0]) == WISE_COLUMNS and wise[1][0] == WISE_ID and wise[1][7] == "60.00"
    bank = list(csv.DictReader(io.StringIO(download(admin, program.program_id, month, "bank"))))
    assert (bank[0]["iban"], bank[0]["amount"]) == (IBAN, "75.51")


def test_results_mark_payouts_paid_or_failed_and_failed_entries_return_to_the_next_run(
    stack: Any, onboarded_program: OnboardedProgram, new_partner: PartnerFactory, table: Any
) -> None:
    # Given an exported run paying three partners
    program, admin = onboarded_program, onboarded_program.admin
    month, first = closed_month(stack, months_back=4)
    partners = partners_with_balances(program, new_partner, table, first)
    ids = {name: str(p.partner_id) for name, p in partners.items()}  # type: ignore[attr-defined]
    built(admin, program.program_id, month)
    payouts = by_partner(exported(admin, program.program_id, month)["payouts"])
    paypal, wise, bank = (payouts[ids[name]] for name in ("paypal", "wise", "bank"))
    # When PayPal's results come as JSON and Wise's as its CSV, with a failed bank transfer
    results = [
        {"payout_id": paypal["payout_id"], "status": "paid", "reference": "PP-7781", "amount": "120.00"},
        {"payout_id": bank["payout_id"], "status": "failed", "reason": "IBAN closed"},
    ]
    applied = admin.post(run_path(program.program_id, month, "/results"), results)
    wise_csv = (
        f"paymentReference,status,id,amount\r\n{wise['payout_id']},outgoing_payment_sent,T-55,60.00\r\n"
    )
    wise_applied = admin.call(
        "POST", run_path(program.program_id, month, "/results"), data=wise_csv,
        headers={"Content-Type": "text/csv"},
    )  # fmt: skip
    # Then each is applied, the run is completed, and the partner sees its payout with the reference
    assert sorted(applied["applied"]) == sorted([paypal["payout_id"], bank["payout_id"]])
    assert wise_applied["applied"] == [wise["payout_id"]] and wise_applied["refused"] == []
    assert wise_applied["run"]["status"] == "completed"
    today = sandbox_now(stack).date().isoformat()
    (seen,) = partners["paypal"].get("/v1/partner/payouts")["payouts"]
    assert (seen["status"], seen["amount"], seen["reference"], seen["date"]) == (
        "paid",
        "120.00",
        "PP-7781",
        today,
    )
    assert partners["bank"].get("/v1/partner/payouts")["payouts"][0]["status"] == "failed"
    # And the paid amounts count toward the account's PPV in the month paid
    ppv = admin.get("/v1/ppv", params={"month": today[:7]})
    assert Decimal(ppv["paid"]["USD"]) >= Decimal("180.00")
    # And the failed payout's entries are paid by the next month's run, as a balance carried
    next_month = (first + timedelta(days=40)).strftime("%Y-%m")
    following_run = built(admin, program.program_id, next_month)
    following = by_partner(following_run["payouts"])
    assert (following[ids["bank"]]["amount"], following[ids["bank"]]["balance_carried"]) == ("75.51", "75.51")
    assert ids["paypal"] not in following and ids["wise"] not in following


def test_the_daily_schedule_asks_for_the_run_on_the_payout_day_when_automatic_runs_are_on(
    stack: Any, onboarded_program: OnboardedProgram, new_partner: PartnerFactory, table: Any
) -> None:
    # Given automatic runs on the 5th, a 32-day lock (the least allowed), and a partner owed 120.00
    # in the month before last
    program, admin = onboarded_program, onboarded_program.admin
    before = sandbox_now(stack)
    fifth = (before.replace(day=1) + timedelta(days=40)).replace(day=5, hour=8)
    set_clock(stack, fifth - timedelta(days=40))
    try:
        admin.call("PUT", program.path("/payout-settings"), json={"automatic_runs": True, "payout_day": 5})
        previous = (fifth.replace(day=1) - timedelta(days=1)).replace(day=1)
        month_start = (previous - timedelta(days=1)).replace(day=1).date()  # wholly locked on the 5th
        partner = new_partner("Scheduled Partner")
        member(program, partner)
        partner.call("PUT", "/v1/partner/payout-profile", json=paypal_profile())
        write_entries(table, program, str(partner.partner_id), [month_start], "120.00")  # type: ignore[attr-defined]
        admin.patch(program.path(), {"lock_period_days": 32})
        # When EventBridge Scheduler fires the daily payout step on the 5th of the next month
        set_clock(stack, fifth)
        stack.fire_schedule("PayoutScheduleFunctionDailyPayouts")
        month = month_start.strftime("%Y-%m")
        listed(admin, program.program_id, month)
        detail = wait_for_run(admin, program.program_id, month, lambda r: r["status"] == "draft", timeout=60)
    finally:
        set_clock(stack, before)
    # Then the month's run was created by the schedule, with the partner's payout
    assert detail["run"]["trigger"] == "schedule"
    assert [p["amount"] for p in detail["payouts"]] == ["120.00"]


def test_a_presigned_url_works_without_a_key_and_expires(
    stack: Any, onboarded_program: OnboardedProgram, new_partner: PartnerFactory, table: Any
) -> None:
    program, admin = onboarded_program, onboarded_program.admin
    month, first = closed_month(stack, months_back=5)
    partners_with_balances(program, new_partner, table, first)
    built(admin, program.program_id, month)
    exported(admin, program.program_id, month)
    link = admin.get(run_path(program.program_id, month, "/files/generic"))
    assert link["url"].startswith(stack.emulator.url)
    assert requests.get(link["url"], timeout=10).status_code == 200
    tampered = link["url"].replace("generic-", "paypal-")
    assert requests.get(tampered, timeout=10).status_code == 403
