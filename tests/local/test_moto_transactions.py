"""The local stack's cheaper DynamoDB transactions keep DynamoDB's all-or-nothing behaviour, and
refuse what DynamoDB refuses while a transaction holds an item."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError
from moto.dynamodb.models import DynamoDBBackend

from sellerlink.table import ConditionFailed, Put, Table, Update
from sellerlink_local.stack import moto_patches
from sellerlink_local.stack.moto_patches.transactions import ONGOING, ongoing


@pytest.fixture
def table(table_name: str) -> Table:
    moto_patches.transactions.install()
    table = Table(table_name)
    table.put({"PK": "A", "SK": "count", "n": 1})
    table.put({"PK": "A", "SK": "taken", "v": "old"})
    return table


@pytest.fixture
def client(table: Table) -> Any:
    return boto3.client("dynamodb")


def key(sk: str) -> dict[str, Any]:
    return {"PK": {"S": "A"}, "SK": {"S": sk}}


def put(table: Table, sk: str, value: str) -> dict[str, Any]:
    return {"Put": {"TableName": table.name, "Item": {**key(sk), "v": {"S": value}}}}


def add_one(table: Table, sk: str) -> dict[str, Any]:
    return {
        "Update": {
            "TableName": table.name,
            "Key": key(sk),
            "UpdateExpression": "ADD n :one",
            "ExpressionAttributeValues": {":one": {"N": "1"}},
        }
    }


def meanwhile(monkeypatch: pytest.MonkeyPatch, action: Callable[[], Any], sk: str = "count") -> list[Any]:
    """Runs `action` once, at the moment the emulator is about to change item `A`/`sk` (inside the
    transaction or single write that changes it); its outcome, or the error it raised, is kept."""
    outcomes: list[Any] = []
    started: list[bool] = []

    def hooked(original: Any) -> Any:
        def method(backend: Any, table_name: str, item: dict[str, Any], *args: Any, **kwargs: Any) -> Any:
            if not started and item.get("SK") == {"S": sk}:
                started.append(True)
                try:
                    outcomes.append(action())
                except ClientError as error:
                    outcomes.append(error)
            return original(backend, table_name, item, *args, **kwargs)

        return method

    for name in ("put_item", "update_item"):
        monkeypatch.setattr(DynamoDBBackend, name, hooked(getattr(DynamoDBBackend, name)))
    return outcomes


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
    assert cancelled.value.reasons == ["None", "None", "ConditionalCheckFailed"]
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


def test_a_transaction_touching_an_item_another_one_holds_is_cancelled_and_changes_nothing(
    table: Table, client: Any
) -> None:
    # Given a transaction in flight that holds A/count
    with ongoing(table.name, key("count")), pytest.raises(ClientError) as refused:
        # When another one writes A/new, adds to A/count and overwrites A/taken
        client.transact_write_items(
            TransactItems=[put(table, "new", "x"), add_one(table, "count"), put(table, "taken", "mine")]
        )
    # Then DynamoDB's cancellation comes back: a conflict on A/count, no reason for the others
    error = refused.value.response
    assert error["Error"]["Code"] == "TransactionCanceledException"
    assert error["ResponseMetadata"]["HTTPStatusCode"] == 400
    assert error["CancellationReasons"] == [
        {"Code": "None"},
        {"Code": "TransactionConflict", "Message": ONGOING},
        {"Code": "None"},
    ]
    assert "[None, TransactionConflict, None]" in error["Error"]["Message"]
    # And nothing of it was written
    assert table.get("A", "new") is None
    assert table.get("A", "count")["n"] == 1  # type: ignore[index]
    assert table.get("A", "taken")["v"] == "old"  # type: ignore[index]
    # And once the other transaction ended, the same transaction goes through
    client.transact_write_items(TransactItems=[put(table, "new", "x"), add_one(table, "count")])
    assert table.get("A", "count")["n"] == 2  # type: ignore[index]


@pytest.mark.parametrize(
    "write",
    [
        lambda c, t: c.put_item(TableName=t, Item={**key("count"), "n": {"N": "7"}}),
        lambda c, t: c.update_item(
            TableName=t,
            Key=key("count"),
            UpdateExpression="ADD n :one",
            ExpressionAttributeValues={":one": {"N": "1"}},
        ),
        lambda c, t: c.delete_item(TableName=t, Key=key("count")),
    ],
    ids=["PutItem", "UpdateItem", "DeleteItem"],
)
def test_a_single_write_on_an_item_a_transaction_holds_fails_with_a_conflict(
    table: Table, client: Any, write: Callable[[Any, str], Any]
) -> None:
    # Given a transaction in flight that holds A/count
    with ongoing(table.name, key("count")):
        # When a single write changes A/count, or A/taken beside it
        with pytest.raises(ClientError) as refused:
            write(client, table.name)
        client.put_item(TableName=table.name, Item={**key("taken"), "v": {"S": "new"}})
    # Then the write on the held item fails as DynamoDB's does, and changed nothing
    error = refused.value.response
    assert error["Error"] == {"Code": "TransactionConflictException", "Message": ONGOING}
    assert error["ResponseMetadata"]["HTTPStatusCode"] == 400
    assert table.get("A", "count") == {"PK": "A", "SK": "count", "n": 1}
    # And the other item was written
    assert table.get("A", "taken")["v"] == "new"  # type: ignore[index]
    # And once the transaction ended, the write goes through
    write(client, table.name)
    assert table.get("A", "count") != {"PK": "A", "SK": "count", "n": 1}


def test_transactions_on_disjoint_items_run_at_once_and_both_succeed(
    table: Table, client: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Given a second transaction that runs while the first one is changing A/count
    second = meanwhile(
        monkeypatch,
        lambda: client.transact_write_items(TransactItems=[put(table, "other", "y"), add_one(table, "n2")]),
    )
    # When the first one runs
    client.transact_write_items(TransactItems=[put(table, "new", "x"), add_one(table, "count")])
    # Then both succeeded
    assert second and not isinstance(second[0], ClientError)
    assert table.get("A", "new")["v"] == "x" and table.get("A", "count")["n"] == 2  # type: ignore[index]
    assert table.get("A", "other")["v"] == "y" and table.get("A", "n2")["n"] == 1  # type: ignore[index]


def test_a_transaction_that_meets_a_running_one_on_an_item_is_cancelled_and_the_running_one_succeeds(
    table: Table, client: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Given a second transaction on A/taken and A/count, while the first one is changing A/count
    second = meanwhile(
        monkeypatch,
        lambda: client.transact_write_items(
            TransactItems=[put(table, "taken", "y"), add_one(table, "count")]
        ),
    )
    # When the first one runs
    client.transact_write_items(TransactItems=[put(table, "new", "x"), add_one(table, "count")])
    # Then the second was cancelled for its conflict on A/count, and wrote nothing
    assert [r["Code"] for r in second[0].response["CancellationReasons"]] == ["None", "TransactionConflict"]
    assert table.get("A", "taken")["v"] == "old"  # type: ignore[index]
    # And the first one was written whole
    assert table.get("A", "new")["v"] == "x" and table.get("A", "count")["n"] == 2  # type: ignore[index]


def test_a_transaction_on_an_item_a_single_write_is_changing_is_cancelled(
    table: Table, client: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Given a transaction on A/count that runs while a single update is changing A/count
    during = meanwhile(
        monkeypatch, lambda: client.transact_write_items(TransactItems=[add_one(table, "count")])
    )
    # When the single update runs
    client.update_item(
        TableName=table.name,
        Key=key("count"),
        UpdateExpression="ADD n :ten",
        ExpressionAttributeValues={":ten": {"N": "10"}},
    )
    # Then the transaction was cancelled, and only the single update counted
    assert [r["Code"] for r in during[0].response["CancellationReasons"]] == ["TransactionConflict"]
    assert table.get("A", "count")["n"] == 11  # type: ignore[index]


def test_a_transaction_moto_refuses_is_refused_before_any_conflict_and_leaves_nothing(
    table: Table, client: Any
) -> None:
    # Given a transaction that names A/count twice (DynamoDB refuses it), while A/count is held
    with ongoing(table.name, key("count")), pytest.raises(ClientError) as refused:
        client.transact_write_items(
            TransactItems=[put(table, "new", "x"), add_one(table, "count"), add_one(table, "count")]
        )
    # Then the refusal is DynamoDB's validation error, and nothing was written
    assert refused.value.response["Error"]["Code"] == "ValidationException"
    assert table.get("A", "new") is None and table.get("A", "count")["n"] == 1  # type: ignore[index]
