"""Attribution reports: request validation, as Amazon answers it."""

from __future__ import annotations

import pytest
from attribution_setup import measured_brand
from sandbox_driver import AmazonDriver
from sandbox_specs import AttributionSpec


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"count": 0}, "count must be an integer between 1 and 5000"),
        ({"count": 5001}, "count must be an integer between 1 and 5000"),
        ({"metrics": "brb_bonus_amount"}, "brb_bonus_amount requires groupBy CAMPAIGN or ADGROUP"),
        (
            {"groupBy": "CREATIVE", "metrics": "Click-throughs,brb_bonus_amount"},
            "brb_bonus_amount requires groupBy CAMPAIGN or ADGROUP",
        ),
        (
            {"reportType": "PRODUCTS", "startDate": "20251130", "endDate": "20260201"},
            "For reportType PRODUCTS, startDate must be within the last 90 days",
        ),
        (
            {"startDate": "20250131", "endDate": "20250201"},
            "For reportType PERFORMANCE, startDate must be within the last 13 months",
        ),
        (
            {"reportType": "PRODUCTS", "groupBy": "ADGROUP"},
            "groupBy is not supported for reportType PRODUCTS",
        ),
        (
            {"reportType": "PRODUCTS", "metrics": "brb_bonus_amount"},
            "Invalid metrics for reportType PRODUCTS: brb_bonus_amount",
        ),
        ({"metrics": "Click-throughs,bogus"}, "Invalid metrics for reportType PERFORMANCE: bogus"),
        ({"startDate": "2026-02-01"}, "startDate must be a date formatted YYYYMMDD"),
        ({"startDate": "20260210", "endDate": "20260201"}, "startDate must not be after endDate"),
        ({"reportType": "DAILY"}, "reportType must be PERFORMANCE or PRODUCTS"),
        ({"groupBy": "ASIN"}, "groupBy must be CAMPAIGN, ADGROUP or CREATIVE"),
        ({"cursorId": "not-a-cursor"}, "Invalid cursorId"),
        ({"advertiserIds": "123"}, "Invalid advertiser identifier(s) for this profile: 123"),
    ],
)
def test_invalid_report_requests_are_400_with_a_reason(
    amazon: AmazonDriver, attribution_spec: AttributionSpec, body: dict[str, object], message: str
) -> None:
    brand = measured_brand(amazon)
    response = brand.report(**body)
    assert response.status_code == 400
    attribution_spec.validate("MaaSError", response.json())
    assert response.json() == {"code": "400", "details": message}


def test_windows_at_the_limits_are_accepted(amazon: AmazonDriver) -> None:
    # Given the sandbox clock on 2026-03-01
    brand = measured_brand(amazon)
    # When reports start exactly 90 days / 13 months back
    products = brand.report(reportType="PRODUCTS", startDate="20251201", endDate="20260301")
    performance = brand.report(startDate="20250201", endDate="20260301", count=5000)
    # Then Amazon accepts them
    assert products.status_code == 200
    assert performance.status_code == 200


def test_a_cursor_from_another_report_is_refused(amazon: AmazonDriver) -> None:
    brand = measured_brand(amazon)
    events = []
    for creative in ("k1", "k2", "k3"):
        events += brand.clicks(10, "2026-02-10T10:00:00Z", prefix=creative, creative=creative)
    amazon.send_events(events)
    first = brand.report(groupBy="CREATIVE", count=1).json()
    other = brand.report(groupBy="ADGROUP", count=1, cursorId=first["cursorId"])
    assert other.status_code == 400
    assert other.json()["details"] == "Invalid cursorId"
