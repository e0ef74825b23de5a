"""The local stack stores a number as DynamoDB stores it (`7.00` is answered as `7`), on every write
path and wherever the number sits in an item, and still finds an item by a number key however
the key's number is written."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError
from moto.dynamodb.models.dynamo_type import DynamoType

from sellerlink.table import Table
from sellerlink_local.stack import moto_patches
from sellerlink_local.stack.moto_patches.numbers import stored
from sellerlink_local.stack.moto_patches.transactions import ongoing

# As written, and as DynamoDB answers it
NUMBERS = {
    "7.00": "7",
    "1.50": "1.5",
    "100": "100",
    "0.000": "0",
    "-0.0": "0",
    "-0": "0",
    "1E+2": "100",
    "1.5e2": "150",
    "2.5E-3": "0.0025",
    "007.10": "7.1",
    "-12.3400": "-12.34",
    "123456789.1234567890": "123456789.123456789",
}
KEY = {"PK": {"S": "N"}, "SK": {"S": "numbers"}}
Write = Callable[[Any, str, dict[str, Any]], None]


def as_written() -> dict[str, Any]:
    """One attribute per number, the same numbers nested in a map and a list, and as a set."""
    top = {f"n{i}": {"N": text} for i, text in enumerate(NUMBERS)}
    return {
        **top,
        "nested": {"M": {"map": {"M": top}, "list": {"L": [{"N": text} for text in NUMBERS]}}},
        "set": {"NS": ["7.00", "1.50", "1E+3", "-0.5"]},
    }


def as_dynamodb_answers() -> dict[str, Any]:
    top = {f"n{i}": {"N": answer} for i, answer in enumerate(NUMBERS.values())}
    return {
        **top,
        "nested": {"M": {"map": {"M": top}, "list": {"L": [{"N": a} for a in NUMBERS.values()]}}},
        "set": {"NS": ["7", "1.5", "1000", "-0.5"]},
    }


def put_item(client: Any, table_name: str, attributes: dict[str, Any]) -> None:
    client.put_item(TableName=table_name, Item={**KEY, **attributes})


def batch_write(client: Any, table_name: str, attributes: dict[str, Any]) -> None:
    request = {"PutRequest": {"Item": {**KEY, **attributes}}}
    client.batch_write_item(RequestItems={table_name: [request]})


def transaction_put(client: Any, table_name: str, attributes: dict[str, Any]) -> None:
    put = {"TableName": table_name, "Item": {**KEY, **attributes}}
    client.transact_write_items(TransactItems=[{"Put": put}])


def setting(table_name: str, attributes: dict[str, Any]) -> dict[str, Any]:
    """An update of the item: `SET #a0 = :a0, ...`, one action per attribute."""
    return {
        "TableName": table_name,
        "Key": KEY,
        "UpdateExpression": "SET " + ", ".join(f"#a{i} = :a{i}" for i in range(len(attributes))),
        "ExpressionAttributeNames": {f"#a{i}": name for i, name in enumerate(attributes)},
        "ExpressionAttributeValues": {f":a{i}": value for i, value in enumerate(attributes.values())},
    }


def update(client: Any, table_name: str, attributes: dict[str, Any]) -> None:
    """The local stack's plain update (`updates`)."""
    client.update_item(**setting(table_name, attributes))


def update_by_moto(client: Any, table_name: str, attributes: dict[str, Any]) -> None:
    """moto's parsed update (a condition takes it there)."""
    client.update_item(**setting(table_name, attributes), ConditionExpression="attribute_not_exists(SK)")


def transaction_update(client: Any, table_name: str, attributes: dict[str, Any]) -> None:
    client.transact_write_items(TransactItems=[{"Update": setting(table_name, attributes)}])


@pytest.fixture
def client(table_name: str) -> Any:
    moto_patches.install()
    return boto3.client("dynamodb")


def read(client: Any, table_name: str) -> dict[str, Any]:
    item = client.get_item(TableName=table_name, Key=KEY, ConsistentRead=True)["Item"]
    return {name: value for name, value in item.items() if name not in KEY}


def sorted_sets(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: sorted(v) if k == "NS" else sorted_sets(v) for k, v in value.items()}
    if isinstance(value, list):
        return [sorted_sets(v) for v in value]
    return value


@pytest.mark.parametrize(
    "write",
    [put_item, batch_write, transaction_put, update, update_by_moto, transaction_update],
    ids=lambda write: write.__name__,
)
def test_every_number_is_answered_as_dynamodb_stores_it(client: Any, table_name: str, write: Write) -> None:
    # When numbers are written with trailing zeros, exponents and negative zeros, alone and nested
    write(client, table_name, as_written())
    # Then each reads back as DynamoDB answers it
    assert sorted_sets(read(client, table_name)) == sorted_sets(as_dynamodb_answers())


