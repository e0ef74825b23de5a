"""Report rows from the fact store: masking threshold, latency, and cursor paging exactly once."""

from __future__ import annotations

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from sellerlink_local.sandbox.ads.event_store import CLICK, PURCHASE, EventStore, Fact
from sellerlink_local.sandbox.ads.report_query import parse_report_request
from sellerlink_local.sandbox.ads.report_rows import ReportContext, report_page

DAY0 = date(2026, 2, 1).toordinal()


def context(store: EventStore, now: int = 10**12) -> ReportContext:
    return ReportContext(
        store=store,
        facts=store.facts(1),
        advertiser_name="A",
        site="amazon.com",
        now=now,
        items={},
        top_products=lambda: set(),
    )


def seeded(rows: list[tuple[int, int, int]]) -> EventStore:
    """(day offset, creative number, clicks) triples."""
    store = EventStore()
    facts = store.facts(1)
    for offset, creative, clicks in rows:
        key = facts.key_id((f"c{creative % 3}", f"g{creative}", "P", f"k{creative}"))
        for _ in range(clicks):
            store.add(1, DAY0 + offset, Fact(0, key, CLICK))
    return store


def query(count: int, cursor: str = "", group_by: str = "CREATIVE"):
    body = {
        "startDate": "20260201",
        "endDate": "20260228",
        "count": count,
        "cursorId": cursor,
        "groupBy": group_by,
    }
    return parse_report_request(body, 1, "42", True, date(2026, 3, 1))


@settings(max_examples=40, deadline=None)
@given(
    rows=st.lists(
        st.tuples(st.integers(0, 27), st.integers(0, 12), st.integers(1, 3)), min_size=0, max_size=60
    ),
    count=st.integers(1, 7),
    group_by=st.sampled_from(["CREATIVE", "ADGROUP", "CAMPAIGN"]),
)
def test_paging_returns_every_row_exactly_once_in_order(rows, count, group_by) -> None:
    store = seeded(rows)
    whole, _ = report_page(query(5000, group_by=group_by), context(store))
    paged, cursor = [], ""
    while True:
        page, next_cursor = report_page(query(count, cursor, group_by), context(store))
        assert len(page) <= count
        paged += page
        if not next_cursor:
            break
        cursor = next_cursor
    assert paged == whole
    keys = [(r["date"], r["campaignId"], r.get("adGroupId"), r.get("creativeId")) for r in whole]
    assert len(keys) == len(set(keys))


def test_the_tenth_visible_click_lifts_the_mask() -> None:
    store = EventStore()
    facts = store.facts(1)
    key = facts.key_id(("c", "g", "P", "k"))
    for second in range(10):
        store.add(1, DAY0, Fact(1000 + second, key, CLICK))
    store.add(1, DAY0, Fact(1000, key, PURCHASE, store.asin_id("B0X"), False, 1, 2, 9.5))
    masked, _ = report_page(query(10), context(store, now=1008))
    shown, _ = report_page(query(10), context(store, now=1009))
    assert masked[0]["Click-throughs"] == "0" and masked[0]["attributedSales14d"] == "0"
    assert shown[0]["Click-throughs"] == "10" and shown[0]["attributedSales14d"] == "9.5"


def test_facts_not_yet_visible_do_not_make_rows() -> None:
    store = EventStore()
    key = store.facts(1).key_id(("c", "g", "P", "k"))
    store.add(1, DAY0, Fact(5000, key, CLICK))
    assert report_page(query(10), context(store, now=4999))[0] == []
    assert len(report_page(query(10), context(store, now=5000))[0]) == 1
