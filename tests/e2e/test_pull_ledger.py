"""The attribution pull through the local stack: the workflow on moto's Step Functions, the
sandbox's reports, and the ledger rules of issue 6, one test per reliability case."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from sellerlink_local.drivers.client import SellerlinkClient
from tests.e2e.attribution_flow import MeasuredProgram
from tests.shopper_events import purchase


def test_a_pull_run_twice_on_unchanged_data_appends_nothing(
    measured: MeasuredProgram, api: SellerlinkClient, operator: SellerlinkClient
) -> None:
    # Given a partner with 12 clicks, two purchases of the linked ASIN and one brand-halo purchase
    partner = measured.add_partner(api, operator, "Trail Reviews")
    asin, other = measured.asins[0], measured.asins[1]
    events = measured.clicks(partner, 12, "2026-03-01", "u")
    events += [
        purchase(measured.shopper("u0"), "2026-03-01T11:00:00Z", asin, 40.0),
        purchase(measured.shopper("u1"), "2026-03-01T11:30:00Z", asin, 20.0, units=2),
        purchase(measured.shopper("u2"), "2026-03-01T12:00:00Z", other, 30.0),
    ]
    measured.sandbox.events(events)
    measured.sandbox.set_clock("2026-03-04T12:00:00Z")
    # When the program is pulled
    first = measured.pull()
    # Then the ledger holds 10% of each key's sales
    assert first["status"] == "SUCCEEDED", first
    assert first["pages_read"] >= 3 and first["rows_read"] >= 3
    assert measured.balances() == {
        (partner, "2026-03-01", asin, "promoted"): Decimal("8.00"),
        (partner, "2026-03-01", other, "brand_halo"): Decimal("3.00"),
    }
    assert {e["kind"] for e in measured.ledger()} == {"created"}
    # And when it is pulled again on unchanged data, nothing is appended
    again = measured.pull()
    assert again["status"] == "SUCCEEDED" and again["entries_appended"] == 0
    assert len(measured.ledger()) == first["entries_appended"] == 2


def expected(partner: str, day: str, sales: dict[tuple[str, str], str]) -> dict[Any, Decimal]:
    """10% of each (ASIN, conversion type)'s sales, as the ledger keys them."""
    return {
        (partner, day, asin, kind): (Decimal(amount) / 10).quantize(Decimal("0.01"))
        for (asin, kind), amount in sales.items()
    }


def four_asin_day(measured: MeasuredProgram, partner: str, day: str) -> dict[tuple[str, str], str]:
    """12 clicks and one purchase of each catalog ASIN on `day`; the sales per key."""
    shopper = f"{partner}-{day}-"
    events = measured.clicks(partner, 12, day, shopper)
    prices = [40.0, 25.5, 12.25, 99.99]
    events += [
        purchase(measured.shopper(f"{shopper}{i}"), f"{day}T11:0{i}:00Z", asin, price)
        for i, (asin, price) in enumerate(zip(measured.asins, prices, strict=True))
    ]
    measured.sandbox.events(events)
    first = measured.asins[0]
    return {
        (asin, "promoted" if asin == first else "brand_halo"): f"{price:.2f}"
        for asin, price in zip(measured.asins, prices, strict=True)
    }


def test_a_ledger_step_that_crashes_after_writing_part_of_its_entries_ends_as_if_it_never_failed(
    measured: MeasuredProgram, api: SellerlinkClient, operator: SellerlinkClient, stack: Any, tmp_path: Path
) -> None:
    # Given four keys to append, and a ledger step that crashes once after writing half of them
    partner = measured.add_partner(api, operator, "Half Written")
    sales = four_asin_day(measured, partner, "2026-03-01")
    measured.sandbox.set_clock("2026-03-04T12:00:00Z")
    crashes = tmp_path / "crashes"
    stack.instrument(
        "ApplyLedgerFunction", "tests.e2e.instruments:crash_ledger_once", CRASH_RECORD=str(crashes)
    )
    try:
        # When the program is pulled (the workflow retries the failed ledger step)
        pull = measured.pull()
    finally:
        stack.instrument("ApplyLedgerFunction", None)
    # Then the pull succeeded after the crash, with one entry per key and the right amounts
    assert crashes.read_text() == "2"
    assert pull["status"] == "SUCCEEDED" and pull["entries_appended"] == 4, pull
    assert measured.balances() == expected(partner, "2026-03-01", sales)
    assert len(measured.ledger()) == 4
    # And a pull that never fails finds nothing left to append
    assert measured.pull()["entries_appended"] == 0


