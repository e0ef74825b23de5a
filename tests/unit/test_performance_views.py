"""The performance report's views of one period add up to the same totals."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from sellerlink.reports.models import GroupBy
from sellerlink.reports.performance import rows

DAY = "2026-12-02"


def fact(level: str, asin: str | None, purchases: int, sales: str, **more: Any) -> dict[str, Any]:
    return {
        "level": level,
        "event_date": DAY,
        "partner_id": "ptr_1",
        "creative_id": None,
        "asin": asin,
        "conversion_type": None if asin is None else "promoted",
        "clicks": 500 if level == "partner" else None,
        "detail_page_views": purchases * 3,
        "add_to_carts": purchases * 2,
        "purchases": purchases,
        "units": purchases,
        "sales": sales,
        "brb": "476.20" if level == "partner" else None,
        "below_threshold": False,
        **more,
    }


def test_the_asin_view_shows_the_top_100_remainder_so_it_totals_as_the_partner_view() -> None:
    # Given a partner-day of 4,762.00 whose PRODUCTS rows list 2,442.00 (the rest is beyond the top 100)
    facts = [
        fact("partner", None, 40, "4762.00"),
        fact("asin", "B0TOP00001", 12, "1442.00"),
        fact("asin", "B0TOP00002", 8, "1000.00"),
    ]
    # When the ASIN, partner and date views are read
    views = {
        group: rows(group, facts, [], date(2027, 1, 1), {})
        for group in GroupBy
        if group is not GroupBy.SHARED_ID
    }
    # Then the ASIN view has an unallocated row (asin null) and every view has the same totals
    unallocated = next(row for row in views[GroupBy.ASIN] if row.asin is None)
    assert (unallocated.sales, unallocated.purchases, unallocated.units) == (Decimal("2320.00"), 20, 20)
    for view in views.values():
        assert sum(row.sales for row in view) == Decimal("4762.00")
        assert sum(row.purchases for row in view) == 40
        assert sum(row.detail_page_views for row in view) == 120
