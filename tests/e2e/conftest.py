"""The local stack through HTTP, as a user: an operator, brands, their admins and managers."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from sellerlink_local.client import SellerlinkClient


@pytest.fixture(scope="session")
def api(stack: Any) -> SellerlinkClient:
    return SellerlinkClient(stack.api_url)


@pytest.fixture(scope="session")
def operator(api: SellerlinkClient, stack: Any) -> SellerlinkClient:
    return api.with_key(stack.operator_key)


BrandFactory = Callable[..., SellerlinkClient]


@pytest.fixture
def new_brand(api: SellerlinkClient, operator: SellerlinkClient) -> BrandFactory:
    """A fresh brand account; returns its admin's client (`.account_id` set)."""

    def create(edition: str = "pro", name: str = "Acme Outdoor") -> SellerlinkClient:
        created = operator.post("/v1/accounts", {"name": name, "edition": edition})
        admin = api.with_key(created["admin_key"]["key"])
        admin.account_id = created["account"]["account_id"]  # type: ignore[attr-defined]
        return admin

    return create


def program_body(marketplace: str = "US", **overrides: Any) -> dict[str, Any]:
    return {
        "marketplace": marketplace,
        "seller_type": "3P",
        "brand_name": "Acme Outdoor",
        "brand_registry": True,
        **overrides,
    }


def assert_problem(response: Any, status: int, detail_contains: str) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["Content-Type"] == "application/problem+json"
    problem = response.json()
    assert problem["status"] == status and detail_contains in problem["detail"], problem
    return problem
