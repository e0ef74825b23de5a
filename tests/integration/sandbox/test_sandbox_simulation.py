"""The seeded shopper simulation, checked against the reports and against its own events."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, timedelta

from attribution_setup import measured_brand
from sandbox_driver import AmazonDriver


def test_simulated_traffic_shows_in_reports_as_its_events_imply(amazon: AmazonDriver) -> None:
    # Given two measured links and a seeded 20-day simulation
    brand = measured_brand(
        amazon, catalog=[{"asin": f"B0SIMUL00{i}", "title": f"S{i}", "price": 12.0} for i in range(5)]
    )
    urls = [
        brand.url(campaign="p1", adgroup="p1", creative="l1", asin="B0SIMUL000"),
        brand.url(campaign="p2", adgroup="p2", creative="l2", asin="B0SIMUL001"),
    ]
    response = amazon.control(
        "post",
        "/_sandbox/simulate",
        json={
            "urls": urls,
            "start": "2026-01-20T00:00:00Z",
            "days": 20,
            "seed": 11,
            "clicks_per_day": 8,
            "include_events": True,
        },
    )
    assert response.status_code == 200, response.text
    summary = response.json()
    # When the whole period is visible and reported per campaign
    amazon.set_clock("2026-03-01T00:00:00Z")
    rows = brand.rows(groupBy="CAMPAIGN", startDate="20260120", endDate="20260228")
    reported = defaultdict(lambda: defaultdict(float))
    for row in rows:
        for metric in (
            "Click-throughs",
            "attributedPurchases14d",
            "unitsSold14d",
            "attributedSales14d",
            "attributedTotalPurchases14d",
            "totalAttributedSales14d",
        ):
            reported[row["campaignId"]][metric] += float(row[metric])
    # Then each link's totals match both the summary and totals computed here from the events
    independent = totals_from_events(summary["event_list"])
    for campaign, url in (("p1", urls[0]), ("p2", urls[1])):
        expected = summary["urls"][url]
        assert expected["clicks"] > 100 and expected["purchases"] > 5
        mine = independent[url]
        assert reported[campaign]["Click-throughs"] == expected["clicks"] == mine["clicks"]
        assert reported[campaign]["attributedPurchases14d"] == expected["purchases"] == mine["purchases"]
        assert reported[campaign]["unitsSold14d"] == expected["units"] == mine["units"]
        assert (
            round(reported[campaign]["attributedSales14d"], 2) == expected["sales"] == round(mine["sales"], 2)
        )
        halo_purchases = reported[campaign]["attributedTotalPurchases14d"] - expected["purchases"]
        assert halo_purchases == expected["halo_purchases"] == mine["halo_purchases"]


def totals_from_events(events: list[dict]) -> dict[str, dict[str, float]]:
    """Last click (one per simulated shopper), 14-day window, first S&S delivery, returns restated."""
    clicks: dict[str, tuple[str, datetime]] = {}
    landing = {}
    totals: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    orders = {}
    for event in events:
        at = datetime.fromisoformat(event["at"].replace("Z", "+00:00"))
        if event["type"] == "click":
            clicks[event["shopper"]] = (event["url"], at)
            landing[event["url"]] = event["url"].split("/dp/")[1][:10]
            totals[event["url"]]["clicks"] += 1
        elif event["type"] == "purchase":
            url, clicked = clicks[event["shopper"]]
            if at - clicked > timedelta(days=14):
                continue
            amount = event["units"] * event["unit_price"]
            if event["asin"] == landing[url]:
                totals[url]["purchases"] += 1
                totals[url]["units"] += event["units"]
                totals[url]["sales"] += amount
                orders[event["order_id"]] = (url, event["units"], amount)
            else:
                totals[url]["halo_purchases"] += 1
        elif event["type"] == "return" and event["order_id"] in orders:
            url, units, amount = orders[event["order_id"]]
            totals[url]["purchases"] -= 1
            totals[url]["units"] -= units
            totals[url]["sales"] -= amount
    return totals


def test_simulation_needs_product_tracking_urls(amazon: AmazonDriver) -> None:
    response = amazon.control(
        "post", "/_sandbox/simulate", json={"urls": ["https://www.amazon.com/dp/B0NOPE0000"]}
    )
    assert response.status_code == 400
    assert "not a product detail page tracking URL" in response.json()["error"]


def test_a_second_simulation_numbers_its_orders_after_the_first(amazon: AmazonDriver) -> None:
    # Given a simulation already run
    brand = measured_brand(amazon, catalog=[{"asin": "B0SIMUL009", "title": "S9", "price": 12.0}])
    body = {"urls": [brand.url(asin="B0SIMUL009")], "start": "2026-02-01T00:00:00Z", "days": 3, "seed": 1}
    first = amazon.control("post", "/_sandbox/simulate", json={**body, "include_events": True})
    assert first.status_code == 200, first.text
    # When the same simulation runs again
    second = amazon.control("post", "/_sandbox/simulate", json={**body, "include_events": True})
    # Then it is accepted, with shoppers and orders of its own
    assert second.status_code == 200, second.text
    orders = [
        {e["order_id"] for e in answer.json()["event_list"] if e["type"] == "purchase"}
        for answer in (first, second)
    ]
    assert orders[0] and orders[1] and not orders[0] & orders[1]
