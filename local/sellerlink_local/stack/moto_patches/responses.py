"""DynamoDB answers from the emulator without walking the service model for every attribute.

moto turns each attribute value of an answer into JSON by walking botocore's shape of
`AttributeValue`, at about 12 µs a value: a query page of 2,500 ledger entries took seconds,
and a ledger step re-reading 30 days of a large program took minutes. moto's items are already
in DynamoDB's wire shape (`{"S": ...}`, `{"N": "1"}`, nested `M`/`L`) except binary values,
which it holds as bytes; this writes such maps out directly, base64-encoding the bytes as the
generic serializer does. Installed by the local stack; nothing of it runs in AWS.
"""

from __future__ import annotations

import base64
from functools import cache, wraps
from typing import Any

from moto.core.serialize import BaseJSONSerializer

ATTRIBUTE_VALUE = "AttributeValue"
DYNAMODB = frozenset({"dynamodb", "dynamodbstreams"})  # other services name a shape AttributeValue too


@cache  # once per process
def install() -> None:
    original = BaseJSONSerializer._serialize_type_map

    @wraps(original)
    def serialize_map(
        serializer: BaseJSONSerializer, serialized: Any, value: Any, shape: Any, key: str
    ) -> None:
        dynamodb = serializer.service_model.service_name in DYNAMODB
        if dynamodb and getattr(shape.value, "name", None) == ATTRIBUTE_VALUE and _is_wire_map(value):
            serializer._default_serialize(
                serialized, {name: _wire(v) for name, v in value.items()}, shape, key
            )
            return
        original(serializer, serialized, value, shape, key)

    BaseJSONSerializer._serialize_type_map = serialize_map  # type: ignore[method-assign, assignment]


def _is_wire_map(value: Any) -> bool:
    return isinstance(value, dict) and all(isinstance(v, dict) and len(v) == 1 for v in value.values())


def _wire(value: Any) -> Any:
    if isinstance(value, bytes):
        return base64.b64encode(value).decode()
    if isinstance(value, dict):
        return {k: _wire(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_wire(v) for v in value]
    return value
