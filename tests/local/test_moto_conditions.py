"""The local stack parses each distinct condition expression once, and it still decides per item
and refuses a malformed condition each time."""

from __future__ import annotations

from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError
from moto.dynamodb.comparisons import ConditionExpressionParser

from sellerlink_local.stack import moto_patches


@pytest.fixture
def parses(table_name: str, monkeypatch: pytest.MonkeyPatch) -> list[str | None]:
    moto_patches.install()
    moto_patches.conditions._parses.clear()
    made: list[str | None] = []
    parse = ConditionExpressionParser.parse

    def counted(parser: ConditionExpressionParser) -> Any:
        made.append(parser.condition_expression)
        return parse(parser)

    monkeypatch.setattr(ConditionExpressionParser, "parse", counted)
    return made


def put_new(table_name: str, sk: str, condition: str = "attribute_not_exists(PK)") -> None:
    boto3.client("dynamodb").put_item(
        TableName=table_name, Item={"PK": {"S": "P"}, "SK": {"S": sk}}, ConditionExpression=condition
    )


def test_a_condition_is_parsed_once_and_decides_for_each_item(
    table_name: str, parses: list[str | None]
) -> None:
    # Given two puts of new items and one of an item already there, all under the same condition
    put_new(table_name, "a")
    put_new(table_name, "b")
    with pytest.raises(ClientError) as taken:
        put_new(table_name, "a")
    # Then the held item refused the third, and moto parsed the condition once
    assert taken.value.response["Error"]["Code"] == "ConditionalCheckFailedException"
    assert parses == ["attribute_not_exists(PK)"]


def test_a_transaction_parses_its_condition_once_for_all_its_items(
    table_name: str, parses: list[str | None]
) -> None:
    puts = [
        {
            "Put": {
                "TableName": table_name,
                "Item": {"PK": {"S": "P"}, "SK": {"S": f"t{i}"}},
                "ConditionExpression": "attribute_not_exists(PK)",
            }
        }
        for i in range(50)
    ]
    boto3.client("dynamodb").transact_write_items(TransactItems=puts)
    assert parses == ["attribute_not_exists(PK)"]


def test_values_are_part_of_the_condition(table_name: str, parses: list[str | None]) -> None:
    client = boto3.client("dynamodb")
    client.put_item(TableName=table_name, Item={"PK": {"S": "P"}, "SK": {"S": "v"}, "n": {"N": "1"}})

    def set_if(expected: str) -> None:
        client.update_item(
            TableName=table_name,
            Key={"PK": {"S": "P"}, "SK": {"S": "v"}},
            UpdateExpression="SET m = :m",
            ConditionExpression="n = :n",
            ExpressionAttributeValues={":m": {"S": "x"}, ":n": {"N": expected}},
        )

    set_if("1")
    with pytest.raises(ClientError) as refused:
        set_if("2")
    assert refused.value.response["Error"]["Code"] == "ConditionalCheckFailedException"


def test_a_malformed_condition_is_refused_every_time(table_name: str, parses: list[str | None]) -> None:
    # moto raises its parser's own error for a condition it cannot read (the server answers 500)
    for _ in range(2):
        with pytest.raises(ValueError, match="Wrong number of arguments"):
            put_new(table_name, "m", condition="begins_with(PK)")
    assert parses == ["begins_with(PK)", "begins_with(PK)"]
    assert moto_patches.conditions._parses == {}
