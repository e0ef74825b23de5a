"""The shopper simulation's core: 14-day last-click attribution of shopper events.

Each shopper's events must arrive in time order (as they happen); a batch is sorted
by time, checked whole, then applied. A click counts when measurement is on for the
profile its ``maas`` tag names and the site is that profile's marketplace. A
conversion goes to the shopper's last click, within 14 days, on a tag of a profile of
the ASIN's brand in the conversion's marketplace; another ASIN than the clicked one
is brand halo.
"""

from __future__ import annotations

from typing import Any

from ..ads.event_store import ADD_TO_CART, CLICK, DETAIL_PAGE_VIEW, PURCHASE, Fact
from ..ads.tracking import TrackedClick, parse_tracking_url
from ..state import SandboxState
from .book import Credit, LastClick, Order, Shopper
from .events import EventError, ShopperEvent, parse_event

DAY = 86_400
WINDOW = 14 * DAY
CLICK_LATENCY = DAY
CONVERSION_LATENCY = 2 * DAY
NEW_TO_BRAND_LOOKBACK = 365 * DAY
RESTATEMENT_WINDOW = 28 * DAY  # Amazon restates at 1, 7 and 28 days, never later
KINDS = {"detail_page_view": DETAIL_PAGE_VIEW, "add_to_cart": ADD_TO_CART, "purchase": PURCHASE}


def ingest(state: SandboxState, raw_events: Any) -> dict[str, Any]:
    """Apply a batch of events; raises EventError (nothing applied) when one is invalid."""
    if not isinstance(raw_events, list):
        raise EventError(0, "events must be a list")
    events = sorted((parse_event(i, raw) for i, raw in enumerate(raw_events)), key=lambda e: e.at)
    with state.lock:
        _check(state, events)
        outcome: dict[str, Any] = {"accepted": len(events), "ignored": [], "attributed_conversions": 0}
        for event in events:
            _apply(state, event, outcome)
        return outcome


def _check(state: SandboxState, events: list[ShopperEvent]) -> None:
    book = state.shoppers
    last_seen = {name: shopper.last_at for name, shopper in book.shoppers.items()}
    remaining = {order_id: order.units - order.returned for order_id, order in book.orders.items()}
    bought_at = {order_id: order.at for order_id, order in book.orders.items()}
    for event in events:
        if event.type == "return":
            _check_return(event, remaining, bought_at)
            continue
        if event.at < last_seen.get(event.shopper, 0):
            raise EventError(event.index, f"events of shopper {event.shopper!r} must arrive in time order")
        last_seen[event.shopper] = event.at
        if event.type != "click" and event.asin not in state.items:
            raise EventError(event.index, f"ASIN {event.asin} is not in any sandbox brand's catalog")
        if event.type == "purchase":
            if event.order_id in remaining:
                raise EventError(event.index, f"order_id {event.order_id!r} already exists")
            remaining[event.order_id], bought_at[event.order_id] = event.units, event.at


def _check_return(event: ShopperEvent, remaining: dict[str, int], bought_at: dict[str, int]) -> None:
    if event.order_id not in remaining:
        raise EventError(event.index, f"unknown order_id {event.order_id!r}")
    if event.at < bought_at[event.order_id]:
        raise EventError(event.index, "a return cannot happen before its purchase")
    units = event.return_units or remaining[event.order_id]
    if units > remaining[event.order_id] or remaining[event.order_id] == 0:
        raise EventError(
            event.index, f"order {event.order_id!r} has only {remaining[event.order_id]} units left"
        )
    remaining[event.order_id] -= units


def _apply(state: SandboxState, event: ShopperEvent, outcome: dict[str, Any]) -> None:
    if event.type == "return":
        _return(state, event)
        return
    shopper = state.shoppers.shoppers.setdefault(event.shopper, Shopper())
    shopper.last_at = event.at
    if event.type == "click":
        reason = _click(state, shopper, event)
        if reason:
            outcome["ignored"].append({"index": event.index, "reason": reason})
        return
    if _conversion(state, shopper, event):
        outcome["attributed_conversions"] += 1


