"""A measured brand ready for Attribution reports, shared by the report tests."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sandbox_driver import AmazonDriver, Connection, tracking_url

from tests import shopper_events

NOW = "2026-03-01T12:00:00Z"
ASINS = ["B0TESTA001", "B0TESTA002", "B0TESTA003", "B0TESTA004"]


@dataclass
class MeasuredBrand:
    amazon: AmazonDriver
    connection: Connection
    profile_id: int
    template: str

    def url(
        self,
        campaign: str = "c1",
        adgroup: str = "g1",
        creative: str = "k1",
        asin: str = ASINS[0],
        site: str = "amazon.com",
    ) -> str:
        return tracking_url(self.template, asin, campaign, adgroup, creative, site)

    def clicks(self, count: int, at: str, prefix: str = "s", **url: str) -> list[dict[str, Any]]:
        return [
            {"type": "click", "at": at, "shopper": f"{prefix}{i}", "url": self.url(**url)}
            for i in range(count)
        ]

    def rows(self, **body: Any) -> list[dict[str, Any]]:
        body.setdefault("startDate", "20260201")
        body.setdefault("endDate", "20260301")
        return self.amazon.all_rows(self.connection, self.profile_id, **body)

    def report(self, **body: Any) -> Any:
        body.setdefault("startDate", "20260201")
        body.setdefault("endDate", "20260301")
        return self.amazon.report(self.connection, self.profile_id, **body)


def measured_brand(
    amazon: AmazonDriver, catalog: list[dict[str, Any]] | None = None, **spec: Any
) -> MeasuredBrand:
    amazon.set_clock(NOW)
    items = catalog or [
        {"asin": a, "title": f"Tent {a}", "price": 100.0, "category": "Sports & Outdoors"} for a in ASINS
    ]
    brand = amazon.create_brand(catalog=items, **spec)
    connection = amazon.connect_ads(brand)
    profile = connection.profile("US")
    template = amazon.tracking_template(connection, profile)
    return MeasuredBrand(amazon, connection, profile["profileId"], template)


def purchase(shopper: str, at: str, asin: str = ASINS[0], **details: Any) -> dict[str, Any]:
    """A purchase of the brand's first product unless told otherwise."""
    return shopper_events.purchase(shopper, at, asin, **details)


def total(rows: list[dict[str, Any]], metric: str) -> float:
    return sum(float(row[metric]) for row in rows)
