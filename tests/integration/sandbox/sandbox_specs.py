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