def _click(state: SandboxState, shopper: Shopper, event: ShopperEvent) -> str | None:
    tracked = parse_tracking_url(event.url)
    if isinstance(tracked, str):
        return tracked
    profile = state.advertisers.get(tracked.advertiser_id)
    if profile is None:
        return f"no advertiser {tracked.advertiser_id}"
    if not profile.measurement_on:
        return "measurement is off for this profile: no attribution tag was requested yet"
    if tracked.marketplace.code != profile.marketplace.code:
        return f"the URL is on {tracked.marketplace.site}, the profile measures {profile.marketplace.site}"
    key_id = _key_id(state, profile.profile_id, tracked)
    state.store.add(profile.profile_id, day_of(event.at), Fact(event.at + CLICK_LATENCY, key_id, CLICK))
    market = profile.marketplace.code
    shopper.clicks[(profile.brand_id, market)] = LastClick(
        event.at, profile.profile_id, key_id, tracked.landing_asin
    )
    shopper.last_market[profile.brand_id] = market
    return None


def _key_id(state: SandboxState, profile_id: int, tracked: TrackedClick) -> int:
    key = (tracked.campaign_id, tracked.adgroup_id, tracked.publisher_name, tracked.creative_id)
    return state.store.facts(profile_id).key_id(key)


def _conversion(state: SandboxState, shopper: Shopper, event: ShopperEvent) -> bool:
    item = state.items[event.asin]
    market = event.marketplace or shopper.last_market.get(item.brand_id)
    click = shopper.clicks.get((item.brand_id, market or ""))
    new_to_brand = (
        event.at - shopper.last_purchase.get(item.brand_id, -NEW_TO_BRAND_LOOKBACK - 1)
        > NEW_TO_BRAND_LOOKBACK
    )
    if event.type == "purchase":
        shopper.last_purchase[item.brand_id] = event.at
    in_window = click is not None and event.at - click.at <= WINDOW
    credit = None
    if click is not None and in_window:
        credit = Credit(
            click.profile_id,
            day_of(event.at),
            click.key_id,
            state.store.asin_id(event.asin),
            click.landing_asin != event.asin,
            new_to_brand,
        )
    if event.type != "purchase":
        if credit:
            state.store.add(
                credit.profile_id,
                credit.day,
                Fact(
                    event.at + CONVERSION_LATENCY,
                    credit.key_id,
                    KINDS[event.type],
                    credit.asin_id,
                    credit.halo,
                ),
            )
        return credit is not None
    price = item.price if event.unit_price is None else event.unit_price
    state.shoppers.orders[event.order_id] = Order(event.at, event.units, price, credit)
    if credit and click:
        _deliveries(state, event, credit, click, price)
    return credit is not None


def _deliveries(
    state: SandboxState, event: ShopperEvent, credit: Credit, click: LastClick, price: float
) -> None:
    """The purchase; for Subscribe & Save only the first delivery is ever credited (DESIGN.md,
    "Subscribe & Save": later deliveries never create commissions, even inside the 14 days)."""
    if event.at - click.at > WINDOW:
        return
    state.store.add(credit.profile_id, day_of(event.at), _purchase(credit, event.at, 1, event.units, price))


def _return(state: SandboxState, event: ShopperEvent) -> None:
    """Restate the original purchase on its own date once the return is visible; Amazon restates
    within 28 days of the event only, so a later return leaves the reported purchase as it was."""
    order = state.shoppers.orders[event.order_id]
    units = event.return_units or (order.units - order.returned)
    order.returned += units
    credit = order.credit
    if credit is None or event.at - order.at > RESTATEMENT_WINDOW:
        return
    fully = order.returned == order.units
    restated = _purchase(credit, event.at, -1 if fully else 0, -units, order.unit_price)
    state.store.add(credit.profile_id, credit.day, restated)


def _purchase(credit: Credit, at: int, count: int, units: int, unit_price: float) -> Fact:
    """A purchase (or its restatement) of the credited click, visible once Amazon's latency passed."""
    return Fact(
        at + CONVERSION_LATENCY,
        credit.key_id,
        PURCHASE,
        credit.asin_id,
        credit.halo,
        count,
        units,
        units * unit_price,
        credit.new_to_brand,
    )


_EPOCH_ORDINAL = 719_163  # date(1970, 1, 1).toordinal()


def day_of(timestamp: int) -> int:
    """The UTC date ordinal of a Unix timestamp."""
    return timestamp // DAY + _EPOCH_ORDINAL
