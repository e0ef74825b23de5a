"""What the sandbox remembers of each shopper and order, for attribution and returns."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class LastClick:
    at: int
    profile_id: int
    key_id: int
    landing_asin: str | None


@dataclass(frozen=True)
class Credit:
    """Where an attributed purchase landed in the fact store."""

    profile_id: int
    day: int
    key_id: int
    asin_id: int
    halo: bool
    new_to_brand: bool


@dataclass
class Shopper:
    last_at: int = 0
    clicks: dict[tuple[str, str], LastClick] = field(default_factory=dict)
    last_market: dict[str, str] = field(default_factory=dict)
    last_purchase: dict[str, int] = field(default_factory=dict)


@dataclass
class Order:
    at: int
    units: int
    unit_price: float
    credit: Credit | None
    returned: int = 0


class ShopperBook:
    def __init__(self) -> None:
        self.shoppers: dict[str, Shopper] = {}
        self.orders: dict[str, Order] = {}
        self.simulated = 0  # simulated shoppers so far: their names and order ids never repeat
