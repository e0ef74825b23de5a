"""Attribution reports: dimensions per grouping, cursor pagination, top 100 products, independent totals."""

from __future__ import annotations

import random
from collections import defaultdict
from datetime import UTC, datetime, timedelta

from attribution_setup import measured_brand, purchase
from sandbox_driver import AmazonDriver
from sandbox_specs import AttributionSpec


def test_each_grouping_has_its_dimensions_and_string_metrics(
    amazon: AmazonDriver, attribution_spec: AttributionSpec
) -> None:
    brand = measured_brand(amazon)
    amazon.send_events(brand.clicks(10, "2026-02-10T10:00:00Z"))
    shapes = {}
    for group_by in ("CAMPAIGN", "ADGROUP", "CREATIVE"):
        response = brand.report(groupBy=group_by)
        assert response.status_code == 200
        attribution_spec.validate("ReportResponse", response.json())
        row = response.json()["reports"][0]
        assert all(isinstance(value, str) for value in row.values())
        shapes[group_by] = {k for k in ("campaignId", "adGroupId", "creativeId", "publisher") if k in row}
    assert shapes == {
        "CAMPAIGN": {"campaignId"},
        "ADGROUP": {"campaignId", "adGroupId", "publisher"},
        "CREATIVE": {"campaignId", "adGroupId", "creativeId", "publisher"},
    }


def test_following_the_cursor_returns_every_row_exactly_once(amazon: AmazonDriver) -> None:
    # Given 12 creatives clicked on 3 days (36 rows)
    brand = measured_brand(amazon)
    events = []
    for day in (3, 4, 9):
        for creative in range(12):
            events += brand.clicks(
                2,
                f"2026-02-{day:02d}T10:00:00Z",
                prefix=f"d{day}k{creative}-",
                campaign=f"c{creative % 3}",
                creative=f"k{creative}",
            )
    amazon.send_events(events)
    # When the report is paged 5 rows at a time and in one page
    paged, pages, cursor = [], 0, ""
    while True:
        page = brand.report(groupBy="CREATIVE", count=5, cursorId=cursor).json()
        pages += 1
        assert page["size"] == len(page["reports"]) <= 5
        paged += page["reports"]
        cursor = page.get("cursorId", "")
        if not cursor:
            break
    whole = brand.report(groupBy="CREATIVE", count=5000).json()
    # Then the pages hold the same 36 rows, none twice, in the same order
    keys = [(r["date"], r["campaignId"], r["creativeId"]) for r in paged]
    assert len(keys) == len(set(keys)) == 36
    assert paged == whole["reports"] and whole["cursorId"] is None  # the key is there, null
    assert pages in (8, 9)


def test_products_lists_only_the_top_100_products_per_campaign(amazon: AmazonDriver) -> None:
    # Given 101 products each bought once, for increasing amounts, through one campaign
    catalog = [{"asin": f"B0TOP{i:05d}", "title": f"Item {i}", "price": 1.0} for i in range(101)]
    brand = measured_brand(amazon, catalog=catalog)
    events = brand.clicks(101, "2026-02-10T10:00:00Z", asin="B0TOP00000")
    events += [
        purchase(f"s{i}", "2026-02-10T11:00:00Z", asin=f"B0TOP{i:05d}", price=float(i + 1))
        for i in range(101)
    ]
    amazon.send_events(events)
    # When the PRODUCTS report is pulled
    rows = brand.rows(reportType="PRODUCTS")
    # Then the smallest seller is left out
    asins = {r["productAsin"] for r in rows}
    assert len(rows) == 100 and "B0TOP00000" not in asins and "B0TOP00100" in asins


def test_reports_match_totals_computed_independently_from_the_events(amazon: AmazonDriver) -> None:
    # Given a seeded mix of shoppers clicking three creatives and buying 0..20 days later
    brand = measured_brand(amazon)
    rng = random.Random(7)
    start = datetime(2026, 2, 1, tzinfo=UTC)
    events, expected = [], defaultdict(lambda: [0, 0, 0.0])
    clicks = defaultdict(int)
    for shopper in range(120):
        creative = f"k{shopper % 3}"
        clicked = start + timedelta(hours=rng.randrange(0, 10 * 24))
        events.append(
            {
                "type": "click",
                "at": clicked.isoformat(),
                "shopper": f"p{shopper}",
                "url": brand.url(creative=creative),
            }
        )
        clicks[creative] += 1
        bought = clicked + timedelta(hours=rng.randrange(1, 20 * 24))
        if rng.random() < 0.5 and bought < datetime(2026, 2, 27, tzinfo=UTC):
            units, price = rng.randint(1, 3), round(rng.uniform(5, 50), 2)
            events.append(purchase(f"p{shopper}", bought.isoformat(), units=units, price=price))
            if bought - clicked <= timedelta(days=14):
                key = (bought.strftime("%Y%m%d"), creative)
                expected[key][0] += 1
                expected[key][1] += units
                expected[key][2] += units * price
    amazon.send_events(events)
    # When the CREATIVE report is pulled with everything visible
    rows = brand.rows(groupBy="CREATIVE")
    # Then per date and creative the purchases, units and sales match
    actual = {
        (r["date"], r["creativeId"]): (
            int(r["attributedPurchases14d"]),
            int(r["unitsSold14d"]),
            round(float(r["attributedSales14d"]), 2),
        )
        for r in rows
        if r["attributedPurchases14d"] != "0"
    }
    assert actual == {key: (v[0], v[1], round(v[2], 2)) for key, v in expected.items()}
    per_creative = defaultdict(int)
    for row in rows:
        per_creative[row["creativeId"]] += int(row["Click-throughs"])
    assert dict(per_creative) == dict(clicks)


def test_a_creative_report_after_an_adgroup_report_keeps_one_row_per_creative_day(
    amazon: AmazonDriver,
) -> None:
    # Given two creatives of one ad group clicked in turns on one day (their facts interleave)
    brand = measured_brand(amazon)
    events = []
    for i in range(20):
        creative = "k1" if i % 2 else "k2"
        events += brand.clicks(1, f"2026-02-10T10:{i:02d}:00Z", prefix=f"s{i}-", creative=creative)
    amazon.send_events(events)
    # When the ADGROUP report is read first, then the CREATIVE report of the same days
    adgroup = brand.rows(groupBy="ADGROUP")
    creative = brand.rows(groupBy="CREATIVE")
    # Then each creative's day is one row, and the rows add up to the ad group's clicks
    assert [(r["creativeId"], r["Click-throughs"]) for r in creative] == [("k1", "10"), ("k2", "10")]
    assert [r["Click-throughs"] for r in adgroup] == ["20"]