def test_a_step_that_outlives_its_timeout_is_retried_as_lambda_unknown(
    measured: MeasuredProgram, api: SellerlinkClient, operator: SellerlinkClient, stack: Any, tmp_path: Path
) -> None:
    """Step Functions reports a Lambda timeout as Lambda.Unknown (never States.Timeout): the
    workflow retries it, and a fetch step that timed out loses nothing."""
    partner = measured.add_partner(api, operator, "Slow Start")
    sales = four_asin_day(measured, partner, "2026-03-01")
    measured.sandbox.set_clock("2026-03-04T12:00:00Z")
    lambdas = stack.aws("lambda")
    fetch = stack.resource("FetchReportsFunction")
    lambdas.update_function_configuration(FunctionName=fetch, Timeout=2)
    stalled = tmp_path / "stalled"
    stack.instrument(
        "FetchReportsFunction", "tests.e2e.instruments:stall_fetch_once", STALL_RECORD=str(stalled)
    )
    try:
        pull = measured.pull()
    finally:
        stack.instrument("FetchReportsFunction", None)
        lambdas.update_function_configuration(FunctionName=fetch, Timeout=300)
    assert stalled.read_text() == "stalled"
    assert pull["status"] == "SUCCEEDED", pull
    assert measured.balances() == expected(partner, "2026-03-01", sales)


def test_with_20_percent_of_amazon_calls_failing_the_ledger_equals_the_fault_free_one(
    measured: MeasuredProgram, api: SellerlinkClient, operator: SellerlinkClient
) -> None:
    # Given two days of sales, and a sandbox failing 20% of calls: 429 with and without
    # Retry-After, 500, and timeouts
    partner = measured.add_partner(api, operator, "Flaky Network")
    sales = four_asin_day(measured, partner, "2026-03-01")
    more = four_asin_day(measured, partner, "2026-03-02")
    measured.sandbox.set_clock("2026-03-05T12:00:00Z")
    rules = [
        {"path_prefix": "/", "kind": "429", "rate": 0.05, "retry_after": 1},
        {"path_prefix": "/", "kind": "429-no-retry-after", "rate": 0.05},
        {"path_prefix": "/", "kind": "500", "rate": 0.05},
        {"path_prefix": "/", "kind": "timeout", "rate": 0.05, "delay_seconds": 0.2},
    ]
    measured.sandbox.faults(rules, seed=7)
    # When a backfill of February and March is pulled (windows of 31 days, several pages each)
    pull = measured.pull(**{"from": "2026-02-01", "to": "2026-03-05"})
    # Then Amazon failed some calls, they were retried, and the ledger is exactly the fault-free one
    assert measured.sandbox.faults_served() > 0
    assert pull["status"] == "SUCCEEDED", pull
    assert measured.balances() == {
        **expected(partner, "2026-03-01", sales),
        **expected(partner, "2026-03-02", more),
    }
    measured.sandbox.faults([])
    assert measured.pull(**{"from": "2026-02-01", "to": "2026-03-05"})["entries_appended"] == 0


def test_a_return_is_reversed_within_the_restatement_window_and_nothing_changes_after_the_lock(
    measured: MeasuredProgram, api: SellerlinkClient, operator: SellerlinkClient
) -> None:
    # Given the shortest lock (32 days), 12 clicks and two orders on March 1: 2 units of one ASIN, 1 of
    # another
    measured.admin.patch(measured.path(), {"lock_period_days": 32})
    partner = measured.add_partner(api, operator, "Return Policy")
    first, second = measured.asins[0], measured.asins[1]
    events = measured.clicks(partner, 12, "2026-03-01", "r")
    events += [
        purchase(
            measured.shopper("r0"),
            "2026-03-01T11:00:00Z",
            first,
            50.0,
            units=2,
            order_id=measured.shopper("keep-one"),
        ),
        purchase(
            measured.shopper("r1"),
            "2026-03-01T11:10:00Z",
            second,
            30.0,
            order_id=measured.shopper("send-back"),
        ),
    ]
    measured.sandbox.events(events)
    measured.sandbox.set_clock("2026-03-04T12:00:00Z")
    measured.pull()
    # When one unit of the first order and the whole second order come back, and Amazon restates
    measured.sandbox.events(
        [
            {
                "type": "return",
                "at": "2026-03-05T09:00:00Z",
                "order_id": measured.shopper("keep-one"),
                "units": 1,
            },
            {"type": "return", "at": "2026-03-05T09:00:00Z", "order_id": measured.shopper("send-back")},
        ]
    )
    measured.sandbox.set_clock("2026-03-08T12:00:00Z")
    measured.pull()
    # Then the first key is adjusted down to one unit and the second is reversed to zero
    kinds = {(e["asin"], e["kind"]): e["amount"] for e in measured.ledger()}
    assert kinds == {
        (first, "created"): "10.00",
        (second, "created"): "3.00",
        (first, "adjusted"): "-5.00",
        (second, "reversed"): "-3.00",
    }
    # And when the last unit comes back after March 1 has locked, a backfill changes nothing
    measured.sandbox.set_clock("2026-04-02T12:00:00Z")
    measured.sandbox.events(
        [{"type": "return", "at": "2026-04-02T09:00:00Z", "order_id": measured.shopper("keep-one")}]
    )
    measured.sandbox.set_clock("2026-04-05T12:00:00Z")
    late = measured.pull(**{"from": "2026-03-01", "to": "2026-04-05"})
    assert late["status"] == "SUCCEEDED" and late["entries_appended"] == 0
    entries = measured.ledger()
    assert len(entries) == 4 and all(e["locked"] for e in entries)
    statement = measured.admin.get(measured.path("/statements"), params={"month": "2026-03"})
    assert statement["complete"] is False and statement["locked_through"] == "2026-03-04"
    assert [(line["partner_id"], line["commission"]) for line in statement["partners"]] == [(partner, "5.00")]


