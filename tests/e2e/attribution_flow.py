"""A program measured by the Amazon sandbox, driven as a brand, its partners and their shoppers do.

Onboarding is the real OAuth flow (consent at the sandbox, our callbacks), so pulls read the
sandbox's Attribution reports with a real, KMS-sealed refresh token.
"""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import requests

from sellerlink_local.drivers.amazon_user import Browser, connect
from sellerlink_local.drivers.client import SellerlinkClient

DAY = "T12:00:00Z"


@dataclass
class Sandbox:
    url: str
    session: requests.Session = field(default_factory=requests.Session)

    def call(self, method: str, path: str, body: Any = None) -> Any:
        answer = self.session.request(method, f"{self.url}/_sandbox/{path}", json=body, timeout=60)
        assert answer.status_code < 300, answer.text
        return answer.json() if answer.content else None

    def now(self) -> str:
        return str(self.call("GET", "clock")["now"])

    def set_clock(self, now: str) -> None:
        self.call("PUT", "clock", {"now": now})

    def advance(self, days: float) -> None:
        self.call("PUT", "clock", {"advance_days": days})

    def events(self, events: list[dict[str, Any]]) -> dict[str, Any]:
        return dict(self.call("POST", "events", {"events": events}))

    def faults(self, rules: list[dict[str, Any]], seed: int = 0) -> None:
        self.call("PUT", "faults", {"rules": rules, "seed": seed})

    def faults_served(self) -> int:
        return int(self.call("GET", "faults")["served"])


@dataclass
class MeasuredProgram:
    admin: SellerlinkClient
    program_id: str
    asins: list[str]
    sandbox: Sandbox
    partners: dict[str, SellerlinkClient] = field(default_factory=dict)
    links: dict[str, dict[str, Any]] = field(default_factory=dict)

    def path(self, suffix: str = "") -> str:
        return f"/v1/programs/{self.program_id}{suffix}"

    def add_partner(
        self,
        api: SellerlinkClient,
        operator: SellerlinkClient,
        name: str,
        email: str | None = None,
        **link: Any,
    ) -> str:
        """An approved partner with one link (to the first ASIN unless told); its partner id."""
        body = {"name": name, "website": "https://partner.example", **({"email": email} if email else {})}
        created = operator.post("/v1/partners", body)
        partner = api.with_key(created["key"]["key"])
        partner_id = created["partner"]["partner_id"]
        partner.post(self.path("/applications"))
        self.admin.post(self.path(f"/partners/{partner_id}/approve"))
        self.partners[partner_id] = partner
        self.links[partner_id] = partner.post(self.path("/links"), {"asin": self.asins[0], **link})
        return partner_id

    def clicks(self, partner_id: str, count: int, day: str, prefix: str) -> list[dict[str, Any]]:
        url = self.links[partner_id]["url"]
        return [
            {
                "type": "click",
                "at": f"{day}T10:{i % 60:02d}:00Z",
                "shopper": self.shopper(f"{prefix}{i}"),
                "url": url,
            }
            for i in range(count)
        ]

    def shopper(self, name: str) -> str:
        """Shoppers and orders are global to the sandbox: names unique to this program."""
        return f"{self.program_id}-{name}"

    def pull(self, timeout: float = 120, **body: Any) -> dict[str, Any]:
        """Starts an on-demand pull and waits for it to finish."""
        answer = self.admin.request("POST", self.path("/pulls"), json=body or None)
        assert answer.status_code == 202, answer.text
        return self.wait(answer.json()["pull_id"], timeout)

    def wait(self, pull_id: str, timeout: float = 120) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        while True:
            pull = self.admin.get(self.path(f"/pulls/{pull_id}"))
            if pull["status"] != "RUNNING" or time.monotonic() > deadline:
                return dict(pull)
            time.sleep(0.2)

    def ledger(self, client: SellerlinkClient | None = None, **query: Any) -> list[dict[str, Any]]:
        entries: list[dict[str, Any]] = []
        cursor = None
        while True:
            params = {**query, "limit": 200, **({"cursor": cursor} if cursor else {})}
            page = (client or self.admin).get(self.path("/ledger"), params=params)
            entries.extend(page["entries"])
            cursor = page.get("next_cursor")
            if not cursor:
                return entries

    def balances(self) -> dict[tuple[str, str, str | None, str], Decimal]:
        """The ledger summed per key."""
        sums: dict[tuple[str, str, str | None, str], Decimal] = {}
        for e in self.ledger():
            key = (e["partner_id"], e["event_date"], e["asin"], e["conversion_type"])
            sums[key] = sums.get(key, Decimal(0)) + Decimal(e["amount"])
        return sums


def measured_program(
    api: SellerlinkClient, operator: SellerlinkClient, sandbox_url: str, rate: str = "10"
) -> MeasuredProgram:
    """An active program onboarded by OAuth at the sandbox, with default terms of `rate` percent."""
    sandbox = Sandbox(sandbox_url)
    name = f"Acme Pulls {uuid.uuid4().hex[:8]}"
    brand = sandbox.call(
        "POST",
        "brands",
        {
            "brand_name": name,
            "seller_type": "3P",
            "marketplaces": ["US"],
            "brand_registry": True,
            "brb_enrolled": True,
            "catalog_size": 4,
        },
    )
    created = operator.post("/v1/accounts", {"name": name, "edition": "pro"})
    admin = api.with_key(created["admin_key"]["key"])
    program = admin.post(
        "/v1/programs", {"marketplace": "US", "seller_type": "3P", "brand_name": name, "brand_registry": True}
    )
    program_id = program["program_id"]
    browser = Browser()
    for kind in ("amazon-ads", "selling-partner"):
        landed = connect(admin, program_id, kind, brand["login"], browser=browser)
        assert landed.status_code == 200, landed.text
    program = _imported(admin, program_id)
    asins = [p["asin"] for p in admin.get(f"/v1/programs/{program_id}/products")["products"]]
    admin.call(
        "PUT", f"/v1/programs/{program_id}/terms", json={"default": {"type": "percent", "value": rate}}
    )
    admin.post(f"/v1/programs/{program_id}/activate")
    return MeasuredProgram(admin, program_id, sorted(asins), sandbox)


def _imported(admin: SellerlinkClient, program_id: str) -> dict[str, Any]:
    deadline = time.monotonic() + 60
    while True:
        program = admin.get(f"/v1/programs/{program_id}")
        if program["onboarding"].get("catalog_imported_at") or time.monotonic() > deadline:
            assert program["onboarding"]["ads_profile_id"], program["onboarding"]
            return dict(program)
        time.sleep(0.2)
