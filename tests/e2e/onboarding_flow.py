"""Onboarding as a brand does it, for any e2e test that needs a really connected program."""

from __future__ import annotations

import uuid
from typing import Any

import requests

from sellerlink_local.drivers.amazon_user import SandboxAmazon, connect, onboard, sign_in, wait_for_catalog
from tests.e2e.conftest import BrandFactory, program_body

__all__ = ["Brand", "SandboxAmazon", "connect", "onboard", "sign_in", "wait_for_catalog"]


class Brand:
    """A brand in Sellerlink (admin client, one program) and at Amazon (sandbox login)."""

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

    def connect(self, kind: str, decision: str = "approve") -> requests.Response:
        return connect(self.admin, self.program_id, kind, self.login, decision)

    def current(self) -> dict[str, Any]:
        return dict(self.admin.get(f"/v1/programs/{self.program_id}"))
