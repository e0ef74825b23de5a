"""Amazon Attribution's numbers as Sellerlink holds them: which report, over which window, and each
row parsed once into `AttributionRow`. Pure types, no I/O. How Amazon spells them on the wire
(metric names, strings, `cursorId`) is `sellerlink.amazon.attribution_report`'s alone.

Money is Decimal rounded half-even to the currency's minor unit, counts are int. A row whose
metrics are all zero is one Amazon masked (its grouping entity has fewer than 10 lifetime
clicks): `masked` says so.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Any

from sellerlink.model import Model


class ConversionType(StrEnum):
    """How a commission arose: Amazon attributed a sale to the promoted ASIN, to another ASIN of the
    brand, or to neither known (the top-100 remainder); or the brand itself added it (custom)."""

    PROMOTED = "promoted"
    BRAND_HALO = "brand_halo"
    UNALLOCATED = "unallocated"
    CUSTOM = "custom"


class Report(StrEnum):
    """The three reports a pull reads, as (reportType, groupBy)."""

    ADGROUP = "adgroup"
    CREATIVE = "creative"
    PRODUCTS = "products"


class ReportJob(Model):
    """One report over one window Amazon accepts, read page by page."""

    report: Report
    start: date
    end: date


@dataclass(frozen=True)
class ReportRequest:
    """One page of a report job: `count` rows from `cursor` on (None: the first page), money
    rounded to `minor_unit` (the program's currency)."""

    job: ReportJob
    count: int
    minor_unit: Decimal
    cursor: str | None = None


@dataclass(frozen=True)
class ReportPage:
    """The rows of one page, and the cursor of the next (None on the last page)."""

    rows: list[AttributionRow]
    cursor: str | None


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