@pytest.mark.parametrize(
    ("every_days", "pulled_at"),
    [
        (30, ("2026-02-05T12:00:00Z", "2026-03-07T12:00:00Z", "2026-04-06T12:00:00Z")),
        (7, ("2026-02-05T12:00:00Z", "2026-02-12T12:00:00Z", "2026-02-19T12:00:00Z")),
    ],
    ids=["monthly", "weekly"],
)
def test_subscribe_and_save_deliveries_after_the_first_never_earn(
    measured: MeasuredProgram,
    api: SellerlinkClient,
    operator: SellerlinkClient,
    every_days: int,
    pulled_at: tuple[str, ...],
) -> None:
    # The rule (DESIGN.md, the seed FAQ): only the first delivery of a Subscribe & Save order is
    # ever credited, even a weekly second delivery (day 8) inside the click's 14 days.
    # Given a Subscribe & Save order on February 2 with three deliveries
    partner = measured.add_partner(api, operator, f"Subscriptions {every_days}")
    events = measured.clicks(partner, 12, "2026-02-01", f"ss{every_days}")
    plan = {"every_days": every_days, "deliveries": 3}
    events.append(
        purchase(
            measured.shopper(f"ss{every_days}0"),
            "2026-02-02T09:00:00Z",
            measured.asins[0],
            20.0,
            subscribe_and_save=plan,
        )
    )
    measured.sandbox.events(events)
    # When the program is pulled daily-style after each delivery
    for now in pulled_at:
        measured.sandbox.set_clock(now)
        assert measured.pull()["status"] == "SUCCEEDED"
    # Then only the first delivery earned commission
    assert measured.balances() == {(partner, "2026-02-02", measured.asins[0], "promoted"): Decimal("2.00")}


def test_a_partner_below_the_click_threshold_is_flagged_unpaid_then_paid_in_full_after_restatement(
    measured: MeasuredProgram, api: SellerlinkClient, operator: SellerlinkClient
) -> None:
    # Given a partner with 5 lifetime clicks and one 60.00 sale on March 1
    partner = measured.add_partner(api, operator, "Small Blog")
    events = measured.clicks(partner, 5, "2026-03-01", "b")
    events.append(purchase(measured.shopper("b0"), "2026-03-01T11:00:00Z", measured.asins[0], 60.0))
    measured.sandbox.events(events)
    measured.sandbox.set_clock("2026-03-04T12:00:00Z")
    # When it is pulled, Amazon masks its numbers: nothing is paid and the report flags it
    measured.pull()
    assert measured.ledger() == []
    report = measured.admin.get(measured.path("/reports/performance"), params={"group_by": "partner"})
    (row,) = report["rows"]
    assert row["partner_id"] == partner and row["below_threshold"] is True and row["sales"] == "0.00"
    # When 6 more clicks cross the threshold and Amazon restates March 1
    measured.sandbox.events(measured.clicks(partner, 6, "2026-03-05", "late"))
    measured.sandbox.set_clock("2026-03-07T12:00:00Z")
    measured.pull()
    # Then the sale is paid in full and the flag is gone
    assert measured.balances() == {(partner, "2026-03-01", measured.asins[0], "promoted"): Decimal("6.00")}
    report = measured.admin.get(measured.path("/reports/performance"), params={"group_by": "partner"})
    (row,) = report["rows"]
    assert row["below_threshold"] is False and row["commission"] == "6.00" and row["clicks"] == 11
