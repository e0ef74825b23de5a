"""The control API: clock, apps, brands, reset, events validation."""

from __future__ import annotations

from datetime import UTC, datetime

from sandbox_driver import ADS_CALLBACK, CLIENT_ID, SCOPE, AmazonDriver, query_of


def test_the_clock_starts_at_real_time_and_can_be_set_and_advanced(amazon: AmazonDriver) -> None:
    now = datetime.fromisoformat(
        amazon.control("get", "/_sandbox/clock").json()["now"].replace("Z", "+00:00")
    )
    assert abs((now - datetime.now(UTC)).total_seconds()) < 5
    amazon.set_clock("2026-01-15T08:00:00Z")
    assert amazon.control("get", "/_sandbox/clock").json()["now"].startswith("2026-01-15T08:00:0")
    amazon.advance(days=2)
    assert amazon.control("get", "/_sandbox/clock").json()["now"].startswith("2026-01-17T08:00:0")


def test_a_bad_clock_value_is_refused(amazon: AmazonDriver) -> None:
    response = amazon.control("put", "/_sandbox/clock", json={"now": "yesterday"})
    assert response.status_code == 400


def test_the_default_app_exists_and_apps_are_upserted_by_client_id(amazon: AmazonDriver) -> None:
    apps = amazon.control("get", "/_sandbox/apps").json()["apps"]
    assert [a["client_id"] for a in apps] == [CLIENT_ID]
    callback = "http://localhost:8080/oauth/amazon-ads/callback"
    body = {**apps[0], "redirect_uris": [callback]}
    assert amazon.control("post", "/_sandbox/apps", json=body).status_code == 200
    apps = amazon.control("get", "/_sandbox/apps").json()["apps"]
    assert len(apps) == 1 and apps[0]["redirect_uris"] == [callback]
    brand = amazon.create_brand()
    response = amazon.get(
        "/na/ap/oa",
        params={
            "client_id": CLIENT_ID,
            "scope": SCOPE,
            "response_type": "code",
            "redirect_uri": callback,
            "sandbox_user": brand["login"],
            "sandbox_decision": "approve",
        },
    )
    assert response.status_code == 302 and "code" in query_of(response.headers["Location"])
    old = amazon.get("/na/ap/oa", params={"client_id": CLIENT_ID, "redirect_uri": ADS_CALLBACK})
    assert old.status_code == 400


def test_reset_clears_brands_and_restores_clock_and_default_app(amazon: AmazonDriver) -> None:
    amazon.create_brand()
    amazon.set_clock("2020-01-01T00:00:00Z")
    amazon.control(
        "post",
        "/_sandbox/apps",
        json={"client_id": "x", "client_secret": "y", "redirect_uris": ["http://a/b"]},
    )
    amazon.control("post", "/_sandbox/reset").raise_for_status()
    assert amazon.control("get", "/_sandbox/brands").json() == {"brands": []}
    assert [a["client_id"] for a in amazon.control("get", "/_sandbox/apps").json()["apps"]] == [CLIENT_ID]
    assert amazon.control("get", "/_sandbox/clock").json()["now"] > "2025"


def test_brand_creation_returns_what_amazon_holds(amazon: AmazonDriver) -> None:
    brand = amazon.create_brand(marketplaces=["US", "UK"], catalog_size=3)
    assert brand["login"].endswith("@sandbox.sellerlink.test")
    assert set(brand["advertiser_ids"]) == {"US", "UK"}
    assert len(brand["catalog"]) == 3 and all(
        set(i) == {"asin", "title", "price", "category"} for i in brand["catalog"]
    )
    assert brand["selling_partner_id"].startswith("A") and len(brand["selling_partner_id"]) == 14
    assert all(len(str(p["profileId"])) == 16 for p in brand["profiles"])


def test_invalid_brands_are_refused_with_a_reason(amazon: AmazonDriver) -> None:
    cases = [
        ({"marketplaces": ["JP"]}, "unsupported marketplace 'JP'"),
        ({"seller_type": "2P"}, "seller_type must be 3P or 1P"),
        ({"brand_name": ""}, "brand_name is required"),
        ({"user_role": "owner"}, "user_role must be admin or limited"),
    ]
    for spec, message in cases:
        body = {"brand_name": "X", **spec}
        response = amazon.control("post", "/_sandbox/brands", json=body)
        assert response.status_code == 400
        assert message in response.json()["error"]


def test_invalid_events_are_refused_and_none_applied(amazon: AmazonDriver) -> None:
    brand = amazon.create_brand()
    asin = brand["catalog"][0]["asin"]
    cases = [
        [
            {
                "type": "purchase",
                "at": "2026-01-01T00:00:00Z",
                "shopper": "a",
                "asin": "B0NOTREAL0",
                "order_id": "1",
            }
        ],
        [{"type": "return", "at": "2026-01-01T00:00:00Z", "order_id": "nope"}],
        [{"type": "teleport", "at": "2026-01-01T00:00:00Z"}],
        [
            {"type": "purchase", "at": "2026-01-02T00:00:00Z", "shopper": "a", "asin": asin, "order_id": "o"},
            {"type": "return", "at": "2026-01-01T00:00:00Z", "order_id": "o"},
        ],
    ]
    for events in cases:
        response = amazon.control("post", "/_sandbox/events", json={"events": events})
        assert response.status_code == 400, events
    ok = amazon.send_events(
        [{"type": "purchase", "at": "2026-01-03T00:00:00Z", "shopper": "a", "asin": asin, "order_id": "o"}]
    )
    assert ok["accepted"] == 1
    late = amazon.control(
        "post",
        "/_sandbox/events",
        json={
            "events": [
                {
                    "type": "click",
                    "at": "2026-01-02T00:00:00Z",
                    "shopper": "a",
                    "url": "https://www.amazon.com/dp/X",
                }
            ]
        },
    )
    assert late.status_code == 400 and "time order" in late.json()["error"]
