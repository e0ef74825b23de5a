"""Onboarding as a brand does it, for any e2e test that needs a really connected program: a brand in
Sellerlink and at the Amazon sandbox, and its person's browser through consent."""

from __future__ import annotations

import uuid
from typing import Any

import requests

from sellerlink_local.drivers.amazon_user import (
    Browser,
    SandboxAmazon,
    connect,
    onboard,
    sign_in,
    wait_for_catalog,
)
from tests.e2e.conftest import BrandFactory, program_body

__all__ = [
    "Brand",
    "Browser",
    "SandboxAmazon",
    "callback_url",
    "connect",
    "onboard",
    "sign_in",
    "wait_for_catalog",
]


class Brand:
    """A brand in Sellerlink (admin client, one program) and at Amazon (sandbox login), with the
    browser its person uses."""

    def __init__(
        self, new_brand: BrandFactory, amazon: SandboxAmazon, marketplace: str = "US", **spec: Any
    ) -> None:
        self.name = f"Acme {uuid.uuid4().hex[:6]}"
        seller_type = spec.pop("program_seller_type", "3P")
        self.amazon = amazon.create_brand(self.name, **spec)
        self.admin = new_brand(name=self.name)
        body = program_body(marketplace, brand_name=self.name, seller_type=seller_type)
        self.program = self.admin.post("/v1/programs", body)
        self.program_id = self.program["program_id"]
        self.login = self.amazon["login"]
        self.browser = Browser()

    def connect(self, kind: str, decision: str = "approve") -> requests.Response:
        return connect(self.admin, self.program_id, kind, self.login, decision, self.browser)

    def consent(self, kind: str = "amazon-ads") -> str:
        """Sellerlink's consent link for the program (its start page)."""
        return str(self.admin.get(f"/v1/programs/{self.program_id}/connect/{kind}")["url"])

    def current(self) -> dict[str, Any]:
        return dict(self.admin.get(f"/v1/programs/{self.program_id}"))


def callback_url(brand: Brand, kind: str = "amazon-ads") -> str:
    """Where Amazon sends the brand's browser back, once it started the flow and approved."""
    return sign_in(brand.browser.start(brand.consent(kind)), brand.login)
