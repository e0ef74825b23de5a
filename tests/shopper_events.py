"""Shopper events as the sandbox's control API takes them (`POST /_sandbox/events`), for the
sandbox's own tests and the end-to-end tests alike."""

from __future__ import annotations

from typing import Any


def purchase(
    shopper: str,
    at: str,
    asin: str,
    price: float = 25.0,
    *,
    units: int = 1,
    order_id: str | None = None,
    **extra: Any,
) -> dict[str, Any]:
    return {
        "type": "purchase",
        "at": at,
        "shopper": shopper,
        "asin": asin,
        "units": units,
        "unit_price": price,
        "order_id": order_id or f"order-{shopper}-{asin}-{at}",
        **extra,
    }
