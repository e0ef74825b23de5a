"""Report facts: what Amazon stopped listing becomes zero once, and then stays unwritten."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sellerlink.attribution.facts import changed, facts_of
from sellerlink.attribution.models import AttributionRow, Report


def test_a_dropped_fact_is_zeroed_with_its_clicks_and_brb_then_left_alone() -> None:
    # Given a stored partner (ad group) fact with clicks and BRB, on a date the pull read
    stored = {
        "k": {
            "level": "partner",
            "event_date": "2026-12-02",
            "clicks": 14,
            "brb": "3.10",
            "detail_page_views": 3,
            "add_to_carts": 1,
            "purchases": 1,
            "units": 1,
            "sales": "31.00",
            "below_threshold": False,
        },
    }
    days = {"partner": {"2026-12-02"}}
    # When Amazon no longer lists it
    (written,) = changed({}, stored, days)
    # Then every metric it had is zero, and a second pull on the same data writes nothing
    assert (written["clicks"], written["brb"], written["sales"], written["purchases"]) == (
        0,
        "0.00",
        "0.00",
        0,
    )
    assert changed({}, {"k": written}, days) == []


def test_a_dropped_product_fact_gains_no_clicks_it_never_had() -> None:
    stored = {
        "k": {
            "level": "asin",
            "event_date": "2026-12-02",
            "clicks": None,
            "brb": None,
            "detail_page_views": 2,
            "add_to_carts": 0,
            "purchases": 1,
            "units": 2,
            "sales": "20.00",
            "below_threshold": False,
        }
    }
    (written,) = changed({}, stored, {"asin": {"2026-12-02"}})
    assert written["clicks"] is None and written["brb"] is None and written["units"] == 0


def test_rows_that_share_a_key_are_summed_not_overwritten() -> None:
    # Given Amazon's answer with two rows for one link's day (pages, a restatement inside one answer)
    day = date(2026, 12, 2)

    def creative_row(clicks: int, purchases: int, sales: str) -> AttributionRow:
        return AttributionRow(
            Report.CREATIVE,
            day,
            "g1",
            "slcre-1",
            None,
            None,
            clicks,
            3,
            1,
            purchases,
            purchases,
            Decimal(sales),
            None,
            False,
        )

    rows = [creative_row(250, 3, "300.00"), creative_row(27, -2, "-261.15")]
    # When they become facts
    (fact,) = facts_of(rows, {"g1": "ptr_1"}).values()
    # Then the day holds both rows' numbers: 277 clicks, one purchase, 38.85 of sales
    assert (fact["clicks"], fact["purchases"], fact["sales"], fact["detail_page_views"]) == (
        277,
        1,
        "38.85",
        6,
    )
    assert fact["brb"] is None and fact["below_threshold"] is False
