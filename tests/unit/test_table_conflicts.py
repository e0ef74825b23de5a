"""A write that another transaction's item refuses is tried again with backoff: DynamoDB refuses it
while that transaction runs, and botocore does not retry it. The refusals come from the local
stack's correction of moto (`moto_patches.transactions`), which the `aws` fixture installs."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import ExitStack

import pytest
from botocore.exceptions import ClientError

from sellerlink.table import Backoff, ConditionFailed, Put, Table, Update, retried_cancellation
from sellerlink_local.stack.moto_patches.transactions import ongoing

COUNT = {"PK": {"S": "A"}, "SK": {"S": "count"}}


class Pauses:
    """The backoff's sleep: records each pause, and ends the other transaction after `free_after`."""

    def __init__(self, holding: ExitStack, free_after: int | None = None) -> None:
        self.taken: list[float] = []
        self._holding, self._free_after = holding, free_after

    def __call__(self, seconds: float) -> None:
        self.taken.append(seconds)
        if len(self.taken) == self._free_after:
            self._holding.close()


def held_table(table_name: str, free_after: int | None) -> tuple[Table, ExitStack, Pauses]:
    """A table with A/count, and a transaction in flight holding A/count until `free_after` pauses."""
    Table(table_name).put({"PK": "A", "SK": "count", "n": 1})
    holding = ExitStack()
    holding.enter_context(ongoing(table_name, COUNT))
    pauses = Pauses(holding, free_after)
    return Table(table_name, backoff=Backoff(sleep=pauses)), holding, pauses


def add_one() -> Update:
    return Update({"PK": "A", "SK": "count"}, "ADD n :one", {":one": 1})


def test_a_transaction_refused_by_a_running_one_goes_through_once_that_one_ends(table_name: str) -> None:
    # Given a transaction holding A/count that ends after the second pause
    table, holding, pauses = held_table(table_name, free_after=2)
    # When a transaction writes A/new and adds to A/count
    with holding:
        table.transact([Put({"PK": "A", "SK": "new", "v": "x"}), add_one()])
    # Then it went through on its third attempt, once, after pauses of full jitter under 50 and 100 ms
    assert table.get("A", "count")["n"] == 2  # type: ignore[index]
    assert table.get("A", "new") is not None
    assert len(pauses.taken) == 2
    assert 0 <= pauses.taken[0] <= 0.05 and 0 <= pauses.taken[1] <= 0.1


def test_a_transaction_still_refused_after_the_last_attempt_raises_the_cancellation(table_name: str) -> None:
    # Given a transaction holding A/count throughout
    table, holding, pauses = held_table(table_name, free_after=None)
    # When a transaction adds to A/count
    with holding, pytest.raises(ClientError) as refused:
        table.transact([Put({"PK": "A", "SK": "new", "v": "x"}), add_one()])
    # Then it was tried 8 times, with pauses capped at one second, and the cancellation is raised as
    # it came (not as a failed condition: no condition failed), nothing written
    assert refused.value.response["Error"]["Code"] == "TransactionCanceledException"
    assert len(pauses.taken) == 7
    assert all(0 <= pause <= min(1.0, 0.05 * 2**n) for n, pause in enumerate(pauses.taken))
    assert table.get("A", "new") is None and table.get("A", "count")["n"] == 1  # type: ignore[index]


def test_a_failed_condition_is_raised_at_once(table_name: str) -> None:
    # Given A/taken already there, and no other transaction running
    table, holding, pauses = held_table(table_name, free_after=None)
    holding.close()
    table.put({"PK": "A", "SK": "taken"})
    # When a transaction's condition on A/taken fails
    with pytest.raises(ConditionFailed) as failed:
        table.transact([Put({"PK": "A", "SK": "taken"}, condition="attribute_not_exists(PK)"), add_one()])
    # Then it is raised with its reasons, without a retry
    assert failed.value.reasons == ["ConditionalCheckFailed", "None"]
    assert pauses.taken == []
    assert table.get("A", "count")["n"] == 1  # type: ignore[index]


@pytest.mark.parametrize(
    ("write", "count"),
    [
        (lambda table: table.put({"PK": "A", "SK": "count", "n": 5}), 5),
        (lambda table: table.update(add_one()), 2),
        (lambda table: table.delete("A", "count"), None),
        (lambda table: table.take("A", "count"), None),
    ],
    ids=["put", "update", "delete", "take"],
)
def test_a_single_write_refused_by_a_running_transaction_goes_through_once_it_ends(
    table_name: str, write: Callable[[Table], object], count: int | None
) -> None:
    # Given a transaction holding A/count that ends after the first pause
    table, holding, pauses = held_table(table_name, free_after=1)
    # When a single write changes A/count
    with holding:
        write(table)
    # Then it went through on its second attempt
    assert (table.get("A", "count") or {}).get("n") == count
    assert len(pauses.taken) == 1


def test_a_single_write_still_refused_after_the_last_attempt_raises_the_conflict(table_name: str) -> None:
    table, holding, pauses = held_table(table_name, free_after=None)
    with holding, pytest.raises(ClientError) as refused:
        table.update(add_one())
    assert refused.value.response["Error"]["Code"] == "TransactionConflictException"
    assert len(pauses.taken) == 7
    assert table.get("A", "count")["n"] == 1  # type: ignore[index]


@pytest.mark.parametrize(
    ("reasons", "retried"),
    [
        (["None", "TransactionConflict"], True),
        (["ThrottlingError", None], True),
        (["TransactionConflict", "ProvisionedThroughputExceeded"], True),
        (["ConditionalCheckFailed", "TransactionConflict"], False),
        (["ValidationError", "TransactionConflict"], False),
        (["None", "None"], False),
        ([], False),
    ],
)
def test_only_a_cancellation_for_conflicts_or_throttling_is_tried_again(
    reasons: list[str | None], retried: bool
) -> None:
    assert retried_cancellation(reasons) is retried
