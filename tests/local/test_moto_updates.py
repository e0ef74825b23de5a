"""The local stack's plain SET/ADD updates answer exactly as moto's parsed ones, and anything
else still takes moto's path (with DynamoDB's refusals)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError
from moto.dynamodb.parsing.expressions import UpdateExpressionParser

from sellerlink.table import Table, Update
from sellerlink_local.stack import moto_patches

ROLLUP = "SET GSI1PK = :g, GSI1SK = :s, #c = :c ADD amount :x"


@pytest.fixture
def table(table_name: str) -> Table:
    moto_patches.install()
    return Table(table_name)


def rollup(table: Table, sk: str, amount: str) -> None:
    values = {":g": "PARTNER#p", ":s": sk, ":c": "USD", ":x": Decimal(amount)}
    table.update(
        Update(key={"PK": "P", "SK": sk}, expression=ROLLUP, values=values, names={"#c": "currency"})
    )


def test_a_plain_update_is_applied_without_moto_parsing_it(table: Table, monkeypatch: Any) -> None:
    parsed: list[str] = []
    make = UpdateExpressionParser.make
    monkeypatch.setattr(
        UpdateExpressionParser, "make", lambda expression: parsed.append(expression) or make(expression)
    )
    # When a rollup is made and added to twice, the sum exact in Decimal (moto sums floats)
    for amount in ("0.10", "0.20", "1234567890123456789.01"):
        rollup(table, "DAY#1", amount)
    # Then it holds what DynamoDB would, and moto parsed nothing
    item = table.get("P", "DAY#1")
    assert item == {
        "PK": "P",
        "SK": "DAY#1",
        "GSI1PK": "PARTNER#p",
        "GSI1SK": "DAY#1",
        "currency": "USD",
        "amount": Decimal("1234567890123456789.31"),
    }
    assert parsed == []  # the request check's parse of an expression is kept from the first use
    # And the index finds the item an update made
    assert [found["SK"] for found in table.query_all("PARTNER#p", index="GSI1")] == ["DAY#1"]


@pytest.mark.parametrize(
    ("expression", "names", "values", "message"),
    [
        ("SET amount = :x", {}, {":x": {"N": "1"}, ":y": {"N": "2"}}, "unused"),
        ("SET #a = :x", {"#a": "a", "#b": "b"}, {":x": {"N": "1"}}, "unused"),
        ("SET month = :x", {}, {":x": {"S": "2026-03"}}, "reserved keyword"),
        ("SET SK = :x", {}, {":x": {"S": "other"}}, "key"),
        ("ADD label :x", {}, {":x": {"N": "1"}}, "operand"),
        ("SET a = :x SET b = :x", {}, {":x": {"N": "1"}}, "only be used once"),
    ],
)
def test_what_dynamodb_refuses_is_still_refused(
    table: Table,
    table_name: str,
    expression: str,
    names: dict[str, str],
    values: dict[str, Any],
    message: str,
) -> None:
    client = boto3.client("dynamodb")
    key = {"PK": {"S": "P"}, "SK": {"S": "X"}}
    client.put_item(TableName=table_name, Item={**key, "label": {"S": "text"}})
    request: dict[str, Any] = {"TableName": table_name, "Key": key, "UpdateExpression": expression}
    if names:
        request["ExpressionAttributeNames"] = names
    request["ExpressionAttributeValues"] = values
    with pytest.raises(ClientError) as refused:
        client.update_item(**request)
    assert refused.value.response["Error"]["Code"] == "ValidationException"
    assert message in str(refused.value), str(refused.value)
    assert client.get_item(TableName=table_name, Key=key)["Item"] == {**key, "label": {"S": "text"}}
