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
