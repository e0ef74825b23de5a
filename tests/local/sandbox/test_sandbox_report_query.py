"""Report request validation without HTTP."""

from __future__ import annotations

from datetime import date

import pytest

from sellerlink_local.sandbox.ads.report_query import (
    InvalidReportRequest,
    months_before,
    parse_report_request,
)

TODAY = date(2026, 3, 31)


def parse(**body: object):
    body.setdefault("startDate", "20260301")
    body.setdefault("endDate", "20260310")
    return parse_report_request(body, 1, "42", True, TODAY)


def test_defaults_are_performance_by_creative_with_all_metrics_but_brb() -> None:
    query = parse()
    assert (query.report_type, query.group_by, query.count) == ("PERFORMANCE", "CREATIVE", 5000)
    assert "brb_bonus_amount" not in query.metrics and "Click-throughs" in query.metrics


def test_brb_is_dropped_silently_when_the_brand_is_not_enrolled() -> None:
    query = parse_report_request(
        {
            "startDate": "20260301",
            "endDate": "20260301",
            "groupBy": "CAMPAIGN",
            "metrics": "brb_bonus_amount,Click-throughs",
        },
        1,
        "42",
        False,
        TODAY,
    )
    assert query.metrics == ("Click-throughs",)


def test_thirteen_months_back_counts_calendar_months() -> None:
    assert months_before(TODAY, 13) == date(2025, 2, 28)
    parse(startDate="20250228")
    with pytest.raises(InvalidReportRequest):
        parse(startDate="20250227")


@pytest.mark.parametrize("count", [0, 5001, "10", True, 2.5])
def test_count_must_be_an_integer_from_1_to_5000(count: object) -> None:
    with pytest.raises(InvalidReportRequest, match="count must be an integer between 1 and 5000"):
        parse(count=count)


def test_a_cursor_resumes_only_the_report_it_came_from() -> None:
    query = parse(groupBy="ADGROUP")
    cursor = query.encode_cursor(740000, ("c", "g", "p"))
    assert parse(groupBy="ADGROUP", cursorId=cursor).cursor is not None
    with pytest.raises(InvalidReportRequest, match="Invalid cursorId"):
        parse(groupBy="CAMPAIGN", cursorId=cursor)
