"""Attribution reports: what Amazon measures (latency, masking, 14-day last click, halo, returns, S&S)."""

from __future__ import annotations

from attribution_setup import ASINS, measured_brand, purchase, total
from sandbox_driver import AmazonDriver
from sandbox_specs import AttributionSpec


def test_clicks_show_after_24_hours_and_conversions_after_48(amazon: AmazonDriver) -> None:
    # Given ten clicks at 10:00 and a purchase at 11:00 on 2026-02-10
    brand = measured_brand(amazon)
    amazon.send_events(
        [
            *brand.clicks(10, "2026-02-10T10:00:00Z"),
            purchase("s0", "2026-02-10T11:00:00Z", units=2, price=20.0),
        ]
    )
    # When the clock is 23 hours later, then 25 hours, then 49 hours later
    amazon.set_clock("2026-02-11T09:00:00Z")
    before_clicks = brand.rows(groupBy="CREATIVE", startDate="20260210", endDate="20260210")
    amazon.set_clock("2026-02-11T11:00:00Z")
    clicks_only = brand.rows(groupBy="CREATIVE", startDate="20260210", endDate="20260210")
    amazon.set_clock("2026-02-12T11:00:01Z")
    complete = brand.rows(groupBy="CREATIVE", startDate="20260210", endDate="20260210")
    # Then nothing, then the clicks, then the purchase on the event date
    assert before_clicks == []
    assert [(r["Click-throughs"], r["attributedPurchases14d"]) for r in clicks_only] == [("10", "0")]
    assert [
        (r["date"], r["attributedPurchases14d"], r["unitsSold14d"], r["attributedSales14d"]) for r in complete
    ] == [("20260210", "1", "2", "40.0")]


def test_rows_below_ten_lifetime_clicks_have_every_metric_zero(amazon: AmazonDriver) -> None:
    # Given two creatives of one ad group with 6 and 4 clicks, and a purchase
    brand = measured_brand(amazon)
    amazon.send_events(
        brand.clicks(6, "2026-02-10T10:00:00Z", prefix="a", creative="k1")
        + brand.clicks(4, "2026-02-10T10:00:00Z", prefix="b", creative="k2")
        + [purchase("a0", "2026-02-10T12:00:00Z")]
    )
    # When creative-level and ad-group-level reports are pulled
    creatives = brand.rows(groupBy="CREATIVE")
    adgroups = brand.rows(groupBy="ADGROUP")
    # Then each creative is below threshold (all "0") but the ad group (10 clicks) is not
    assert len(creatives) == 2
    dimensions = {"date", "campaignId", "adGroupId", "creativeId", "publisher", "advertiserName"}
    metrics = [value for row in creatives for key, value in row.items() if key not in dimensions]
    assert len(metrics) == 2 * 13 and set(metrics) == {"0"}
    assert [(r["Click-throughs"], r["attributedPurchases14d"]) for r in adgroups] == [("10", "1")]


def test_masking_counts_lifetime_clicks_not_clicks_in_the_window(amazon: AmazonDriver) -> None:
    brand = measured_brand(amazon)
    amazon.send_events(
        brand.clicks(9, "2026-02-05T10:00:00Z") + brand.clicks(1, "2026-02-20T10:00:00Z", prefix="t")
    )
    late = brand.rows(groupBy="CREATIVE", startDate="20260220", endDate="20260220")
    assert [r["Click-throughs"] for r in late] == ["1"]


def test_a_purchase_more_than_14_days_after_the_click_is_not_attributed(amazon: AmazonDriver) -> None:
    brand = measured_brand(amazon)
    amazon.send_events(
        [
            *brand.clicks(10, "2026-02-01T10:00:00Z"),
            purchase("s1", "2026-02-15T10:00:00Z"),
            purchase("s2", "2026-02-15T10:00:01Z"),
        ]
    )
    rows = brand.rows(groupBy="CAMPAIGN")
    assert total(rows, "attributedPurchases14d") == 1
    assert [r["date"] for r in rows if r["attributedPurchases14d"] != "0"] == ["20260215"]


def test_the_last_click_of_the_shopper_gets_the_credit(amazon: AmazonDriver) -> None:
    brand = measured_brand(amazon)
    events = brand.clicks(10, "2026-02-01T10:00:00Z", prefix="x", creative="k1")
    events += brand.clicks(10, "2026-02-01T10:00:00Z", prefix="y", creative="k2")
    events += [
        {"type": "click", "at": "2026-02-02T10:00:00Z", "shopper": "x0", "url": brand.url(creative="k2")},
        purchase("x0", "2026-02-03T10:00:00Z", price=30.0),
    ]
    amazon.send_events(events)
    rows = brand.rows(groupBy="CREATIVE")
    credited = {
        r["creativeId"]: total([r], "attributedSales14d") for r in rows if r["attributedSales14d"] != "0"
    }
    assert credited == {"k2": 30.0}


