"""The demo's last chapter: January's payout run. The partners give their payout details, the
brand turns automatic runs on (payout day the 5th), January locks, the daily step creates the run,
the brand approves and exports it, downloads the files and records what PayPal and the bank paid.

`story.py` calls `january_payouts` once the 45 days of pulls are done.
"""

from __future__ import annotations

import csv
import io
import time
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta
from typing import Any

from sellerlink_local.demo.pulls import control, pull_now
from sellerlink_local.drivers.client import SellerlinkClient
from sellerlink_local.drivers.payouts import download, exported, run_path, wait_for_run
from sellerlink_local.stack.runtime import LocalStack

PROFILES = [
    {
        "method": "paypal",
        "country": "US",
        "currency": "USD",
        "details": {"paypal_email": "pay@trailreviews.example"},
    },
    {
        "method": "bank_transfer",
        "country": "DE",
        "currency": "EUR",
        "details": {
            "account_holder": "Deal Hunters GmbH",
            "iban": "DE89370400440532013000",
            "bic": "COBADEFFXXX",
        },
    },
]
SCHEDULE = "PayoutScheduleFunctionDailyPayouts"


def january_payouts(
    say: Callable[[str], None],
    stack: LocalStack,
    admin: SellerlinkClient,
    program: dict[str, Any],
    partners: Sequence[SellerlinkClient],
    month_start: datetime,
) -> None:
    program_id, month = program["program_id"], f"{month_start:%Y-%m}"
    for partner, profile in zip(partners, PROFILES, strict=False):
        shown = partner.call("PUT", "/v1/partner/payout-profile", json=profile)
        who = shown["partner_id"]
        say(f"  {who} is paid by {shown['method']}: {_masked(shown['details'])} (sealed, shown masked)")
    settings = {"minimum_payout": {program["currency"]: "50.00"}, "payout_day": 5, "automatic_runs": True}
    admin.call("PUT", f"/v1/programs/{program_id}/payout-settings", json=settings)
    say(
        f"  Payout settings: minimum 50.00 {program['currency']}, automatic runs on the 5th, "
        "negative balances carried."
    )
    payout_day = (month_start + timedelta(days=62)).replace(day=5, hour=7, minute=30)
    control(stack, "PUT", "clock", {"now": f"{payout_day:%Y-%m-%dT%H:%M:%SZ}"})
    pull_now(admin, f"/v1/programs/{program_id}", **{"from": f"{month_start + timedelta(days=14):%Y-%m-%d}"})
    say(f"  {payout_day:%Y-%m-%d}: January is locked (32 days); a last pull reads Amazon's restatements.")
    stack.fire_schedule(SCHEDULE)
    detail = _scheduled_run(admin, program_id, month)
    _show_run(say, detail)
    done = exported(admin, program_id, month)
    say(f"  Approved and exported: run {month} is {done['run']['status']}; payouts are processing.")
    _show_files(say, admin, program_id, month)
    _reconcile(say, admin, program_id, month, done["payouts"], partners)
    ppv = admin.get("/v1/ppv", params={"month": f"{payout_day:%Y-%m}"})
    say(f"  PPV {payout_day:%Y-%m}: earned {ppv['commissions']}, paid {ppv['paid']} (in the month paid).")


def _scheduled_run(admin: SellerlinkClient, program_id: str, month: str) -> dict[str, Any]:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if month in {r["run_id"] for r in admin.get(run_path(program_id))["runs"]}:
            break
        time.sleep(0.2)
    return wait_for_run(admin, program_id, month, lambda run: run["status"] != "building")


def _show_run(say: Callable[[str], None], detail: dict[str, Any]) -> None:
    run = detail["run"]
    say(
        f"  The daily step created run {run['run_id']} ({run['trigger']}): {run['payouts']} payouts, "
        f"{run['total']} {run['currency']}, {run['carried']} partners carried, status {run['status']}."
    )
    for payout in detail["payouts"]:
        say(
            f"    {payout['partner_id']}  {payout['method']:<14}{payout['amount']:>10} {payout['currency']}  "
            f"{payout['entries']} entries  {_masked(payout['masked_details'])}"
        )
    for carried in detail["carried"]:
        say(f"    {carried['partner_id']}  carried: {carried['detail']}")


def _show_files(say: Callable[[str], None], admin: SellerlinkClient, program_id: str, month: str) -> None:
    say("  The files, downloaded through pre-signed URLs (the bucket keeps them 30 days):")
    for kind in ("generic", "paypal", "wise", "bank"):
        link = admin.get(run_path(program_id, month, f"/files/{kind}"))
        text = download(admin, program_id, month, kind)
        rows = "1 row" if link["rows"] == 1 else f"{link['rows']} rows"
        say(f"    {kind}.csv: {rows}, total {link['total']}")
        for row in list(csv.reader(io.StringIO(text)))[:4]:
            say(f"      {','.join(row)}")


def _reconcile(
    say: Callable[[str], None],
    admin: SellerlinkClient,
    program_id: str,
    month: str,
    payouts: list[dict[str, Any]],
    partners: Sequence[SellerlinkClient],
) -> None:
    results = [
        {"payout_id": p["payout_id"], "status": "paid", "reference": f"PAY-{n + 1:04d}"}
        for n, p in enumerate(payouts)
    ]
    outcome = admin.post(run_path(program_id, month, "/results"), results)
    say(
        f"  Results recorded: {len(outcome['applied'])} paid, {len(outcome['refused'])} refused; "
        f"run {month} is {outcome['run']['status']}."
    )
    for partner in partners:
        for payout in partner.get("/v1/partner/payouts")["payouts"]:
            say(
                f"    {partner.partner_id} sees: {payout['status']} {payout['amount']} {payout['currency']} "  # type: ignore[attr-defined]
                f"on {payout['date']}, reference {payout['reference']}"
            )


def _masked(details: dict[str, Any]) -> str:
    return " ".join(f"{k} {v}" for k, v in details.items() if v and k != "account_holder") or "-"
