"""Accounts and API keys through the HTTP gateway: each function authenticates its callers."""

from __future__ import annotations

import json
import re

import pytest

from sellerlink_local.drivers.client import SellerlinkClient
from sellerlink_local.stack.cloudformation import ROOT
from tests.e2e.conftest import BrandFactory, assert_problem


def test_a_request_without_a_key_is_401_and_says_what_to_send(api: SellerlinkClient) -> None:
    answer = api.request("GET", "/v1/programs")
    assert_problem(answer, 401, "Send your API key as 'Authorization: Bearer <key>'.")
    assert answer.headers["WWW-Authenticate"] == 'Bearer realm="sellerlink"'


def test_an_unknown_key_is_401_problem_json(api: SellerlinkClient) -> None:
    answer = api.with_key("slk.acct_nobody.key_nobody.secret").request("GET", "/v1/programs")
    assert_problem(answer, 401, "The API key is not known.")


def test_the_operator_creates_an_account_and_gets_its_admin_key_once(
    api: SellerlinkClient, operator: SellerlinkClient
) -> None:
    created = operator.post("/v1/accounts", {"name": "Acme", "edition": "enterprise"})
    assert created["account"]["edition"] == "enterprise" and created["admin_key"]["role"] == "admin"
    admin = api.with_key(created["admin_key"]["key"])
    assert admin.get("/v1/account")["account_id"] == created["account"]["account_id"]
    listed = admin.get("/v1/keys")["keys"]
    assert [k["key_id"] for k in listed] == [created["admin_key"]["key_id"]]
    assert "key" not in listed[0] and "digest" not in listed[0]


def test_an_unknown_edition_is_422(operator: SellerlinkClient) -> None:
    answer = operator.request("POST", "/v1/accounts", json={"name": "Acme", "edition": "gold"})
    assert_problem(answer, 422, "edition")


def test_only_the_operator_creates_accounts(new_brand: BrandFactory) -> None:
    admin = new_brand()
    answer = admin.request("POST", "/v1/accounts", json={"name": "Sneaky", "edition": "pro"})
    assert_problem(answer, 403, "Only the platform operator can do this")


def test_an_admin_creates_a_manager_key_that_works_and_revokes_it(
    api: SellerlinkClient, new_brand: BrandFactory
) -> None:
    admin = new_brand()
    issued = admin.post("/v1/keys", {"role": "manager", "name": "Dana"})
    manager = api.with_key(issued["key"])
    assert manager.get("/v1/account")["account_id"] == admin.account_id  # type: ignore[attr-defined]
    revoked = admin.delete(f"/v1/keys/{issued['key_id']}")
    assert revoked["revoked_at"] is not None
    assert manager.request("GET", "/v1/account").status_code == 401


def test_a_manager_cannot_create_keys(api: SellerlinkClient, new_brand: BrandFactory) -> None:
    admin = new_brand()
    manager = api.with_key(admin.post("/v1/keys", {"role": "manager", "name": "Dana"})["key"])
    answer = manager.request("POST", "/v1/keys", json={"role": "admin", "name": "me, promoted"})
    assert_problem(answer, 403, "ask an admin")


def test_an_unknown_role_is_422(new_brand: BrandFactory) -> None:
    answer = new_brand().request("POST", "/v1/keys", json={"role": "owner", "name": "x"})
    assert_problem(answer, 422, "role")


def test_public_sign_up_gives_a_starter_account_with_one_self_service_program(api: SellerlinkClient) -> None:
    signed_up = api.post("/v1/signup", {"name": "Tiny Brand"})
    assert signed_up["account"]["edition"] == "starter"
    admin = api.with_key(signed_up["admin_key"]["key"])
    body = {"marketplace": "US", "seller_type": "3P", "brand_name": "Tiny", "brand_registry": True}
    assert admin.request("POST", "/v1/programs", json=body).status_code == 201
    second = admin.request("POST", "/v1/programs", json={**body, "marketplace": "CA"})
    assert_problem(second, 403, "contact support")


def test_the_operator_enables_seller_programs_on_a_starter_account(
    operator: SellerlinkClient, new_brand: BrandFactory
) -> None:
    admin = new_brand("starter")
    body = {"marketplace": "US", "seller_type": "3P", "brand_name": "Acme", "brand_registry": True}
    assert_problem(admin.request("POST", "/v1/programs", json=body), 403, "contact support")
    operator.post(f"/v1/accounts/{admin.account_id}/enable-seller-programs")  # type: ignore[attr-defined]
    assert admin.request("POST", "/v1/programs", json=body).status_code == 201


def test_enabling_an_unknown_account_is_404(operator: SellerlinkClient) -> None:
    assert_problem(
        operator.request("POST", "/v1/accounts/acct_nobody/enable-seller-programs"), 404, "acct_nobody"
    )


def test_the_openapi_document_and_swagger_ui_are_served(api: SellerlinkClient) -> None:
    assert api.request("GET", "/openapi.json").json()["info"]["title"] == "Sellerlink API"
    page = api.request("GET", "/docs")
    assert page.status_code == 200 and "/docs/swagger-ui-bundle.js" in page.text
    assert api.request("GET", "/docs/swagger-ui-bundle.js").status_code == 200


def documented_operations() -> list[tuple[str, str, bool]]:
    """Every operation of openapi.json: (method, path with its parameters filled, public?)."""
    document = json.loads((ROOT / "openapi.json").read_text())
    found = []
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            public = operation.get("security", document.get("security")) == []
            found.append((method.upper(), re.sub(r"\{[^}]+\}", "x", path), public))
    return found


@pytest.mark.parametrize(
    ("method", "path"), [(m, p) for m, p, public in documented_operations() if not public]
)
def test_every_operation_that_is_not_public_asks_for_a_key(
    api: SellerlinkClient, method: str, path: str
) -> None:
    """Each function authenticates its own callers: a route that forgot to would answer here."""
    assert_problem(api.request(method, path, json={}), 401, "Authorization: Bearer")
