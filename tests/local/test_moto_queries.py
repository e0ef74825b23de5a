"""The local stack's per-partition DynamoDB queries answer exactly as moto's whole-table ones."""

from __future__ import annotations

from typing import Any

import boto3
import pytest
from moto.dynamodb.models.table import Table as MotoTable

from sellerlink.table import Table
from sellerlink_local.stack import moto_patches


@pytest.fixture
def table(table_name: str) -> Table:
    moto_patches.queries.install()
    table = Table(table_name)
    table.put_many(
        [{"PK": pk, "SK": f"ITEM#{i:03d}", "n": i} for pk in ("A", "B", "C") for i in range(120)]
        + [{"PK": "A", "SK": "OTHER", "GSI1PK": "G", "GSI1SK": "1"}]
    )
    return table


def test_a_query_of_the_table_reads_its_partition_only(table: Table, monkeypatch: Any) -> None:
    # Given a spy on the items moto lists to answer a query (all 361 of the table, unpatched)
    listed: list[int] = []
    installed = MotoTable.all_items

    def spy(self: MotoTable) -> list[Any]:
        items = installed(self)
        listed.append(len(items))
        return items

    monkeypatch.setattr(MotoTable, "all_items", spy)
    # When one partition is queried, page by page, both ways, and a range of another
    forward = table.query_all("B", "ITEM#")
    backward = table.query("B", "ITEM#", limit=5, newest_first=True).items
    between = table.query_all("A", sk_between=("ITEM#010", "ITEM#019"))
    # Then the answers are moto's, and moto listed only the items inside the key condition
    assert [item["n"] for item in forward] == list(range(120))
    assert [item["n"] for item in backward] == [119, 118, 117, 116, 115]
    assert [item["n"] for item in between] == list(range(10, 20))
    assert listed[-1] == 10 and max(listed) == 120


def test_a_query_of_an_index_reads_only_the_items_holding_its_key(
    table: Table, table_name: str, monkeypatch: Any
) -> None:
    # Given a spy on the items moto lists to answer a query (all 361 of the table, unpatched)
    listed: list[int] = []
    installed = MotoTable.all_items

    def spy(self: MotoTable) -> list[Any]:
        items = installed(self)
        listed.append(len(items))
        return items

    monkeypatch.setattr(MotoTable, "all_items", spy)
    client = boto3.client("dynamodb")
    # When an index partition is queried, then gains an item put, one updated in place (its index
    # key set by UpdateItem, in a transaction too), and loses one whose key changed
    assert [item["SK"] for item in table.query_all("G", "1", index="GSI1")] == ["OTHER"]
    table.put({"PK": "B", "SK": "ITEM#200", "GSI1PK": "G", "GSI1SK": "2"})
    for pk, sk, gsi_sk in (("C", "ITEM#007", "3"), ("A", "OTHER", "0")):
        client.update_item(
            TableName=table_name,
            Key={"PK": {"S": pk}, "SK": {"S": sk}},
            UpdateExpression="SET GSI1PK = :g, GSI1SK = :s",
            ExpressionAttributeValues={":g": {"S": "G"}, ":s": {"S": gsi_sk}},
        )
    update = {
        "TableName": table_name,
        "Key": {"PK": {"S": "B"}, "SK": {"S": "ITEM#200"}},
        "UpdateExpression": "SET GSI1PK = :h",
        "ExpressionAttributeValues": {":h": {"S": "H"}},
    }
    client.transact_write_items(TransactItems=[{"Update": update}])
    # Then the index answers as DynamoDB would, and moto listed only the partition's holders
    found = table.query_all("G", index="GSI1")
    assert [(item["GSI1SK"], item["SK"]) for item in found] == [("0", "OTHER"), ("3", "ITEM#007")]
    assert [item["SK"] for item in table.query_all("H", index="GSI1")] == ["ITEM#200"]
    assert max(listed) <= 3


@pytest.mark.parametrize("newest_first", [False, True])
def test_pages_follow_each_other_without_gap_or_repeat_either_way(table: Table, newest_first: bool) -> None:
    seen: list[int] = []
    cursor = None
    while True:
        page = table.query("C", "ITEM#", limit=50, newest_first=newest_first, cursor=cursor)
        seen += [item["n"] for item in page.items]
        cursor = page.next_cursor
        if cursor is None:
            break
    assert seen == sorted(range(120), reverse=newest_first)


def test_items_put_and_deleted_after_a_query_are_seen_by_the_next(table: Table) -> None:
    # Given a partition already queried (its sort keys indexed)
    assert len(table.query_all("B", "ITEM#")) == 120
    # When an item is added in the middle, one deleted, and one overwritten
    table.put({"PK": "B", "SK": "ITEM#050a", "n": 1000})
    table.delete("B", "ITEM#051")
    table.put({"PK": "B", "SK": "ITEM#052", "n": 2000})
    # Then a range query sees exactly that
    found = table.query_all("B", sk_between=("ITEM#049", "ITEM#053"))
    assert [(item["SK"], item["n"]) for item in found] == [
        ("ITEM#049", 49),
        ("ITEM#050", 50),
        ("ITEM#050a", 1000),
        ("ITEM#052", 2000),
        ("ITEM#053", 53),
    ]


@pytest.mark.parametrize(
    ("condition", "expected"),
    [
        ("SK = :v", [40]),
        ("SK < :v", list(range(40))),
        ("SK <= :v", list(range(41))),
        ("SK > :v", [*range(41, 120), "OTHER"]),
        ("SK >= :v", [*range(40, 120), "OTHER"]),
        ("begins_with(SK, :p)", list(range(40, 50))),
    ],
)
def test_every_sort_key_condition_keeps_what_dynamodb_keeps(
    table: Table, table_name: str, condition: str, expected: list[int | str]
) -> None:
    client = boto3.client("dynamodb")
    values = {":pk": {"S": "A"}, ":v": {"S": "ITEM#040"}, ":p": {"S": "ITEM#04"}}
    expression = f"PK = :pk AND {condition}"
    used = {name: value for name, value in values.items() if name in expression}
    pages = client.get_paginator("query").paginate(
        TableName=table_name,
        KeyConditionExpression=expression,
        ExpressionAttributeValues=used,
        PaginationConfig={"PageSize": 7},
    )
    found = [
        int(item["n"]["N"]) if "n" in item else item["SK"]["S"] for page in pages for item in page["Items"]
    ]
    assert found == expected


def test_an_old_style_query_filter_with_a_limit_pages_through_everything(
    table: Table, table_name: str
) -> None:
    client = boto3.client("dynamodb")
    pages = client.get_paginator("query").paginate(
        TableName=table_name,
        KeyConditions={"PK": {"AttributeValueList": [{"S": "C"}], "ComparisonOperator": "EQ"}},
        QueryFilter={"n": {"AttributeValueList": [{"N": "100"}], "ComparisonOperator": "GE"}},
        PaginationConfig={"PageSize": 3},
    )
    assert [int(item["n"]["N"]) for page in pages for item in page["Items"]] == list(range(100, 120))
