"""`POST /attribution/report` on the wire: the request body of one page, and the answer parsed
into typed rows and the next page's cursor. The only module that knows Amazon's metric names,
its string-encoded numbers and `reports`/`cursorId`.

Amazon sends every metric as a string (`"191.95999999999998"`); missing metrics count as zero.
On the last page `cursorId` is empty, null or absent: all three mean "no next page".
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import ROUND_HALF_EVEN, Decimal
from typing import Any

from sellerlink.attribution.models import (
    AttributionRow,
    ConversionType,
    Report,
    ReportPage,
    ReportRequest,
)

PERFORMANCE_METRICS = (
    "Click-throughs",
    "attributedTotalDetailPageViewsClicks14d",
    "attributedTotalAddToCartClicks14d",
    "attributedTotalPurchases14d",
    "totalUnitsSold14d",
    "totalAttributedSales14d",
)
BRB = "brb_bonus_amount"
PROMOTED_METRICS = (
    "attributedDetailPageViewsClicks14d",
    "attributedAddToCartClicks14d",
    "attributedPurchases14d",
    "unitsSold14d",
    "attributedSales14d",
)
HALO_METRICS = (
    "brandHaloDetailPageViewsClicks14d",
    "brandHaloAttributedAddToCartClicks14d",
    "brandHaloAttributedPurchases14d",
    "brandHaloUnitsSold14d",
    "brandHaloAttributedSales14d",
)


def request_body(request: ReportRequest) -> dict[str, Any]:
    """The POST /attribution/report body of one page."""
    job = request.job
    body: dict[str, Any] = {
        "startDate": job.start.strftime("%Y%m%d"),
        "endDate": job.end.strftime("%Y%m%d"),
        "count": request.count,
        "cursorId": request.cursor or "",
    }
    if job.report is Report.PRODUCTS:
        return {**body, "reportType": "PRODUCTS", "metrics": ",".join(PROMOTED_METRICS + HALO_METRICS)}
    metrics = PERFORMANCE_METRICS + ((BRB,) if job.report is Report.ADGROUP else ())
    group_by = "ADGROUP" if job.report is Report.ADGROUP else "CREATIVE"
    return {**body, "reportType": "PERFORMANCE", "groupBy": group_by, "metrics": ",".join(metrics)}


def page_of(answer: dict[str, Any], request: ReportRequest) -> ReportPage:
    """Amazon's answer to one page request."""
    rows = [parse(request.job.report, row, request.minor_unit) for row in answer.get("reports") or []]
    return ReportPage(rows=rows, cursor=str(answer.get("cursorId") or "") or None)


def parse(report: Report, row: dict[str, Any], minor_unit: Decimal) -> AttributionRow:
    """One row as Amazon returned it."""
    if report is Report.PRODUCTS:
        return _product_row(row, minor_unit)
    values = [_number(row, name) for name in PERFORMANCE_METRICS]
    brb = _number(row, BRB) if report is Report.ADGROUP else None
    return AttributionRow(
        report,
        _date(row["date"]),
        str(row["adGroupId"]),
        str(row["creativeId"]) if report is Report.CREATIVE else None,
        None,
        None,
        int(values[0]),
        int(values[1]),
        int(values[2]),
        int(values[3]),
        int(values[4]),
        _money(values[5], minor_unit),
        None if brb is None else _money(brb, minor_unit),
        not any(values) and not brb,
    )


def _product_row(row: dict[str, Any], minor_unit: Decimal) -> AttributionRow:
    halo = row.get("productConversionType") == "Brand Halo"
    values = [_number(row, name) for name in (HALO_METRICS if halo else PROMOTED_METRICS)]
    return AttributionRow(
        Report.PRODUCTS,
        _date(row["date"]),
        str(row["adGroupId"]),
        None,
        str(row["productAsin"]),
        ConversionType.BRAND_HALO if halo else ConversionType.PROMOTED,
        None,
        int(values[0]),
        int(values[1]),
        int(values[2]),
        int(values[3]),
        _money(values[4], minor_unit),
        None,
        not any(values),
    )


def _number(row: dict[str, Any], name: str) -> Decimal:
    return Decimal(str(row.get(name) or "0"))


def _money(value: Decimal, minor_unit: Decimal) -> Decimal:
    return value.quantize(minor_unit, rounding=ROUND_HALF_EVEN)


def _date(value: str) -> date:
    return datetime.strptime(value, "%Y%m%d").date()
