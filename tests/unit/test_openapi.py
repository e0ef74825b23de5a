"""The committed OpenAPI document is the one the code generates."""

from __future__ import annotations

import json

from openapi_spec_validator import validate

from sellerlink.api.openapi import render
from sellerlink_local.stack.cloudformation import ROOT


def test_the_committed_openapi_document_is_current() -> None:
    committed = (ROOT / "openapi.json").read_text()
    assert committed == render(), "openapi.json is stale: run `make openapi` and commit it"


def test_the_document_is_valid_openapi() -> None:
    validate(json.loads(render()))


def test_every_error_is_documented_as_problem_json() -> None:
    document = json.loads(render())
    create = document["paths"]["/v1/programs"]["post"]["responses"]
    assert set(create) >= {"401", "403", "409", "422"}
    assert "application/problem+json" in create["422"]["content"]


def operations() -> list[tuple[str, str, dict]]:
    document = json.loads(render())
    return [(path, method, op) for path, ops in document["paths"].items() for method, op in ops.items()]


def test_every_operation_has_a_description_and_documents_its_success_with_a_schema() -> None:
    always_refused = {("/v1/programs/{program_id}/promo-codes", "post")}  # 422: no promo-code data
    for path, method, operation in operations():
        assert operation.get("description"), (path, method)
        successes = {status: answer for status, answer in operation["responses"].items() if status < "400"}
        if (path, method) in always_refused:
            assert not successes
            continue
        assert successes, (path, method)
        for status, answer in successes.items():
            assert answer["description"] and answer["description"] != "Successful Response", (path, method)
            if status not in ("204", "302"):
                assert all(c.get("schema") for c in answer["content"].values()), (path, method, status)


def test_api_gateways_own_answers_are_documented_as_they_come_back() -> None:
    gateway = {"$ref": "#/components/schemas/GatewayMessage"}
    for path, method, operation in operations():
        answers = operation["responses"]
        assert answers["414"]["content"] == {"application/json": {"schema": gateway}}, (path, method)
        assert answers["404"]["content"]["application/json"]["schema"] == gateway
        assert answers["500"]["content"]["application/json"]["schema"] == gateway
        if "requestBody" in operation:
            assert answers["413"]["content"] == {"application/json": {"schema": gateway}}
            assert (
                set(answers["400"]["content"])
                == set(answers["415"]["content"])
                == {"application/problem+json"}
            )


def test_the_oauth_pages_are_documented_as_html() -> None:
    for path, _, operation in operations():
        if path.startswith("/oauth/"):
            assert operation["responses"]["400"]["content"] == {"text/html": {"schema": {"type": "string"}}}
            assert operation["security"] == [] and "401" not in operation["responses"]
