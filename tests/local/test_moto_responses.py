"""The local stack's direct DynamoDB answers equal moto's generic ones, for every attribute type."""

from __future__ import annotations

from typing import Any

import boto3
import pytest
from moto.core.serialize import ResponseSerializer

from sellerlink_local.stack import moto_patches

ITEM = {
    "PK": {"S": "P"},
    "SK": {"S": "1"},
    "n": {"N": "1.5"},  # as DynamoDB stores it (tests/local/test_moto_numbers.py)
    "b": {"B": b"\x00\xffbinary"},
    "yes": {"BOOL": True},
    "none": {"NULL": True},
    "ss": {"SS": ["a", "b"]},
    "ns": {"NS": ["1", "2"]},
    "bs": {"BS": [b"x", b"\x01"]},
    "l": {"L": [{"S": "x"}, {"B": b"y"}, {"M": {"q": {"N": "3"}}}]},
    "m": {"M": {"k": {"B": b"\x02"}, "e": {"L": []}, "empty": {"M": {}}}},
}


@pytest.fixture
def dynamodb(table_name: str) -> Any:
    moto_patches.responses.install()
    client = boto3.client("dynamodb")
    client.put_item(TableName=table_name, Item=ITEM)
    return client


def same_sets(item: dict[str, Any]) -> dict[str, Any]:
    """Sets come back in any order."""
    return {
        k: {t: sorted(v) if t in ("SS", "NS", "BS") else v for t, v in value.items()}
        for k, value in item.items()
    }


def test_every_attribute_type_comes_back_as_it_was_written(dynamodb: Any, table_name: str) -> None:
    got = dynamodb.get_item(TableName=table_name, Key={"PK": {"S": "P"}, "SK": {"S": "1"}})["Item"]
    queried = dynamodb.query(
        TableName=table_name,
        KeyConditionExpression="PK = :p",
        ExpressionAttributeValues={":p": {"S": "P"}},
    )
    assert same_sets(got) == same_sets(ITEM)
    assert same_sets(queried["Items"][0]) == same_sets(ITEM) and queried["Count"] == 1


def test_an_items_attributes_are_not_walked_one_by_one_through_the_service_model(
    dynamodb: Any, table_name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Given 50 items of 12 attributes and a count of the generic serializer's value look-ups
    for n in range(50):
        item = {"PK": {"S": "Q"}, "SK": {"S": f"{n:03d}"}, **{f"a{i}": {"S": "v"} for i in range(10)}}
        dynamodb.put_item(TableName=table_name, Item=item)
    looked_up = 0
    original = ResponseSerializer.get_value

    def counting(self: ResponseSerializer, *args: Any) -> Any:
        nonlocal looked_up
        looked_up += 1
        return original(self, *args)

    monkeypatch.setattr(ResponseSerializer, "get_value", counting)
    # When they are queried
    answer = dynamodb.query(
        TableName=table_name, KeyConditionExpression="PK = :q", ExpressionAttributeValues={":q": {"S": "Q"}}
    )
    # Then every item came back, for a handful of look-ups (600 values would take at least 600)
    assert len(answer["Items"]) == 50
    assert looked_up < 50
