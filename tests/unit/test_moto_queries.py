"""The local stack's per-partition DynamoDB queries answer exactly as moto's whole-table ones."""

from __future__ import annotations

from typing import Any

import pytest
from moto.dynamodb.models.table import Table as MotoTable

from sellerlink.table import Table
from sellerlink_local.stack import moto_queries


@pytest.fixture
def table(table_name: str) -> Table:
    moto_queries.install()
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


def test_a_query_of_an_index_still_sees_the_whole_table(table: Table) -> None:
    found = table.query_all("G", "1", index="GSI1")
    assert [item["SK"] for item in found] == ["OTHER"]