@pytest.mark.parametrize("condition", [None, "attribute_exists(SK)"], ids=["plain", "by moto"])
def test_a_sum_is_answered_as_dynamodb_stores_it(client: Any, table_name: str, condition: str | None) -> None:
    # Given amounts written with cents
    put_item(client, table_name, {"amount": {"N": "7.25"}, "half": {"N": "1.50"}})
    # When 2.75 is added (the local stack's plain ADD, or moto's parser with a condition)
    request: dict[str, Any] = {
        "TableName": table_name,
        "Key": KEY,
        "UpdateExpression": "ADD amount :x",
        "ExpressionAttributeValues": {":x": {"N": "2.75"}},
    }
    client.update_item(**request, **({"ConditionExpression": condition} if condition else {}))
    # And a sum is computed by an update expression (1.5 + 1.5 is 3.0 in Decimal)
    client.update_item(TableName=table_name, Key=KEY, UpdateExpression="SET whole = half + half")
    # Then the sums are answered without trailing zeros
    assert read(client, table_name) == {"amount": {"N": "10"}, "half": {"N": "1.5"}, "whole": {"N": "3"}}


def test_a_number_set_gains_a_member_as_dynamodb_stores_it(client: Any, table_name: str) -> None:
    put_item(client, table_name, {"set": {"NS": ["1.50"]}})
    client.update_item(
        TableName=table_name,
        Key=KEY,
        UpdateExpression="ADD #s :more",
        ExpressionAttributeNames={"#s": "set"},
        ExpressionAttributeValues={":more": {"NS": ["1.5", "2.00"]}},
    )
    assert sorted_sets(read(client, table_name)) == {"set": {"NS": ["1.5", "2"]}}


def test_the_resource_reads_decimals_without_trailing_zeros(table_name: str) -> None:
    # Given money written as Decimals with cents, as boto3's resource writes them
    moto_patches.install()
    table = Table(table_name)
    table.put({"PK": "N", "SK": "money", "amount": Decimal("7.00"), "rate": Decimal("0.080")})
    # Then it reads back as AWS would answer it
    held = table.get("N", "money")
    assert held is not None
    assert (str(held["amount"]), str(held["rate"])) == ("7", "0.08")


def test_without_the_correction_moto_keeps_the_text_it_was_sent(
    client: Any, table_name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Given moto's own way of making a value
    monkeypatch.setattr(DynamoType, "__init__", DynamoType.__init__.__wrapped__)  # type: ignore[attr-defined]
    # When numbers are written
    put_item(client, table_name, as_written())
    # Then they read back as sent, which AWS never answers
    assert read(client, table_name) == as_written()


def test_what_is_not_a_number_in_dynamodbs_range_is_left_to_moto(client: Any, table_name: str) -> None:
    assert [stored(text) for text in ("abc", "NaN", "Infinity", " 7", "1E+999999", "1E-200")] == [
        "abc",
        "NaN",
        "Infinity",
        " 7",
        "1E+999999",
        "1E-200",
    ]
    for text in ("abc", "NaN", " 7", "1E+130"):
        with pytest.raises(ClientError) as refused:
            put_item(client, table_name, {"n": {"N": text}})
        assert refused.value.response["Error"]["Code"] == "ValidationException"


@pytest.fixture
def numbered(client: Any) -> str:
    """A table whose keys are numbers (Sellerlink's are not)."""
    client.create_table(
        TableName="numbered",
        KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}, {"AttributeName": "at", "KeyType": "RANGE"}],
        AttributeDefinitions=[
            {"AttributeName": "id", "AttributeType": "N"},
            {"AttributeName": "at", "AttributeType": "N"},
        ],
        BillingMode="PAY_PER_REQUEST",
    )
    return "numbered"


def test_a_number_key_finds_its_item_however_it_is_written(client: Any, numbered: str) -> None:
    # Given an item written under the key (7.00, 1.50)
    client.put_item(TableName=numbered, Item={"id": {"N": "7.00"}, "at": {"N": "1.50"}, "v": {"S": "a"}})
    # Then it is found, and answers its key, as DynamoDB stores it
    found = client.get_item(TableName=numbered, Key={"id": {"N": "7"}, "at": {"N": "1.5"}})["Item"]
    assert found == {"id": {"N": "7"}, "at": {"N": "1.5"}, "v": {"S": "a"}}
    queried = client.query(
        TableName=numbered,
        KeyConditionExpression="id = :id AND #at BETWEEN :low AND :high",
        ExpressionAttributeNames={"#at": "at"},
        ExpressionAttributeValues={":id": {"N": "7.0"}, ":low": {"N": "1.500"}, ":high": {"N": "1E+1"}},
    )["Items"]
    assert queried == [found]
    # And a write under another spelling of the key replaces it rather than adding one
    client.put_item(TableName=numbered, Item={"id": {"N": "7"}, "at": {"N": "1.5"}, "v": {"S": "b"}})
    assert client.scan(TableName=numbered)["Items"] == [{**found, "v": {"S": "b"}}]


def test_a_number_key_held_by_a_transaction_is_held_however_it_is_written(client: Any, numbered: str) -> None:
    with ongoing(numbered, {"id": {"N": "7"}, "at": {"N": "1.5"}}), pytest.raises(ClientError) as refused:
        client.put_item(TableName=numbered, Item={"id": {"N": "7.00"}, "at": {"N": "1.50"}})
    assert refused.value.response["Error"]["Code"] == "TransactionConflictException"
