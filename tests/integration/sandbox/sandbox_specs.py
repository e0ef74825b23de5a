"""Validators built from the vendored official Amazon schemas (specs/amazon/)."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import yaml
from jsonschema import Draft4Validator

SPECS = Path(__file__).resolve().parents[3] / "specs" / "amazon"


class AttributionSpec:
    """amazon-attribution-openapi.yaml (OpenAPI 3.0): validate bodies against its component schemas."""

    def __init__(self) -> None:
        document = yaml.safe_load((SPECS / "amazon-attribution-openapi.yaml").read_text())
        self.components = copy.deepcopy(document["components"])
        # The spec declares Publisher.id as `type: object` and allOf two strings: no value can
        # satisfy both, and its own example uses a string, so ids are checked as strings.
        self.components["schemas"]["Publisher"]["properties"]["id"] = {"type": "string"}
        # ReportResponse.cursorId is typed string, yet the spec's ReportRequest says the cursor
        # "must be set to null" to mean none: the last page answers null.
        self.components["schemas"]["ReportResponse"]["properties"]["cursorId"] = {"type": ["string", "null"]}

    def validate(self, schema_name: str, body: Any) -> None:
        schema = {"components": self.components, "$ref": f"#/components/schemas/{schema_name}"}
        Draft4Validator(schema).validate(body)


class CatalogSpec:
    """sp-api-catalogItems_2022-04-01.json (Swagger 2.0): validate bodies against its definitions."""

    def __init__(self) -> None:
        self.definitions = json.loads((SPECS / "sp-api-catalogItems_2022-04-01.json").read_text())[
            "definitions"
        ]

    def validate(self, definition: str, body: Any) -> None:
        Draft4Validator({"definitions": self.definitions, "$ref": f"#/definitions/{definition}"}).validate(
            body
        )


class ReportsSpec:
    """sp-api-reports_2021-06-30.json (Swagger 2.0, the part vendored): validate bodies."""

    def __init__(self) -> None:
        self.definitions = json.loads((SPECS / "sp-api-reports_2021-06-30.json").read_text())["definitions"]

    def validate(self, definition: str, body: Any) -> None:
        Draft4Validator({"definitions": self.definitions, "$ref": f"#/definitions/{definition}"}).validate(
            body
        )


def documented_headers() -> dict[tuple[str, str, str], set[str]]:
    """(method, path, status) -> the response headers each vendored SP-API model lists."""
    found: dict[tuple[str, str, str], set[str]] = {}
    for spec in sorted(SPECS.glob("sp-api-*.json")):
        for path, operations in json.loads(spec.read_text())["paths"].items():
            for method, operation in operations.items():
                for status, answer in operation["responses"].items():
                    found[(method, path, status)] = set(answer.get("headers") or {})
    return found
