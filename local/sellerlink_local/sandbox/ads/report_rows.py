"""Report rows, computed lazily page by page from the fact store.

Rows follow a stable order (date, then the grouping key), so a cursor naming the last
row's date and key resumes exactly after it: every row comes back exactly once, and a
request never builds more than the page it returns.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

from ..spapi.catalog_items import CatalogItem
from .event_store import ADD_TO_CART, CLICK, DETAIL_PAGE_VIEW, Bucket, EventStore, ProfileFacts
from .report_metrics import Totals, metric_values, money
from .report_query import BRB, ReportQuery

BRB_RATE = 0.10


@dataclass(frozen=True)
class ReportContext:
    """What a page needs besides the query: the store, the profile's facts and names, and now."""

    store: EventStore
    facts: ProfileFacts
    advertiser_name: str
    site: str
    now: int
    items: dict[str, CatalogItem]
    top_products: Callable[[], set[tuple[str, str]]]


def report_page(query: ReportQuery, ctx: ReportContext) -> tuple[list[dict[str, Any]], str | None]:
    rows: list[dict[str, Any]] = []
    first_day = query.cursor.day if query.cursor else query.start_day
    for day in ctx.facts.days_between(first_day, query.end_day):
        resume = query.cursor.key if query.cursor and day == query.cursor.day else None
        for key, row in _rows_of_day(query, ctx, day, resume):
            rows.append(row)
            if len(rows) == query.count:
                return rows, query.encode_cursor(day, key)
    return rows, None


def _rows_of_day(
    query: ReportQuery, ctx: ReportContext, day: int, resume: tuple[Any, ...] | None
) -> Iterator[tuple[tuple[Any, ...], dict[str, Any]]]:
    bucket = ctx.facts.buckets[day]
    group_key = _group_key_function(query, ctx, bucket)
    products = query.report_type == "PRODUCTS"
    # One cached order per grouping: a CREATIVE report walking the ADGROUP order would meet one
    # creative's facts in several runs and split its day across rows.
    name = "products" if products else f"performance-{query.group_by}"
    order = bucket.order(
        name, (lambda i: bucket.kind[i] != CLICK) if products else (lambda i: True), group_key
    )
    position = bisect.bisect_right(order, resume, key=group_key) if resume is not None else 0
    top = ctx.top_products() if products else None
    while position < len(order):
        key = group_key(order[position])
        end = position
        totals = Totals()
        while end < len(order) and group_key(order[end]) == key:
            _accumulate(totals, bucket, order[end], ctx.now)
            end += 1
        position = end
        if totals.visible_facts == 0 or (top is not None and (key[0], key[3]) not in top):
            continue
        yield key, _row(query, ctx, day, key, totals)


def _group_key_function(query: ReportQuery, ctx: ReportContext, bucket: Bucket) -> Callable[[int], tuple]:
    keys, asins = ctx.facts.keys, ctx.store.asins
    if query.report_type == "PRODUCTS":
        return lambda i: (*keys[bucket.key[i]][:3], asins[bucket.asin[i]], bucket.halo[i])
    size = {"CAMPAIGN": 1, "ADGROUP": 3, "CREATIVE": 4}[query.group_by]
    return lambda i: keys[bucket.key[i]][:size]


def _accumulate(totals: Totals, bucket: Bucket, i: int, now: int) -> None:
    if bucket.visible[i] > now:
        return
    totals.visible_facts += 1
    kind, halo = bucket.kind[i], bool(bucket.halo[i])
    if kind == CLICK:
        totals.clicks += 1
    elif kind == DETAIL_PAGE_VIEW:
        totals.add_view(halo)
    elif kind == ADD_TO_CART:
        totals.add_cart(halo)
    else:
        totals.add_purchase(halo, bucket.count[i], bucket.units[i], bucket.sales[i], bool(bucket.ntb[i]))


def _row(
    query: ReportQuery, ctx: ReportContext, day: int, key: tuple[Any, ...], totals: Totals
) -> dict[str, Any]:
    row: dict[str, Any] = {
        "date": date.fromordinal(day).strftime("%Y%m%d"),
        "advertiserName": ctx.advertiser_name,
    }
    row["campaignId"] = key[0]
    if query.report_type == "PRODUCTS":
        row.update(_product_dimensions(ctx, key))
    elif query.group_by in ("ADGROUP", "CREATIVE"):
        row.update({"adGroupId": key[1], "publisher": key[2]})
        if query.group_by == "CREATIVE":
            row["creativeId"] = key[3]
    entity = _masking_entity(query, key)
    masked = not ctx.facts.above_threshold(entity, ctx.now)
    halo = bool(key[4]) if query.report_type == "PRODUCTS" else None
    values = metric_values(query.report_type, totals, halo)
    values[BRB] = money(totals.total_sales() * BRB_RATE)
    for metric in query.metrics:
        row[metric] = "0" if masked else values[metric]
    return row


def _masking_entity(query: ReportQuery, key: tuple[Any, ...]) -> tuple[str, ...]:
    if query.group_by == "CAMPAIGN":
        return (key[0],)
    if query.group_by == "CREATIVE" and query.report_type == "PERFORMANCE":
        return (key[0], key[1], key[3])
    return (key[0], key[1])


def _product_dimensions(ctx: ReportContext, key: tuple[Any, ...]) -> dict[str, Any]:
    item = ctx.items.get(key[3])
    return {
        "adGroupId": key[1],
        "publisher": key[2],
        "productAsin": key[3],
        "productConversionType": "Brand Halo" if key[4] else "Promoted",
        "productName": item.title if item else key[3],
        "brandName": item.brand_name if item else "",
        "productGroup": item.classification_name if item else "",
        "productCategory": item.classification_name if item else "",
        "productSubcategory": item.classification_name if item else "",
        "marketplace": ctx.site.upper(),  # Amazon's PRODUCTS rows say "AMAZON.COM"
    }


def top_products(
    store: EventStore, facts: ProfileFacts, first: int, last: int, now: int, limit: int = 100
) -> set[tuple[str, str]]:
    """(campaignId, ASIN) of each campaign's ``limit`` best-selling products in the window."""
    sales: dict[tuple[str, str], float] = {}
    for day in facts.days_between(first, last):
        bucket = facts.buckets[day]
        for i in range(len(bucket)):
            if bucket.kind[i] != CLICK and bucket.visible[i] <= now:
                pair = (facts.keys[bucket.key[i]][0], store.asins[bucket.asin[i]])
                sales[pair] = sales.get(pair, 0.0) + bucket.sales[i]
    by_campaign: dict[str, list[tuple[float, str]]] = {}
    for (campaign, asin), amount in sales.items():
        by_campaign.setdefault(campaign, []).append((-amount, asin))
    return {
        (campaign, asin) for campaign, ranked in by_campaign.items() for _, asin in sorted(ranked)[:limit]
    }
