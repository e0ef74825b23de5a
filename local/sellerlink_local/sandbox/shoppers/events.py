"""Shopper events as the control API receives them: parsed and checked before any is applied."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..control.clock import parse_instant
from ..marketplaces import by_code

TYPES = ("click", "detail_page_view", "add_to_cart", "purchase", "return")


class EventError(ValueError):
    def __init__(self, index: int, message: str) -> None:
        super().__init__(f"events[{index}]: {message}")


@dataclass(frozen=True)
class Subscription:
    every_days: int
    deliveries: int


@dataclass(frozen=True)
class ShopperEvent:
    index: int
    type: str
    at: int
    shopper: str = ""
    url: str = ""
    asin: str = ""
    units: int = 1
    unit_price: float | None = None
    order_id: str = ""
    marketplace: str | None = None
    subscription: Subscription | None = None
    return_units: int | None = None


def parse_event(index: int, raw: Any) -> ShopperEvent:
    if not isinstance(raw, dict):
        raise EventError(index, "must be an object")
    kind = raw.get("type")
    if kind not in TYPES:
        raise EventError(index, f"type must be one of {', '.join(TYPES)}")
    try:
        at = int(parse_instant(str(raw.get("at"))).timestamp())
    except ValueError as error:
        raise EventError(index, "at must be an ISO-8601 instant") from error
    if kind == "return":
        return _return(index, raw, at)
    shopper = str(raw.get("shopper") or "")
    if not shopper:
        raise EventError(index, "shopper is required")
    if kind == "click":
        if not raw.get("url"):
            raise EventError(index, "url is required")
        return ShopperEvent(index, kind, at, shopper=shopper, url=str(raw["url"]))
    return _conversion(index, raw, str(kind), at, shopper)


def _conversion(index: int, raw: dict[str, Any], kind: str, at: int, shopper: str) -> ShopperEvent:
    asin = str(raw.get("asin") or "").upper()
    if not asin:
        raise EventError(index, "asin is required")
    market = raw.get("marketplace")
    if market is not None and by_code(str(market)) is None:
        raise EventError(index, f"unknown marketplace {market!r}")
    if kind != "purchase":
        return ShopperEvent(index, kind, at, shopper=shopper, asin=asin, marketplace=market)
    units = raw.get("units", 1)
    if isinstance(units, bool) or not isinstance(units, int) or units < 1:
        raise EventError(index, "units must be a positive integer")
    price = raw.get("unit_price")
    if price is not None and (isinstance(price, bool) or not isinstance(price, int | float) or price < 0):
        raise EventError(index, "unit_price must be a non-negative number")
    order_id = str(raw.get("order_id") or "")
    if not order_id:
        raise EventError(index, "order_id is required")
    return ShopperEvent(
        index,
        kind,
        at,
        shopper=shopper,
        asin=asin,
        units=units,
        unit_price=None if price is None else float(price),
        order_id=order_id,
        marketplace=market,
        subscription=_subscription(index, raw.get("subscribe_and_save")),
    )


def _subscription(index: int, raw: Any) -> Subscription | None:
    if raw is None:
        return None
    if not isinstance(raw, dict):
        raise EventError(index, "subscribe_and_save must be {every_days, deliveries} or null")
    every, deliveries = raw.get("every_days"), raw.get("deliveries")
    if not isinstance(every, int) or every < 1 or not isinstance(deliveries, int) or deliveries < 1:
        raise EventError(index, "subscribe_and_save needs positive integers every_days and deliveries")
    return Subscription(every, deliveries)


def _return(index: int, raw: dict[str, Any], at: int) -> ShopperEvent:
    order_id = str(raw.get("order_id") or "")
    if not order_id:
        raise EventError(index, "order_id is required")
    units = raw.get("units")
    if units is not None and (isinstance(units, bool) or not isinstance(units, int) or units < 1):
        raise EventError(index, "units must be a positive integer")
    return ShopperEvent(index, "return", at, order_id=order_id, return_units=units)
