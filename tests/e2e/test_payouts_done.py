"""Issue 17's "done when", through the local stack as a brand, its partners and their shoppers:
a month of traffic, daily pulls, the lock, a run approved and exported whose files add up to the
locked, unpaid ledger less what is carried; a return after the payout carried as a negative into
the next run; a second run for the month adds nothing; a partner under the minimum is carried."""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from typing import Any

from sellerlink_local.drivers.client import SellerlinkClient
from sellerlink_local.drivers.payouts import built, download, exported, run_path
from tests.e2e.attribution_flow import MeasuredProgram
from tests.e2e.payouts_flow import PAYPAL_EMAIL, WISE_ID, bank_profile, paypal_profile, wise_profile
from tests.e2e.test_callbacks import _send
from tests.shopper_events import purchase

SALES = {  # partner: [(day, price)] in March 2026, 10% commission
    "paypal": [("2026-03-03", 400.0), ("2026-03-15", 300.0)],
    "bank": [("2026-03-10", 600.0)],
    "wise": [("2026-03-05", 700.0)],
    "small": [("2026-03-20", 150.0)],
}


def a_month_of_traffic(measured: MeasuredProgram, ids: dict[str, str]) -> None:
    events: list[dict[str, Any]] = []
    for name, sales in SALES.items():
        for day, price in sales:
            events += measured.clicks(ids[name], 12, day, f"{name}-{day}-")
            shopper = measured.shopper(f"{name}-{day}-0")
            events.append(purchase(shopper, f"{day}T11:00:00Z", measured.asins[0], price, order_id=shopper))
    events += measured.clicks(ids["paypal"], 12, "2026-03-22", "paypal-returned")
    returned = measured.shopper("paypal-returned0")  # bought now, sent back within Amazon's window
    events.append(purchase(returned, "2026-03-22T11:00:00Z", measured.asins[0], 100.0, order_id=returned))
    measured.sandbox.events(events)


def locked_ledger_through(measured: MeasuredProgram, last: str) -> dict[str, Decimal]:
    sums: dict[str, Decimal] = {}
    for entry in measured.ledger(to=last):
        assert entry["locked"], entry
        sums[entry["partner_id"]] = sums.get(entry["partner_id"], Decimal(0)) + Decimal(entry["amount"])
    return sums


