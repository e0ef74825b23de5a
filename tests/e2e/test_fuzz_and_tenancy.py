"""Two suites generated from openapi.json, so a new route is covered by default (issue 13).

- Schemathesis against the running local stack, with a brand admin key and with an approved
  partner's key: no answer is a 5xx, every status and content type is one the document lists, and
  every answer conforms to its schema (problem+json for ours, `{"message"}` for API Gateway's).
- Tenancy: every operation that takes an id, called on one brand's resources with another
  account's admin and viewer keys and with a partner that is not a member: never a 2xx, and never
  one of the brand's ids in the answer.

Bounded: a few examples per operation (FUZZ_EXAMPLES, TENANCY_EXAMPLES), derandomized, so the
whole suite takes about a minute per worker.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from sellerlink.api.public_routes import PUBLIC_ROUTES
from sellerlink_local.drivers.client import SellerlinkClient
from sellerlink_local.stack.cloudformation import ROOT
from tests.e2e.conftest import CATALOG, INACTIVE_ASIN, default_terms, program_body, write_onboarding

SCHEMA = schemathesis.openapi.from_path(ROOT / "openapi.json")
OPERATIONS = [result.ok() for result in SCHEMA.get_all_operations()]
FUZZ_EXAMPLES = int(os.environ.get("SELLERLINK_FUZZ_EXAMPLES", "4"))
TENANCY_EXAMPLES = 1
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
BOUNDED = settings(
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
    phases=[Phase.explicit, Phase.generate],
)


@dataclass
class Tenant:
    """A brand's account with an active program, an approved partner, a link and a webhook."""

    admin: SellerlinkClient
    viewer_key: str
    ids: dict[str, str]
    partner: SellerlinkClient


def make_tenant(api: SellerlinkClient, operator: SellerlinkClient, table: Any, name: str) -> Tenant:
    created = operator.post("/v1/accounts", {"name": name, "edition": "pro"})
    admin = api.with_key(created["admin_key"]["key"])
    account_id = created["account"]["account_id"]
    program_id = admin.post("/v1/programs", program_body())["program_id"]
    write_onboarding(table, account_id, program_id, CATALOG, [INACTIVE_ASIN])
    admin.call("PUT", f"/v1/programs/{program_id}/terms", json=default_terms())
    admin.post(f"/v1/programs/{program_id}/activate")
    joined = operator.post("/v1/partners", {"name": f"{name} partner", "website": "https://p.example"})
    partner = api.with_key(joined["key"]["key"])
    partner_id = joined["partner"]["partner_id"]
    partner.post(f"/v1/programs/{program_id}/applications")
    admin.post(f"/v1/programs/{program_id}/partners/{partner_id}/approve")
    link = partner.post(f"/v1/programs/{program_id}/links", {"asin": CATALOG[0]})
    endpoint = admin.post(
        f"/v1/programs/{program_id}/webhooks",
        {"url": "http://127.0.0.1:9/hooks", "event_types": ["action.created"]},
    )["endpoint"]
    key = admin.post("/v1/keys", {"role": "viewer", "name": "auditor"})
    ids = {
        "program_id": program_id,
        "partner_id": partner_id,
        "link_id": link["link_id"],
        "endpoint_id": endpoint["endpoint_id"],
        "key_id": key["key_id"],
        "account_id": account_id,
    }
    return Tenant(admin, key["key"], ids, partner)


@pytest.fixture(scope="module")
def tenants(api: SellerlinkClient, operator: SellerlinkClient, table: Any) -> tuple[Tenant, Tenant]:
    return make_tenant(api, operator, table, "Fuzzed brand"), make_tenant(api, operator, table, "Other brand")


def call(case: Any, stack: Any, key: str) -> Any:
    return case.call_and_validate(
        base_url=stack.api_url, headers={"Authorization": f"Bearer {key}"}, checks=CHECKS, timeout=60
    )


def keyed(operation: Any) -> bool:
    return (operation.path, operation.method.lower()) not in PUBLIC_ROUTES


@pytest.mark.parametrize("who", ["brand admin", "partner"])
@pytest.mark.parametrize("operation", OPERATIONS, ids=lambda op: f"{op.method.upper()} {op.path}")
def test_no_5xx_and_every_answer_as_documented(
    operation: Any, who: str, tenants: tuple[Tenant, Tenant], stack: Any
) -> None:
    tenant = tenants[0]
    key = str((tenant.admin if who == "brand admin" else tenant.partner).key)
    known = {name: value for name, value in tenant.ids.items() if "{" + name + "}" in operation.path}
    strategy = operation.as_strategy(GenerationMode.POSITIVE, path_parameters=known or None) | (
        operation.as_strategy(GenerationMode.NEGATIVE)
    )

    @settings(BOUNDED, max_examples=FUZZ_EXAMPLES)
    @given(case=strategy)
    def fuzz(case: Any) -> None:
        call(case, stack, key)

    fuzz()


# Applying is how any partner becomes a member: it is open to non-members by design.
OPEN_TO_ANY_PARTNER = {("post", "/v1/programs/{program_id}/applications")}
FOREIGN_CALLS = [
    pytest.param(op, who, id=f"{op.method.upper()} {op.path} as {who}")
    for op in OPERATIONS
    if "{" in op.path and keyed(op)
    for who in ("other admin", "other viewer", "non-member partner")
    if not (who == "non-member partner" and (op.method.lower(), op.path) in OPEN_TO_ANY_PARTNER)
]


@pytest.mark.parametrize(("operation", "who"), FOREIGN_CALLS)
def test_another_tenant_never_gets_a_2xx_or_the_brands_data(
    operation: Any, who: str, tenants: tuple[Tenant, Tenant], stack: Any
) -> None:
    owner, other = tenants
    keys = {
        "other admin": str(other.admin.key),
        "other viewer": other.viewer_key,
        "non-member partner": str(other.partner.key),
    }
    ids = {name: value for name, value in owner.ids.items() if "{" + name + "}" in operation.path}

    @settings(BOUNDED, max_examples=TENANCY_EXAMPLES)
    @given(case=operation.as_strategy(GenerationMode.POSITIVE, path_parameters=ids))
    def foreign(case: Any) -> None:
        response = case.call(base_url=stack.api_url, headers={"Authorization": f"Bearer {keys[who]}"})
        assert not 200 <= response.status_code < 300, (who, response.status_code, response.text[:300])
        asked = set(ids.values())  # a 404 may name what was asked for; nothing else of the brand's
        leaked = [value for value in owner.ids.values() if value not in asked and value in response.text]
        assert not leaked, (who, response.status_code, leaked, response.text[:300])

    foreign()
