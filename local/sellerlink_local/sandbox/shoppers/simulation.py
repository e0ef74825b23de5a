"""``POST /_sandbox/simulate``: seeded, realistic shopper traffic for a set of tracking links."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from ..ads.tracking import parse_tracking_url
from ..control.clock import format_instant, parse_instant
from ..state import SandboxState
from .last_click import DAY, ingest

DEFAULT_RATES = {
    "detail_page_view": 0.7,
    "add_to_cart": 0.5,
    "purchase": 0.6,
    "brand_halo": 0.2,
    "subscribe_and_save": 0.1,
    "return": 0.1,
}


class SimulationError(ValueError):
    """A simulation request the sandbox cannot run (the message says why)."""


@dataclass
class UrlTotals:
    clicks: int = 0
    detail_page_views: int = 0
    add_to_carts: int = 0
    purchases: int = 0
    units: int = 0
    sales: float = 0.0
    halo_purchases: int = 0
    halo_units: int = 0
    halo_sales: float = 0.0
    returns: int = 0

    def to_json(self) -> dict[str, Any]:
        values = dict(self.__dict__)
        values["sales"], values["halo_sales"] = round(self.sales, 2), round(self.halo_sales, 2)
        return values


@dataclass
class Plan:
    rng: random.Random
    rates: dict[str, float]
    events: list[dict[str, Any]] = field(default_factory=list)
    counter: int = 0


def simulate(state: SandboxState, body: dict[str, Any]) -> dict[str, Any]:
    urls = body.get("urls")
    if not isinstance(urls, list) or not urls:
        raise SimulationError("urls must be a non-empty list of tracking URLs")
    targets = [_landing(state, str(url)) for url in urls]
    start = parse_instant(str(body.get("start") or format_instant(state.clock.now() - timedelta(days=30))))
    days, per_day = int(body.get("days", 30)), int(body.get("clicks_per_day", 20))
    if not 1 <= days <= 400 or not 0 <= per_day <= 10_000:
        raise SimulationError("days must be 1..400 and clicks_per_day 0..10000")
    plan = Plan(
        random.Random(body.get("seed", 0)),
        {**DEFAULT_RATES, **(body.get("rates") or {})},
        counter=state.shoppers.simulated,
    )
    totals = {url: UrlTotals() for url in urls}
    day_zero = int(start.timestamp()) // DAY * DAY
    for day in range(days):
        for url, (landing, halo_asins) in zip(urls, targets, strict=True):
            for _ in range(plan.rng.randint(per_day // 2, per_day + per_day // 2)):
                at = day_zero + day * DAY + plan.rng.randrange(DAY - 3600)
                _shopper(plan, totals[url], url, landing, halo_asins, at)
    plan.events.sort(key=lambda event: event["at"])
    state.shoppers.simulated = plan.counter
    for event in plan.events:
        event["at"] = format_instant(datetime.fromtimestamp(event["at"], UTC))
    outcome = ingest(state, plan.events)
    summary = {
        "events": len(plan.events),
        "ignored_clicks": len(outcome["ignored"]),
        "urls": {url: t.to_json() for url, t in totals.items()},
    }
    if body.get("include_events"):
        summary["event_list"] = plan.events
    return summary


def _landing(state: SandboxState, url: str) -> tuple[str, list[str]]:
    tracked = parse_tracking_url(url)
    if isinstance(tracked, str) or tracked.landing_asin is None:
        raise SimulationError(f"{url}: not a product detail page tracking URL ({tracked})")
    item = state.items.get(tracked.landing_asin)
    if item is None:
        raise SimulationError(f"{url}: ASIN {tracked.landing_asin} is not in a sandbox catalog")
    others = sorted(
        a for a, other in state.items.items() if other.brand_id == item.brand_id and a != item.asin
    )
    return item.asin, others[:50]


def _shopper(plan: Plan, totals: UrlTotals, url: str, asin: str, halo_asins: list[str], at: int) -> None:
    plan.counter += 1
    shopper = f"sim-{plan.counter}"
    rng, rates = plan.rng, plan.rates
    _event(plan, "click", at, shopper, url=url)
    totals.clicks += 1
    if rng.random() >= rates["detail_page_view"]:
        return
    _event(plan, "detail_page_view", at + 30, shopper, asin=asin)
    totals.detail_page_views += 1
    if rng.random() >= rates["add_to_cart"]:
        return
    _event(plan, "add_to_cart", at + 90, shopper, asin=asin)
    totals.add_to_carts += 1
    if rng.random() >= rates["purchase"]:
        return
    bought = at + rng.randrange(300, 3 * DAY)
    _purchase(plan, totals, shopper, asin, bought)
    if halo_asins and rng.random() < rates["brand_halo"]:
        price = round(rng.uniform(5.0, 40.0), 2)
        _event(
            plan,
            "purchase",
            bought + 600,
            shopper,
            asin=rng.choice(halo_asins),
            units=1,
            unit_price=price,
            order_id=f"sim-order-{plan.counter}-halo",
        )
        totals.halo_purchases += 1
        totals.halo_units += 1
        totals.halo_sales += price


def _purchase(plan: Plan, totals: UrlTotals, shopper: str, asin: str, at: int) -> None:
    rng, order_id = plan.rng, f"sim-order-{plan.counter}"
    units = rng.randint(1, 3)
    price = round(rng.uniform(9.0, 60.0), 2)
    subscription = (
        {"every_days": 30, "deliveries": 3} if rng.random() < plan.rates["subscribe_and_save"] else None
    )
    _event(
        plan,
        "purchase",
        at,
        shopper,
        asin=asin,
        units=units,
        unit_price=price,
        order_id=order_id,
        subscribe_and_save=subscription,
    )
    totals.purchases += 1
    totals.units += units
    totals.sales += units * price
    if rng.random() < plan.rates["return"]:
        _event(plan, "return", at + rng.randrange(DAY, 10 * DAY), None, order_id=order_id)
        totals.returns += 1
        totals.purchases -= 1
        totals.units -= units
        totals.sales -= units * price


def _event(plan: Plan, kind: str, at: int, shopper: str | None, **fields: Any) -> None:
    event = {"type": kind, "at": at, **fields}
    if shopper:
        event["shopper"] = shopper
    plan.events.append(event)