def test_a_month_of_traffic_is_paid_once_in_files_that_add_up_and_a_later_return_is_carried(
    measured: MeasuredProgram, api: SellerlinkClient, operator: SellerlinkClient, receiver: Any
) -> None:
    # Given four partners with payout profiles (one under the 50.00 minimum) and a month of sales
    admin, program_id = measured.admin, measured.program_id
    admin.patch(measured.path(), {"lock_period_days": 32})
    ids = {name: measured.add_partner(api, operator, f"Partner {name}") for name in SALES}
    profiles = {
        "paypal": paypal_profile(),
        "bank": bank_profile(),
        "wise": wise_profile(),
        "small": paypal_profile("small@example.com"),
    }
    for name, profile in profiles.items():
        measured.partners[ids[name]].call("PUT", "/v1/partner/payout-profile", json=profile)
    hook = measured.partners[ids["paypal"]].post(
        "/v1/partner/webhooks",
        {"url": receiver.url + "/payouts", "event_types": ["payout.created", "payout.paid"]},
    )
    receiver.secrets.append(hook["secret"])
    a_month_of_traffic(measured, ids)
    # When the program is pulled during the month and after it, and March locks
    for day in ("2026-03-12", "2026-03-26", "2026-04-02"):
        measured.sandbox.set_clock(f"{day}T12:00:00Z")
        assert measured.pull(**{"from": "2026-03-01"})["status"] == "SUCCEEDED"
        if day == "2026-03-26":
            returned = measured.shopper("paypal-returned0")
            measured.sandbox.events([{"type": "return", "at": "2026-03-27T09:00:00Z", "order_id": returned}])
    measured.sandbox.set_clock("2026-05-03T12:00:00Z")  # March 31 locked on May 2
    ledger = locked_ledger_through(measured, "2026-03-31")
    assert ledger == {
        ids["paypal"]: Decimal("70.00"),
        ids["bank"]: Decimal("60.00"),
        ids["wise"]: Decimal("70.00"),
        ids["small"]: Decimal("15.00"),
    }
    # And the admin asks for March's run, then asks again
    run = built(admin, program_id, "2026-03")
    again = admin.request("POST", run_path(program_id), json={"month": "2026-03"})
    assert (
        again.status_code == 200 and admin.get(run_path(program_id, "2026-03"))["payouts"] == run["payouts"]
    )
    # Then each partner owed at least the minimum has one payout; the small one is carried
    payouts = {p["partner_id"]: p for p in run["payouts"]}
    (small,) = run["carried"]
    assert (small["partner_id"], small["reason"], small["balance"]) == (
        ids["small"],
        "below_minimum",
        "15.00",
    )
    assert payouts[ids["paypal"]]["entries"] == 4  # two sales, and the return's created and reversed entries
    # When it is approved and exported
    done = exported(admin, program_id, "2026-03")
    # Then the files add up to the locked, unpaid ledger less what the run carried
    carried = sum(Decimal(c["balance"]) for c in run["carried"])
    generic = list(csv.DictReader(io.StringIO(download(admin, program_id, "2026-03", "generic"))))
    assert (
        sum(Decimal(row["amount"]) for row in generic) == sum(ledger.values()) - carried == Decimal("200.00")
    )
    paypal = list(csv.reader(io.StringIO(download(admin, program_id, "2026-03", "paypal"))))
    wise = list(csv.DictReader(io.StringIO(download(admin, program_id, "2026-03", "wise"))))
    bank = list(csv.DictReader(io.StringIO(download(admin, program_id, "2026-03", "bank"))))
    assert [(row[0], row[1], row[2]) for row in paypal] == [(PAYPAL_EMAIL, "70.00", "USD")]
    assert [(row["recipientId"], row["amount"]) for row in wise] == [(WISE_ID, "70.00")]
    assert [row["amount"] for row in bank] == ["60.00"]
    # And when the provider says all three were paid, the run is completed
    results = [
        {"payout_id": p["payout_id"], "status": "paid", "reference": f"REF-{n}"}
        for n, p in enumerate(done["payouts"])
    ]
    assert admin.post(run_path(program_id, "2026-03", "/results"), results)["run"]["status"] == "completed"
    assert {d.payload["type"] for d in receiver.wait_for(2)} == {"payout.created", "payout.paid"}
    (membership,) = measured.partners[ids["paypal"]].get("/v1/partner/memberships")["memberships"]
    assert (membership["balance"]["paid"], membership["balance"]["currency"]) == ("70.00", "USD")
    # When the paid partner's customer returns an order after the payout (past Amazon's restatement),
    # and the brand records it as a clawback
    measured.sandbox.set_clock("2026-05-04T12:00:00Z")
    secret = admin.post(measured.path("/callback-secret"), {})["secret"]
    clawback = {
        "type": "adjustment.create",
        "data": {
            "partner_id": ids["paypal"],
            "amount": "-30.00",
            "reason": "return of order 3/15",
            "date": "2026-05-04",  # locked on June 5, the run's day
        },
    }
    sent = _send(api, measured, secret, clawback, webhook_id="cb_return_after_payout")  # type: ignore[arg-type]
    assert sent.status_code == 200, sent.text
    # Then the next run carries the partner's negative balance into the run after it
    measured.sandbox.set_clock("2026-06-05T12:00:00Z")
    may = built(admin, program_id, "2026-05")
    carried_may = {c["partner_id"]: c for c in may["carried"]}
    assert carried_may[ids["paypal"]]["reason"] == "negative_balance"
    assert carried_may[ids["paypal"]]["detail"] == (
        "A negative balance of -30.00 USD is carried: it reduces the next payout."
    )
    assert carried_may[ids["small"]]["balance"] == "15.00" and may["payouts"] == []
