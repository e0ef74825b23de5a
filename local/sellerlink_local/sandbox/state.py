"""Everything the sandbox Amazon holds, behind one lock."""

from __future__ import annotations

import threading
from collections.abc import Iterable

from .accounts import DEFAULT_APP, App, Brand, Profile
from .ads.event_store import EventStore
from .control.clock import SandboxClock
from .control.faults import FaultInjector
from .control.throttling import Throttling
from .lwa.tokens import TokenBook
from .shoppers.book import ShopperBook
from .spapi.catalog_items import CatalogItem
from .spapi.seller_reports import SellerReport


class SandboxState:
    def __init__(self) -> None:
        self.lock = threading.RLock()
        self.clock = SandboxClock()
        self.faults = FaultInjector()
        self.throttling = Throttling()
        self.sequence = 0
        self.apps: dict[str, App] = {}
        self.brands: dict[str, Brand] = {}
        self.users: dict[str, Brand] = {}
        self.profiles: dict[int, Profile] = {}
        self.advertisers: dict[str, Profile] = {}
        self.items: dict[str, CatalogItem] = {}
        self._market_asins: dict[str, list[str]] = {}
        self.store = EventStore()
        self.reset()

    def reset(self) -> None:
        with self.lock:
            self.clock.reset()
            self.faults.clear()
            self.throttling.reset()
            self.apps = {DEFAULT_APP["client_id"]: App(**DEFAULT_APP)}
            self.brands, self.users, self.profiles, self.advertisers = {}, {}, {}, {}
            self.items, self._market_asins = {}, {}
            self.store = EventStore()
            self.reports: dict[str, SellerReport] = {}
            self.report_documents: dict[str, tuple[str, str]] = {}  # id -> (login, content)
            self.tokens = TokenBook()
            self.shoppers = ShopperBook()

    def next_sequence(self) -> int:
        with self.lock:
            self.sequence += 1
            return self.sequence

    def add_brand(self, brand: Brand, items: Iterable[CatalogItem]) -> None:
        with self.lock:
            self.brands[brand.brand_id] = brand
            self.users[brand.login] = brand
            for profile in brand.profiles:
                self.profiles[profile.profile_id] = profile
                self.advertisers[profile.advertiser_id] = profile
            for item in items:
                self.items[item.asin] = item
            self._market_asins.clear()

    def market_asins(self, code: str) -> list[str]:
        """ASINs sold on a marketplace, sorted (the stable order of catalog search)."""
        with self.lock:
            found = self._market_asins.get(code)
            if found is None:
                found = sorted(a for a, item in self.items.items() if code in item.marketplace_codes)
                self._market_asins[code] = found
            return found

    def brand_profiles(self, brand_id: str, market_code: str) -> list[Profile]:
        brand = self.brands[brand_id]
        return [p for p in brand.profiles if p.marketplace.code == market_code]
