"""Amazon Attribution report rows, parsed once into `AttributionRow`: pure, no I/O.

Amazon sends every metric as a string (`"191.95999999999998"`); money becomes Decimal rounded
half-even to the currency's minor unit, counts become int. A row whose metrics are all zero is
one Amazon masked (its grouping entity has fewer than 10 lifetime clicks): `masked` says so.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import ROUND_HALF_EVEN, Decimal
from enum import StrEnum
from typing import Any

from sellerlink.terms.models import ConversionType


class Report(StrEnum):
    """The three reports a pull reads, as (reportType, groupBy)."""

    ADGROUP = "adgroup"
    CREATIVE = "creative"
    PRODUCTS = "products"


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


def request_body(report: Report, start: date, end: date, count: int, cursor: str) -> dict[str, Any]:
    """The POST /attribution/report body of one page."""
    body: dict[str, Any] = {
        "startDate": start.strftime("%Y%m%d"),
        "endDate": end.strftime("%Y%m%d"),
        "count": count,
        "cursorId": cursor,
    }
    if report is Report.PRODUCTS:
        return {**body, "reportType": "PRODUCTS", "metrics": ",".join(PROMOTED_METRICS + HALO_METRICS)}
    metrics = PERFORMANCE_METRICS + ((BRB,) if report is Report.ADGROUP else ())
    group_by = "ADGROUP" if report is Report.ADGROUP else "CREATIVE"
    return {**body, "reportType": "PERFORMANCE", "groupBy": group_by, "metrics": ",".join(metrics)}


@dataclass(frozen=True, slots=True)
class AttributionRow:
    """One report row: a partner's day (ADGROUP), a link's day (CREATIVE) or an ASIN's day (PRODUCTS)."""

    report: Report
    event_date: date
    ad_group_id: str
    creative_id: str | None
    asin: str | None
    conversion_type: ConversionType | None
    clicks: int | None
    detail_page_views: int
    add_to_carts: int
    purchases: int
    units: int
    sales: Decimal
    brb: Decimal | None
    masked: bool

    def staged(self) -> list[Any]:
        """A compact JSON list, for staging between the workflow's steps."""
        return [
            self.report.value,
            self.event_date.isoformat(),
            self.ad_group_id,
            self.creative_id,
            self.asin,
            self.conversion_type.value if self.conversion_type else None,
            self.clicks,
            self.detail_page_views,
            self.add_to_carts,
            self.purchases,
            self.units,
            str(self.sales),
            None if self.brb is None else str(self.brb),
            self.masked,
        ]

    @classmethod
    def from_staged(cls, raw: list[Any]) -> AttributionRow:
        return cls(
            Report(raw[0]),
            date.fromisoformat(raw[1]),
            raw[2],
            raw[3],
            raw[4],
            ConversionType(raw[5]) if raw[5] else None,
            raw[6],
            raw[7],
            raw[8],
            raw[9],
            raw[10],
            Decimal(raw[11]),
            None if raw[12] is None else Decimal(raw[12]),
            raw[13],
        )


def parse(report: Report, row: dict[str, Any], minor_unit: Decimal) -> AttributionRow:
    """One row as Amazon returned it; missing metrics count as zero."""
    if report is Report.PRODUCTS:
        halo = row.get("productConversionType") == "Brand Halo"
        names = HALO_METRICS if halo else PROMOTED_METRICS
        values = [_number(row, name) for name in names]
        return AttributionRow(
            report,
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


def _number(row: dict[str, Any], name: str) -> Decimal:
    return Decimal(str(row.get(name) or "0"))


def _money(value: Decimal, minor_unit: Decimal) -> Decimal:
    return value.quantize(minor_unit, rounding=ROUND_HALF_EVEN)


def _date(value: str) -> date:
    return datetime.strptime(value, "%Y%m%d").date()
