"""The Attribution report on the wire: one typed request in, typed rows and the next cursor out."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from pydantic import SecretStr

from sellerlink.amazon.ads import AdsClient
from sellerlink.attribution.models import ConversionType, Report, ReportJob, ReportRequest

CENT = Decimal("0.01")
JOB = ReportJob(report=Report.PRODUCTS, start=date(2026, 3, 1), end=date(2026, 3, 31))


class Answer:
    ok, status_code, reason = True, 200, "OK"

    def __init__(self, body: dict[str, Any]) -> None:
        self.body = body

    def json(self) -> dict[str, Any]:
        return self.body


class OnePage:
    """Amazon's transport answering one page, and keeping what it was asked."""

    def __init__(self, body: dict[str, Any]) -> None:
        self.body, self.sent = body, {}

    def send(self, operation: str, method: str, url: str, **kwargs: Any) -> Answer:
        self.sent = {"method": method, "url": url, **kwargs}
        return Answer(self.body)


ROW = {
    "date": "20260302",
    "adGroupId": 77,
    "productAsin": "B0TEST0001",
    "productConversionType": "Brand Halo",
    "brandHaloAttributedPurchases14d": "2",
    "brandHaloUnitsSold14d": "3",
    "brandHaloAttributedSales14d": "59.985",
}


def read(body: dict[str, Any], cursor: str | None = None) -> tuple[Any, dict[str, Any]]:
    transport = OnePage(body)
    client = AdsClient(transport, "https://ads.example", "client-id")  # type: ignore[arg-type]
    page = client.report(SecretStr("Atza|t"), "123", ReportRequest(JOB, 5000, CENT, cursor))
    return page, transport.sent


def test_a_page_comes_back_as_typed_rows_and_the_next_cursor() -> None:
    page, sent = read({"reports": [ROW], "cursorId": "next-1"}, cursor="this-1")
    (row,) = page.rows
    assert (row.asin, row.conversion_type, row.purchases, row.units, row.sales) == (
        "B0TEST0001",
        ConversionType.BRAND_HALO,
        2,
        3,
        Decimal("59.98"),
    )
    assert page.cursor == "next-1"
    assert sent["json"]["cursorId"] == "this-1" and sent["json"]["reportType"] == "PRODUCTS"
    assert (sent["json"]["startDate"], sent["json"]["endDate"], sent["json"]["count"]) == (
        "20260301",
        "20260331",
        5000,
    )


@pytest.mark.parametrize("last", [{"cursorId": None}, {}, {"cursorId": ""}], ids=["null", "absent", "empty"])
def test_the_last_page_has_no_cursor_whether_amazon_sends_null_nothing_or_empty(last: dict[str, Any]) -> None:
    page, sent = read({"reports": [], **last})
    assert page.cursor is None and page.rows == []
    assert json.loads(json.dumps(sent["json"]))["cursorId"] == ""