def test_another_asin_of_the_brand_is_brand_halo(
    amazon: AmazonDriver, attribution_spec: AttributionSpec
) -> None:
    # Given clicks on a link to ASIN 1, and purchases of ASIN 1 and ASIN 2
    brand = measured_brand(amazon)
    amazon.send_events(
        [
            *brand.clicks(10, "2026-02-10T10:00:00Z"),
            purchase("s1", "2026-02-10T11:00:00Z", asin=ASINS[0], price=10.0),
            purchase("s2", "2026-02-10T11:00:00Z", asin=ASINS[1], units=3, price=7.0),
        ]
    )
    # When PERFORMANCE and PRODUCTS reports are pulled
    performance = brand.rows(groupBy="ADGROUP")
    products = brand.rows(reportType="PRODUCTS")
    # Then promoted and total metrics differ by the halo purchase
    row = performance[0]
    assert (row["attributedPurchases14d"], row["attributedSales14d"]) == ("1", "10.0")
    assert (row["attributedTotalPurchases14d"], row["totalUnitsSold14d"], row["totalAttributedSales14d"]) == (
        "2",
        "4",
        "31.0",
    )
    # And PRODUCTS has one row per ASIN and conversion type
    attribution_spec.validate("ReportResponse", {"reports": products, "size": len(products)})
    kinds = {(r["productAsin"], r["productConversionType"]): r for r in products}
    assert set(kinds) == {(ASINS[0], "Promoted"), (ASINS[1], "Brand Halo")}
    halo = kinds[(ASINS[1], "Brand Halo")]
    assert (halo["brandHaloAttributedPurchases14d"], halo["brandHaloUnitsSold14d"]) == ("1", "3")
    assert halo["brandHaloAttributedSales14d"] == "21.0" and halo["attributedSales14d"] == "0"
    assert halo["productName"] == f"Tent {ASINS[1]}" and halo["brandName"] == "Acme Outdoors"
    assert halo["marketplace"] == "AMAZON.COM" and halo["attributedNewToBrandSales14d"] == "0"
    assert "Click-throughs" not in halo


def test_a_purchase_of_another_brands_asin_is_not_attributed(amazon: AmazonDriver) -> None:
    brand = measured_brand(amazon)
    amazon.create_brand(
        brand_name="Rival", catalog=[{"asin": "B0RIVAL001", "title": "Rival tent", "price": 5}]
    )
    amazon.send_events(
        [*brand.clicks(10, "2026-02-10T10:00:00Z"), purchase("s1", "2026-02-10T11:00:00Z", asin="B0RIVAL001")]
    )
    assert total(brand.rows(groupBy="CAMPAIGN"), "attributedTotalPurchases14d") == 0


def test_a_return_restates_the_purchase_date_once_visible(amazon: AmazonDriver) -> None:
    # Given a purchase on 02-10 returned on 02-15
    brand = measured_brand(amazon)
    amazon.send_events(
        [
            *brand.clicks(10, "2026-02-10T10:00:00Z"),
            purchase("s1", "2026-02-10T11:00:00Z", units=2, price=15.0, order_id="order-1"),
            {"type": "return", "at": "2026-02-15T09:00:00Z", "order_id": "order-1"},
        ]
    )
    # When the clock is before and after the return becomes visible (48 h)
    amazon.set_clock("2026-02-17T08:59:00Z")
    before = brand.rows(groupBy="CAMPAIGN", startDate="20260210", endDate="20260210")
    amazon.set_clock("2026-02-17T09:00:01Z")
    after = brand.rows(groupBy="CAMPAIGN", startDate="20260210", endDate="20260216")
    # Then the 02-10 row is restated to zero sales, no row appears on the return date
    assert [(r["attributedPurchases14d"], r["attributedSales14d"]) for r in before] == [("1", "30.0")]
    assert [
        (r["date"], r["attributedPurchases14d"], r["unitsSold14d"], r["attributedSales14d"]) for r in after
    ] == [("20260210", "0", "0", "0")]


def test_a_partial_return_restates_units_and_sales_only(amazon: AmazonDriver) -> None:
    brand = measured_brand(amazon)
    amazon.send_events(
        [
            *brand.clicks(10, "2026-02-10T10:00:00Z"),
            purchase("s1", "2026-02-10T11:00:00Z", units=3, price=10.0, order_id="order-2"),
            {"type": "return", "at": "2026-02-12T09:00:00Z", "order_id": "order-2", "units": 1},
        ]
    )
    row = brand.rows(groupBy="CAMPAIGN")[0]
    assert (row["attributedPurchases14d"], row["unitsSold14d"], row["attributedSales14d"]) == (
        "1",
        "2",
        "20.0",
    )


