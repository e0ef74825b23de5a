"""Metric totals of one report row, and their string values as Amazon reports them."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Family:
    """Conversions of one family: promoted products or brand halo products."""

    views: int = 0
    carts: int = 0
    purchases: int = 0
    units: int = 0
    sales: float = 0.0
    ntb_purchases: int = 0
    ntb_units: int = 0
    ntb_sales: float = 0.0


@dataclass
class Totals:
    visible_facts: int = 0
    clicks: int = 0
    promoted: Family = field(default_factory=Family)
    halo: Family = field(default_factory=Family)

    def family(self, halo: bool) -> Family:
        return self.halo if halo else self.promoted

    def add_view(self, halo: bool) -> None:
        self.family(halo).views += 1

    def add_cart(self, halo: bool) -> None:
        self.family(halo).carts += 1

    def add_purchase(self, halo: bool, count: int, units: int, sales: float, new_to_brand: bool) -> None:
        family = self.family(halo)
        family.purchases += count
        family.units += units
        family.sales += sales
        if new_to_brand:
            family.ntb_purchases += count
            family.ntb_units += units
            family.ntb_sales += sales

    def total_sales(self) -> float:
        return self.promoted.sales + self.halo.sales


def money(value: float) -> str:
    """Amazon's float-to-string style, e.g. ``191.95999999999998``; a zero is written ``0`` as
    Amazon's rows write it (never ``0.0`` or ``-0.0``)."""
    return repr(value + 0.0) if value != 0 else "0"


def metric_values(report_type: str, totals: Totals, halo: bool | None) -> dict[str, str]:
    if report_type == "PRODUCTS":
        return _products(totals, bool(halo))
    p, h = totals.promoted, totals.halo
    return {
        "Click-throughs": str(totals.clicks),
        "attributedDetailPageViewsClicks14d": str(p.views),
        "attributedAddToCartClicks14d": str(p.carts),
        "attributedPurchases14d": str(p.purchases),
        "unitsSold14d": str(p.units),
        "attributedSales14d": money(p.sales),
        "attributedTotalDetailPageViewsClicks14d": str(p.views + h.views),
        "attributedTotalAddToCartClicks14d": str(p.carts + h.carts),
        "attributedTotalPurchases14d": str(p.purchases + h.purchases),
        "totalUnitsSold14d": str(p.units + h.units),
        "totalAttributedSales14d": money(p.sales + h.sales),
        "kindleEditionNormalizedPagesRead14d": "0",
        "kindleEditionNormalizedPagesRoyalties14d": "0",
    }


def _products(totals: Totals, halo: bool) -> dict[str, str]:
    own, none = (totals.halo, Family()) if halo else (totals.promoted, Family())
    promoted, brand_halo = (none, own) if halo else (own, none)
    return {
        "attributedDetailPageViewsClicks14d": str(promoted.views),
        "attributedAddToCartClicks14d": str(promoted.carts),
        "attributedPurchases14d": str(promoted.purchases),
        "unitsSold14d": str(promoted.units),
        "attributedSales14d": money(promoted.sales),
        "brandHaloDetailPageViewsClicks14d": str(brand_halo.views),
        "brandHaloAttributedAddToCartClicks14d": str(brand_halo.carts),
        "brandHaloAttributedPurchases14d": str(brand_halo.purchases),
        "brandHaloUnitsSold14d": str(brand_halo.units),
        "brandHaloAttributedSales14d": money(brand_halo.sales),
        "attributedNewToBrandPurchases14d": str(promoted.ntb_purchases),
        "attributedNewToBrandUnitsSold14d": str(promoted.ntb_units),
        "attributedNewToBrandSales14d": money(promoted.ntb_sales),
        "brandHaloNewToBrandPurchases14d": str(brand_halo.ntb_purchases),
        "brandHaloNewToBrandUnitsSold14d": str(brand_halo.ntb_units),
        "brandHaloNewToBrandSales14d": money(brand_halo.ntb_sales),
        "kindleEditionNormalizedPagesRead14d": "0",
        "kindleEditionNormalizedPagesRoyalties14d": "0",
    }
