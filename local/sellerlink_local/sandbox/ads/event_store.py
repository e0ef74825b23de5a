"""The attributed-fact store: columnar buckets per profile and UTC day.

Every click and every attributed conversion becomes one *fact* in the bucket of its
profile and event date. Facts carry the instant they become visible in reports
(Amazon's latency), so a report computed "as of" the sandbox clock only reads facts
already visible. Buckets keep a cached sort order so report rows can be produced
lazily, one page at a time, in a stable order that a cursor can resume from.
"""

from __future__ import annotations

import bisect
from array import array
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

CLICK, DETAIL_PAGE_VIEW, ADD_TO_CART, PURCHASE = 0, 1, 2, 3
MASKING_THRESHOLD = 10

# (campaignId, adGroupId, publisher, creativeId)
CreativeKey = tuple[str, str, str, str]


@dataclass
class Fact:
    visible_at: int
    key_id: int
    kind: int
    asin_id: int = -1
    halo: bool = False
    count: int = 1
    units: int = 0
    sales: float = 0.0
    new_to_brand: bool = False


class Bucket:
    """The facts of one profile on one day, column by column."""

    __slots__ = ("_orders", "asin", "count", "halo", "key", "kind", "ntb", "sales", "units", "visible")

    def __init__(self) -> None:
        self.visible = array("q")
        self.key = array("l")
        self.kind = array("b")
        self.asin = array("l")
        self.halo = array("b")
        self.count = array("b")
        self.units = array("l")
        self.sales = array("d")
        self.ntb = array("b")
        self._orders: dict[str, array[int]] = {}

    def __len__(self) -> int:
        return len(self.key)

    def add(self, fact: Fact) -> None:
        self.visible.append(fact.visible_at)
        self.key.append(fact.key_id)
        self.kind.append(fact.kind)
        self.asin.append(fact.asin_id)
        self.halo.append(1 if fact.halo else 0)
        self.count.append(fact.count)
        self.units.append(fact.units)
        self.sales.append(fact.sales)
        self.ntb.append(1 if fact.new_to_brand else 0)
        self._orders.clear()

    def order(self, name: str, include: Callable[[int], bool], sort_key: Callable[[int], Any]) -> array[int]:
        """Positions of the facts ``include`` keeps, sorted by ``sort_key`` (cached until a fact is added)."""
        cached = self._orders.get(name)
        if cached is None:
            positions = [i for i in range(len(self.key)) if include(i)]
            positions.sort(key=sort_key)
            cached = array("l", positions)
            self._orders[name] = cached
        return cached


@dataclass
class ProfileFacts:
    """Everything Amazon has measured for one Ads profile."""

    keys: list[CreativeKey] = field(default_factory=list)
    key_ids: dict[CreativeKey, int] = field(default_factory=dict)
    buckets: dict[int, Bucket] = field(default_factory=dict)
    days: list[int] = field(default_factory=list)
    first_clicks: dict[tuple[str, ...], list[int]] = field(default_factory=dict)

    def key_id(self, key: CreativeKey) -> int:
        found = self.key_ids.get(key)
        if found is None:
            found = len(self.keys)
            self.keys.append(key)
            self.key_ids[key] = found
        return found

    def bucket(self, day: int) -> Bucket:
        found = self.buckets.get(day)
        if found is None:
            found = self.buckets[day] = Bucket()
            bisect.insort(self.days, day)
        return found

    def add(self, day: int, fact: Fact) -> None:
        self.bucket(day).add(fact)
        if fact.kind == CLICK:
            self._count_click(self.keys[fact.key_id], fact.visible_at)

    def _count_click(self, key: CreativeKey, visible_at: int) -> None:
        campaign, adgroup, _publisher, creative = key
        for entity in ((campaign,), (campaign, adgroup), (campaign, adgroup, creative)):
            earliest = self.first_clicks.setdefault(entity, [])
            if len(earliest) < MASKING_THRESHOLD or visible_at < earliest[-1]:
                bisect.insort(earliest, visible_at)
                del earliest[MASKING_THRESHOLD:]

    def above_threshold(self, entity: tuple[str, ...], now: int) -> bool:
        """At least 10 lifetime clicks on the entity are visible at ``now``."""
        earliest = self.first_clicks.get(entity, [])
        return len(earliest) >= MASKING_THRESHOLD and earliest[MASKING_THRESHOLD - 1] <= now

    def days_between(self, first: int, last: int) -> list[int]:
        return self.days[bisect.bisect_left(self.days, first) : bisect.bisect_right(self.days, last)]


class EventStore:
    """Facts for every profile, plus the ASIN dictionary shared by all profiles."""

    def __init__(self) -> None:
        self.profiles: dict[int, ProfileFacts] = {}
        self.asins: list[str] = []
        self._asin_ids: dict[str, int] = {}
        self.version = 0

    def facts(self, profile_id: int) -> ProfileFacts:
        found = self.profiles.get(profile_id)
        if found is None:
            found = self.profiles[profile_id] = ProfileFacts()
        return found

    def asin_id(self, asin: str) -> int:
        found = self._asin_ids.get(asin)
        if found is None:
            found = len(self.asins)
            self.asins.append(asin)
            self._asin_ids[asin] = found
        return found

    def add(self, profile_id: int, day: int, fact: Fact) -> None:
        self.facts(profile_id).add(day, fact)
        self.version += 1
