"""The emulator reads DynamoDB attribute values as moto's shape walk reads them, without the walk."""

from __future__ import annotations

import base64
import json
from typing import Any

import boto3
import pytest
from moto.core.parse import BaseJSONParser, JSONParser
from moto.core.responses import get_service_model

from sellerlink_local.stack import moto_patches
from sellerlink_local.stack.moto_patches import attribute_values

EVERY_TYPE: dict[str, Any] = {
    "PK": {"S": "P"},
    "SK": {"S": "every type"},
    "n": {"N": "7.00"},
    "b": {"B": base64.b64encode(b"\x00\xffbytes").decode()},
    "ss": {"SS": ["a", "b"]},
    "ns": {"NS": ["1", "2.5"]},
    "bs": {"BS": [base64.b64encode(b"x").decode()]},
    "m": {"M": {"inner": {"L": [{"S": "s"}, {"N": "1"}, {"M": {"deep": {"BOOL": True}}}]}}},
    "null": {"NULL": True},
    "flag": {"BOOL": False},
}


def parse(body: dict[str, Any], operation: str = "PutItem") -> Any:
    model = get_service_model("dynamodb")
    parser = JSONParser(model.operation_model(operation), map_type=dict)
    request = {
        "method": "POST",
        "values": {},
        "headers": {},
        "body": json.dumps(body).encode(),
        "url_path": "/",
        "url_params": {},
    }
    return parser.parse(request)


def test_attribute_values_read_as_the_shape_walk_reads_them(monkeypatch: pytest.MonkeyPatch) -> None:
    body = {
        "TableName": "T",
        "Item": EVERY_TYPE,
        "ExpressionAttributeValues": {":v": {"S": "x", "extra": None}},
    }
    moto_patches.install()
    fast = parse(body)
    monkeypatch.setattr(BaseJSONParser, "_parse_shape", BaseJSONParser._parse_shape.__wrapped__)  # type: ignore[attr-defined]
    walked = parse(body)
    assert fast == walked
    assert fast["Item"]["b"] == {"B": b"\x00\xffbytes"}


def test_a_value_not_shaped_as_an_attribute_value_is_left_to_moto(monkeypatch: pytest.MonkeyPatch) -> None:
    body = {"TableName": "T", "Item": {"PK": {"S": "P"}, "odd": {"M": {"k": None}, "L": [None]}}}
    moto_patches.install()
    fast = parse(body)
    monkeypatch.setattr(BaseJSONParser, "_parse_shape", BaseJSONParser._parse_shape.__wrapped__)  # type: ignore[attr-defined]
    assert (
        fast
        == parse(body)
        == {"TableName": "T", "Item": {"PK": {"S": "P"}, "odd": {"M": {"k": None}, "L": [None]}}}
    )


def test_an_item_of_every_type_reads_back_whole(table_name: str) -> None:
    moto_patches.install()
    client = boto3.client("dynamodb")  # the client base64-encodes bytes itself
    item = {**EVERY_TYPE, "b": {"B": b"\x00\xffbytes"}, "bs": {"BS": [b"x"]}}
    client.put_item(TableName=table_name, Item=item)
    held = client.get_item(TableName=table_name, Key={"PK": {"S": "P"}, "SK": {"S": "every type"}})["Item"]
    assert held == {**item, "n": {"N": "7"}}  # 7.00 as DynamoDB stores it (test_moto_numbers.py)


def test_a_value_of_two_members_keeps_the_models_order(monkeypatch: pytest.MonkeyPatch) -> None:
    body = {"TableName": "T", "Item": {"PK": {"S": "P"}, "two": {"N": "1", "S": "s"}, "odd": {"X": "1"}}}
    moto_patches.install()
    fast = parse(body)
    monkeypatch.setattr(BaseJSONParser, "_parse_shape", BaseJSONParser._parse_shape.__wrapped__)  # type: ignore[attr-defined]
    walked = parse(body)
    assert fast == walked and list(fast["Item"]["two"]) == list(walked["Item"]["two"]) == ["S", "N"]


def test_maps_of_attribute_values_are_read_in_one_pass_as_the_walk_reads_them(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    body = {"TableName": "T", "Item": EVERY_TYPE, "ExpressionAttributeValues": {":n": None, ":s": {"S": "x"}}}
    moto_patches.install()
    maps: list[Any] = []
    one_pass = attribute_values.attribute_map
    monkeypatch.setattr(
        attribute_values, "attribute_map", lambda node, blob: maps.append(node) or one_pass(node, blob)
    )
    fast = parse(body)
    assert (
        maps[0] is EVERY_TYPE or maps[0] == EVERY_TYPE
    )  # the item: one pass; the values map: walked (a null)
    monkeypatch.setattr(BaseJSONParser, "_parse_shape", BaseJSONParser._parse_shape.__wrapped__)  # type: ignore[attr-defined]
    assert fast == parse(body)
