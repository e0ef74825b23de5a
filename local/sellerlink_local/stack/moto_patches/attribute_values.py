"""DynamoDB requests read by the emulator without walking the service model for every attribute.

moto reads a request by walking botocore's shapes: each attribute value of an item is a structure
of ten members, each looked up and handed to its own parser. A ledger transaction of a hundred
items of twenty attributes spent more time there than in writing them. An attribute value is read
here as the walk reads it (its members in the model's order, absent and null members left out,
binary values base64-decoded, nested maps and lists alike) in one function, and so is a map of
them (an item, a key, expression values); a value that is not
shaped as an attribute value (a malformed request) is left to moto's walk, which refuses it as
before. Installed by the local stack; nothing of it runs in AWS.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import suppress
from functools import cache, wraps
from typing import Any

from moto.core.parse import BaseJSONParser

from .responses import ATTRIBUTE_VALUE, DYNAMODB

MEMBERS = ("S", "N", "B", "SS", "NS", "BS", "M", "L", "NULL", "BOOL")  # the model's order
Blob = Callable[[Any], Any]


class NotAnAttributeValue(Exception):
    """Raised inside the fast read when the request is not shaped as the model says."""


@cache  # once per process
def install() -> None:
    original = BaseJSONParser._parse_shape

    @wraps(original)
    def parse_shape(parser: BaseJSONParser, shape: Any, node: Any) -> Any:
        values = shape.name == ATTRIBUTE_VALUE or _holds_attribute_values(shape)
        if values and parser.operation_model.service_model.service_name in DYNAMODB:
            read = attribute_value if shape.name == ATTRIBUTE_VALUE else attribute_map
            with suppress(NotAnAttributeValue):  # not shaped as the model says: moto's walk answers
                return read(node, parser._blob_parser)
        return original(parser, shape, node)

    BaseJSONParser._parse_shape = parse_shape  # type: ignore[method-assign, assignment]


def _holds_attribute_values(shape: Any) -> bool:
    """An item, a key or expression values: a map of string names to attribute values."""
    return (
        shape.type_name == "map" and shape.value.name == ATTRIBUTE_VALUE and shape.key.type_name == "string"
    )


def attribute_map(node: Any, blob: Blob) -> dict[str, Any]:
    if not isinstance(node, dict):
        raise NotAnAttributeValue
    return {name: attribute_value(value, blob) for name, value in node.items()}


def attribute_value(node: Any, blob: Blob) -> dict[str, Any]:
    if not isinstance(node, dict):
        raise NotAnAttributeValue
    if len(node) == 1:  # a well-formed value: one member, so the model's order cannot matter
        ((name, value),) = node.items()
        return {name: _member(name, value, blob)} if name in MEMBERS and value is not None else {}
    return {name: _member(name, node[name], blob) for name in MEMBERS if node.get(name) is not None}


def _member(name: str, value: Any, blob: Blob) -> Any:
    if name == "M":
        if not isinstance(value, dict):
            raise NotAnAttributeValue
        return {key: attribute_value(inner, blob) for key, inner in value.items()}
    if name == "L":
        return [attribute_value(inner, blob) for inner in _listed(value)]
    if name == "B":
        return blob(value)
    if name == "BS":
        return [blob(inner) for inner in _listed(value)]
    if name in ("SS", "NS"):
        return list(_listed(value))
    return value


def _listed(value: Any) -> list[Any]:
    if not isinstance(value, list):
        raise NotAnAttributeValue
    return value
