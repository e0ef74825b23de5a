"""The attribution pull through the local stack: the workflow on moto's Step Functions, the
sandbox's reports, and the ledger rules of issue 6, one test per reliability case."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sellerlink_local.client import SellerlinkClient
from tests.e2e.attribution_flow import MeasuredProgram


def purchase(shopper: str, at: str, asin: str, price: float, units: int = 1, **extra: Any) -> dict[str, Any]:
    return {
        "type": "purchase",
        "at": at,
        "shopper": shopper,
        "asin": asin,
        "units": units,
        "unit_price": price,
        "order_id": f"order-{shopper}-{asin}-{at}",
        **extra,
    }


def test_a_pull_run_twice_on_unchanged_data_appends_nothing(
    measured: MeasuredProgram, api: SellerlinkClient, operator: SellerlinkClient
) -> None:
    # Given a partner with 12 clicks, two purchases of the linked ASIN and one brand-halo purchase
    partner = measured.add_partner(api, operator, "Trail Reviews")
    asin, other = measured.asins[0], measured.asins[1]
    events = measured.clicks(partner, 12, "2026-03-01", "u")
    events += [
        purchase("u0", "2026-03-01T11:00:00Z", asin, 40.0),
        purchase("u1", "2026-03-01T11:30:00Z", asin, 20.0, units=2),
        purchase("u2", "2026-03-01T12:00:00Z", other, 30.0),
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
