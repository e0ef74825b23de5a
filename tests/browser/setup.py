"""What the browser journeys start from, made through the API and the Amazon sandbox's control API
(the parts a person does not do in the dashboard: the operator's accounts, Amazon's side)."""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass
from typing import Any

import requests

from sellerlink_local.drivers.amazon_user import SandboxAmazon, onboard
from sellerlink_local.drivers.client import SellerlinkClient


@dataclass
class World:
    api: SellerlinkClient
    operator: SellerlinkClient
    amazon: SandboxAmazon

    @classmethod
    def of(cls, stack: Any) -> World:
        api = SellerlinkClient(stack.api_url)
        return cls(api, api.with_key(stack.operator_key), SandboxAmazon(stack.sandbox_url))

    def brand_account(self, name: str = "Acme Outdoor") -> tuple[SellerlinkClient, str]:
        created = self.operator.post("/v1/accounts", {"name": name, "edition": "pro"})
        key = created["admin_key"]["key"]
        return self.api.with_key(key), key

    def amazon_brand(self, catalog_size: int = 12) -> dict[str, Any]:
        """A brand at Amazon (unique: the sandbox is shared by the tests of this process)."""
        name = f"Acme {uuid.uuid4().hex[:8]}"
        return {**self.amazon.create_brand(name, catalog_size=catalog_size), "brand_name": name}

    def partner(self, name: str) -> tuple[SellerlinkClient, str, str]:
        created = self.operator.post("/v1/partners", {"name": name, "website": "https://partner.example"})
        key = created["key"]["key"]
        return self.api.with_key(key), key, created["partner"]["partner_id"]

    def live_program(self, catalog_size: int) -> tuple[SellerlinkClient, str, list[str]]:
        """An active US program onboarded at the sandbox by OAuth, 10% terms; its active ASINs."""
        admin, _ = self.brand_account()
        brand = self.amazon_brand(catalog_size)
        body = {
            "marketplace": "US",
            "seller_type": "3P",
            "brand_name": brand["brand_name"],
            "brand_registry": True,
        }
        program_id = admin.post("/v1/programs", body)["program_id"]
        onboard(admin, program_id, brand["login"])
        admin.call(
            "PUT", f"/v1/programs/{program_id}/terms", json={"default": {"type": "percent", "value": "10"}}
        )
        admin.post(f"/v1/programs/{program_id}/activate")
        products = admin.get(f"/v1/programs/{program_id}/products", params={"limit": 500})["products"]
        return admin, program_id, [p["asin"] for p in products if p["active"]]

    def wait_for_pulls(self, admin: SellerlinkClient, program_id: str, timeout: float = 300) -> None:
        """Until no pull of the program runs (the history backfill that connecting started, say):
        one pull runs at a time, so "Pull now" would be refused meanwhile."""
        deadline = time.monotonic() + timeout
        while any(p["status"] == "RUNNING" for p in admin.get(f"/v1/programs/{program_id}/pulls")["pulls"]):
            assert time.monotonic() < deadline, f"a pull of {program_id} still runs after {timeout}s"
            time.sleep(0.5)

    def simulate_week(self, urls: list[str]) -> None:
        """Seven days of shoppers on these links from today, then the clock a day past them."""
        now = self.amazon.control("GET", "clock")["now"]
        start = now[:10] + "T00:00:00Z"
        body = {"urls": urls, "start": start, "days": 7, "clicks_per_day": 12, "seed": 7}
        self.amazon.control("POST", "simulate", body)
        self.amazon.control("PUT", "clock", {"advance_days": 8})


def text_of(url: str) -> str:
    return requests.get(url, timeout=30).text
