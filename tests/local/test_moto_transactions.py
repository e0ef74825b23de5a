"""The local stack's cheaper DynamoDB transactions keep DynamoDB's all-or-nothing behaviour."""

from __future__ import annotations

import pytest

from sellerlink.table import ConditionFailed, Put, Table, Update
from sellerlink_local.stack import moto_patches


@pytest.fixture
def table(table_name: str) -> Table:
    moto_patches.transactions.install()
    table = Table(table_name)
    table.put({"PK": "A", "SK": "count", "n": 1})
    table.put({"PK": "A", "SK": "taken", "v": "old"})
    return table


def test_a_cancelled_transaction_leaves_every_item_as_it_was(table: Table) -> None:
    # Given a transaction whose last write's condition fails
    writes = [
        Put({"PK": "A", "SK": "new", "v": "x"}, condition="attribute_not_exists(PK)"),
        Update({"PK": "A", "SK": "count"}, "SET n = n + :one", {":one": 1}),
        Put({"PK": "A", "SK": "taken", "v": "mine"}, condition="attribute_not_exists(PK)"),
    ]
    # When it runs
    with pytest.raises(ConditionFailed) as cancelled:
        table.transact(writes)
    # Then nothing of it stayed, and the reason names the failed write
    assert cancelled.value.reasons == ["None", "None", "ConditionalCheckFailed"] or cancelled.value.reasons[
        2
    ] == ("ConditionalCheckFailed")
    assert table.get("A", "new") is None
    assert table.get("A", "count")["n"] == 1  # type: ignore[index]
    assert table.get("A", "taken")["v"] == "old"  # type: ignore[index]


def test_a_transaction_that_succeeds_writes_everything(table: Table) -> None:
    table.transact(
        [
            Put({"PK": "A", "SK": "new", "v": "x"}, condition="attribute_not_exists(PK)"),
            Update({"PK": "A", "SK": "count"}, "SET n = n + :one", {":one": 1}),
        ]
    )
    assert table.get("A", "new") is not None and table.get("A", "count")["n"] == 2  # type: ignore[index]