def test_subscribe_and_save_credits_only_the_first_delivery(amazon: AmazonDriver) -> None:
    # Given two subscriptions: monthly, and weekly starting a day after the click (its second
    # delivery, day 8, falls inside the click's 14 days)
    brand = measured_brand(amazon)
    amazon.send_events(
        [
            *brand.clicks(10, "2026-01-31T10:00:00Z"),
            purchase(
                "s1",
                "2026-02-01T10:00:00Z",
                price=10.0,
                subscribe_and_save={"every_days": 30, "deliveries": 3},
            ),
            purchase(
                "s2", "2026-02-01T10:00:00Z", price=6.0, subscribe_and_save={"every_days": 7, "deliveries": 4}
            ),
        ]
    )
    rows = {r["date"]: r for r in brand.rows(groupBy="CAMPAIGN", startDate="20260201", endDate="20260301")}
    # Then each counts once, on the first delivery: the weekly one's day 8 earns nothing
    assert (rows["20260201"]["attributedPurchases14d"], rows["20260201"]["attributedSales14d"]) == (
        "2",
        "16.0",
    )
    assert set(rows) == {"20260201"}


def test_a_return_after_28_days_restates_nothing(amazon: AmazonDriver) -> None:
    # Given a purchase on 02-01 returned 40 days later, and one returned on day 28
    brand = measured_brand(amazon)
    amazon.set_clock("2026-03-20T12:00:00Z")
    brand.connection = amazon.connect_ads(brand.connection.brand)
    amazon.send_events(
        [
            *brand.clicks(10, "2026-02-01T10:00:00Z"),
            purchase("s1", "2026-02-01T11:00:00Z", price=15.0, order_id="late"),
            purchase("s2", "2026-02-01T11:00:00Z", price=5.0, order_id="in-time"),
            {"type": "return", "at": "2026-03-01T10:00:00Z", "order_id": "in-time"},
            {"type": "return", "at": "2026-03-13T11:00:00Z", "order_id": "late"},
        ]
    )
    # Then only the return inside Amazon's 28-day restatement changes the purchase date
    row = brand.rows(groupBy="CAMPAIGN", startDate="20260201", endDate="20260201")[0]
    assert (row["attributedPurchases14d"], row["attributedSales14d"]) == ("1", "15.0")


def test_clicks_count_only_once_measurement_is_on_and_on_the_profiles_site(amazon: AmazonDriver) -> None:
    # Given a brand whose US tag has not been fetched yet
    amazon.set_clock("2026-03-01T12:00:00Z")
    brand = amazon.create_brand()
    connection = amazon.connect_ads(brand)
    advertiser = brand["advertiser_ids"]["US"]
    url = (
        f"https://www.amazon.com/dp/{brand['catalog'][0]['asin']}?maas=maas_adg_api_{advertiser}_static_9_99"
        "&ref_=aa_maas&tag=maas&aa_campaignid=c&aa_adgroupid=g&aa_creativeid=k"
    )
    early = amazon.send_events([{"type": "click", "at": "2026-02-10T10:00:00Z", "shopper": "a", "url": url}])
    # When the tag is fetched, a click on amazon.com counts and one on amazon.de does not
    amazon.tracking_template(connection, connection.profile("US"))
    late = amazon.send_events(
        [
            {"type": "click", "at": "2026-02-10T11:00:00Z", "shopper": "b", "url": url},
            {
                "type": "click",
                "at": "2026-02-10T11:00:00Z",
                "shopper": "c",
                "url": url.replace("amazon.com", "amazon.de"),
            },
        ]
    )
    assert "measurement is off" in early["ignored"][0]["reason"]
    assert [i["index"] for i in late["ignored"]] == [1]
    rows = amazon.all_rows(
        connection,
        connection.profile("US")["profileId"],
        startDate="20260201",
        endDate="20260301",
        groupBy="CAMPAIGN",
    )
    assert [r["Click-throughs"] for r in rows] == ["0"]  # one click: present but masked


def test_brb_bonus_is_reported_only_when_asked_and_enrolled(amazon: AmazonDriver) -> None:
    brand = measured_brand(amazon)
    amazon.send_events(
        [
            *brand.clicks(10, "2026-02-10T10:00:00Z"),
            purchase("s1", "2026-02-10T11:00:00Z", units=4, price=25.0),
        ]
    )
    asked = brand.rows(groupBy="ADGROUP", metrics="attributedSales14d,brb_bonus_amount")
    default = brand.rows(groupBy="ADGROUP")
    assert asked == [
        {
            **{k: asked[0][k] for k in ("date", "advertiserName", "campaignId", "adGroupId", "publisher")},
            "attributedSales14d": "100.0",
            "brb_bonus_amount": "10.0",
        }
    ]
    assert "brb_bonus_amount" not in default[0]


def test_brb_bonus_is_omitted_for_a_brand_not_enrolled(amazon: AmazonDriver) -> None:
    brand = measured_brand(amazon, brb_enrolled=False)
    amazon.send_events(brand.clicks(10, "2026-02-10T10:00:00Z"))
    rows = brand.rows(groupBy="CAMPAIGN", metrics="Click-throughs,brb_bonus_amount")
    assert rows[0]["Click-throughs"] == "10"
    assert "brb_bonus_amount" not in rows[0]
