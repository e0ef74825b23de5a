"""The single DynamoDB table: the one module that speaks to DynamoDB.

Keys are `PK`/`SK`; two generic indexes `GSI1` (`GSI1PK`/`GSI1SK`) and `GSI2`; `expires_at`
is the TTL attribute. Every tenant-owned item's PK starts with `ACCOUNT#<id>`, so one
account can never read another's items by construction.
"""

from __future__ import annotations

import base64
import json
import random
import time
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any, TypeVar

import boto3
from boto3.dynamodb.conditions import ConditionBase, Key
from botocore.exceptions import ClientError

from sellerlink.errors import Unprocessable

Item = dict[str, Any]
T = TypeVar("T")
GET_BATCH, WRITE_BATCH = 100, 25  # keys per BatchGetItem, items per BatchWriteItem (DynamoDB's limits)


# DynamoDB refuses a write that touches an item another transaction holds: a transaction is
# cancelled with reason `TransactionConflict` for that item, a single write fails with
# TransactionConflictException. botocore retries neither, in either retry mode. Its legacy mode
# (its default; nothing here sets `retry_mode`) retries, for DynamoDB, `_retry.json`'s general
# throttling and 5xx policies plus TransactionInProgressException and
# ReplicatedWriteConflictException. Its standard mode retries throttling codes
# (`retries/standard.py`, ThrottledRetryableChecker: TransactionInProgressException, not
# TransactionConflictException), 5xx, and errors the model marks retryable, which DynamoDB's model
# does for neither. So both are retried here.
RETRIED_REASONS = frozenset({"TransactionConflict", "ThrottlingError", "ProvisionedThroughputExceeded"})
NO_REASON = frozenset({None, "None"})
SINGLE_WRITE_CONFLICT = "TransactionConflictException"


@dataclass(frozen=True)
class Backoff:
    """Full-jitter exponential backoff: before retry n (1, 2, ...), a pause drawn evenly between 0
    and min(cap, base * 2^(n-1)) seconds; `attempts` in all, the first one included."""

    base: float = 0.05
    cap: float = 1.0
    attempts: int = 8
    sleep: Callable[[float], None] = time.sleep

    def pause(self, retry: int) -> None:
        self.sleep(random.uniform(0, min(self.cap, self.base * 2 ** (retry - 1))))


class ConditionFailed(Exception):
    """A conditional write found the item in another state; `reasons` per transaction item."""

    def __init__(self, reasons: Sequence[str | None] = ()) -> None:
        super().__init__("condition check failed")
        self.reasons = list(reasons)


@dataclass(frozen=True)
class Page:
    items: list[Item]
    next_cursor: str | None


@dataclass(frozen=True)
class Put:
    item: Item
    condition: str | None = None
    values: Item | None = None  # the condition's placeholders
    names: dict[str, str] | None = None


@dataclass(frozen=True)
class Update:
    key: Item
    expression: str
    values: Item
    condition: str | None = None
    names: dict[str, str] | None = None


class Table:
    def __init__(self, name: str, resource: Any = None, backoff: Backoff | None = None) -> None:
        self._table = (resource or boto3.resource("dynamodb")).Table(name)
        self.name = name
        self._backoff = backoff or Backoff()  # for writes refused by another transaction

    def get(self, pk: str, sk: str) -> Item | None:
        return self._table.get_item(Key={"PK": pk, "SK": sk}, ConsistentRead=True).get("Item")

    def put(
        self,
        item: Item,
        condition: str | None = None,
        values: Item | None = None,
        names: dict[str, str] | None = None,
    ) -> None:
        kwargs: dict[str, Any] = {"Item": item}
        if condition:
            kwargs["ConditionExpression"] = condition
        if values:
            kwargs["ExpressionAttributeValues"] = values
        if names:
            kwargs["ExpressionAttributeNames"] = names
        try:
            self._retried(lambda: self._table.put_item(**kwargs))
        except ClientError as error:
            _raise_condition_failed(error)

    def put_new(self, item: Item) -> bool:
        """Writes the item unless one with its key exists; False when it did (that one is left as is)."""
        try:
            self.put(item, condition="attribute_not_exists(PK)")
        except ConditionFailed:
            return False
        return True

    def update(self, update: Update) -> Item:
        kwargs: dict[str, Any] = {
            "Key": update.key,
            "UpdateExpression": update.expression,
            "ReturnValues": "ALL_NEW",
        }
        if update.values:
            kwargs["ExpressionAttributeValues"] = update.values
        if update.names:
            kwargs["ExpressionAttributeNames"] = update.names
        if update.condition:
            kwargs["ConditionExpression"] = update.condition
        try:
            return dict(self._retried(lambda: self._table.update_item(**kwargs))["Attributes"])
        except ClientError as error:
            _raise_condition_failed(error)
            raise

    def put_many(self, items: Iterable[Item], workers: int = 1) -> None:
        """Unconditional puts, 25 to a request (BatchWriteItem), unprocessed items retried; with
        `workers`, that many requests at a time (a request waits on DynamoDB, not on the CPU)."""
        if workers <= 1:
            with self._table.batch_writer(overwrite_by_pkeys=["PK", "SK"]) as batch:
                for item in items:
                    batch.put_item(Item=item)
            return
        unique = list({(item["PK"], item["SK"]): item for item in items}.values())  # the last put wins
        self._each_batch(self._write_batch, unique, WRITE_BATCH, workers)

    def delete_many(self, keys: Iterable[tuple[str, str]]) -> None:
        """Deletes by key, 25 to a request (BatchWriteItem), unprocessed items retried."""
        with self._table.batch_writer(overwrite_by_pkeys=["PK", "SK"]) as batch:
            for pk, sk in keys:
                batch.delete_item(Key={"PK": pk, "SK": sk})

    def get_many(self, keys: Sequence[tuple[str, str]], workers: int = 1) -> list[Item]:
        """Items by key, 100 to a request (BatchGetItem); missing keys are simply absent. With
        `workers`, that many requests at a time."""
        return [
            item for found in self._each_batch(self._get_batch, keys, GET_BATCH, workers) for item in found
        ]

    def _each_batch(
        self, send: Callable[[Sequence[T]], Any], values: Sequence[T], size: int, workers: int
    ) -> list[Any]:
        batches = [values[start : start + size] for start in range(0, len(values), size)]
        if workers <= 1 or len(batches) <= 1:
            return [send(batch) for batch in batches]
        with ThreadPoolExecutor(min(workers, len(batches))) as pool:  # botocore clients are thread-safe
            return list(pool.map(send, batches))

    def _get_batch(self, keys: Sequence[tuple[str, str]]) -> list[Item]:
        found: list[Item] = []
        pending: Any = {
            self.name: {"Keys": [{"PK": pk, "SK": sk} for pk, sk in keys], "ConsistentRead": True}
        }
        while pending:
            answer = self._table.meta.client.batch_get_item(RequestItems=pending)
            found.extend(answer["Responses"].get(self.name, []))
            pending = answer.get("UnprocessedKeys") or None
        return found

    def _write_batch(self, items: Sequence[Item]) -> None:
        pending: Any = {self.name: [{"PutRequest": {"Item": item}} for item in items]}
        pause = 0.05
        while pending:
            pending = (
                self._table.meta.client.batch_write_item(RequestItems=pending).get("UnprocessedItems") or None
            )
            if pending:  # throttled: back off before sending the rest again
                time.sleep(pause)
                pause = min(pause * 2, 2.0)

    def delete(self, pk: str, sk: str) -> None:
        self._retried(lambda: self._table.delete_item(Key={"PK": pk, "SK": sk}))

    def take(self, pk: str, sk: str) -> Item | None:
        """Deletes the item and returns it, or None when it was not there (single use)."""
        try:
            answer = self._retried(
                lambda: self._table.delete_item(
                    Key={"PK": pk, "SK": sk},
                    ConditionExpression="attribute_exists(PK)",
                    ReturnValues="ALL_OLD",
                )
            )
        except ClientError as error:
            if error.response["Error"]["Code"] == "ConditionalCheckFailedException":
                return None
            raise
        return dict(answer["Attributes"])

    def transact(self, writes: Iterable[Put | Update]) -> None:
        """All writes or none; a failed condition raises ConditionFailed with one reason per write.
        A cancellation only for conflicts with other transactions or throttling (nothing was
        written) is tried again with backoff; still cancelled after the last attempt, its
        ClientError is raised as it came (no condition failed)."""
        items = [_transact_item(self.name, write) for write in writes]
        for retry in range(self._backoff.attempts):
            if retry:
                self._backoff.pause(retry)
            try:
                self._table.meta.client.transact_write_items(TransactItems=items)
                return
            except ClientError as error:
                if error.response["Error"]["Code"] != "TransactionCanceledException":
                    raise
                reasons = [r.get("Code") for r in error.response.get("CancellationReasons", [])]
                if not retried_cancellation(reasons):
                    raise ConditionFailed(reasons) from error
                if retry == self._backoff.attempts - 1:
                    raise

    def _retried(self, write: Callable[[], T]) -> T:
        """A single write, tried again with backoff while a transaction holds its item."""
        for retry in range(self._backoff.attempts - 1):
            try:
                return write()
            except ClientError as error:
                if error.response["Error"]["Code"] != SINGLE_WRITE_CONFLICT:
                    raise
            self._backoff.pause(retry + 1)
        return write()

    def query(
        self,
        pk: str,
        sk_prefix: str = "",
        *,
        index: str | None = None,
        limit: int | None = None,
        cursor: str | None = None,
        newest_first: bool = False,
        sk_between: tuple[str, str] | None = None,
        consistent: bool = False,
    ) -> Page:
        """One page; `sk_between` (inclusive bounds) instead of a prefix reads a range of sort keys;
        `consistent`: a strongly consistent read (the table's, not an index's)."""
        pk_name, sk_name = (f"{index}PK", f"{index}SK") if index else ("PK", "SK")
        condition: ConditionBase = Key(pk_name).eq(pk)
        if sk_between:
            condition = condition & Key(sk_name).between(*sk_between)
        elif sk_prefix:
            condition = condition & Key(sk_name).begins_with(sk_prefix)
        kwargs: dict[str, Any] = {"KeyConditionExpression": condition, "ScanIndexForward": not newest_first}
        if consistent:
            kwargs["ConsistentRead"] = True
        if index:
            kwargs["IndexName"] = index
        if limit:
            kwargs["Limit"] = limit
        if cursor:
            start = decode_cursor(cursor)
            sort_key = str(start.get(sk_name, ""))
            in_range = (
                sort_key.startswith(sk_prefix)
                if not sk_between
                else sk_between[0] <= sort_key <= sk_between[1]
            )
            if start.get(pk_name) != pk or not in_range:
                raise Unprocessable(CURSOR_REFUSED)
            kwargs["ExclusiveStartKey"] = start
        answer = self._table.query(**kwargs)
        last = answer.get("LastEvaluatedKey")
        return Page(items=list(answer.get("Items", [])), next_cursor=encode_cursor(last) if last else None)

    def collect(
        self,
        pk: str,
        pick: Callable[[Item], T | None],
        limit: int,
        cursor: str | None = None,
        *,
        sk_prefix: str = "",
        index: str | None = None,
        sk_between: tuple[str, str] | None = None,
        examine_at_most: int | None = None,
    ) -> tuple[list[T], str | None]:
        """Up to `limit` items that `pick` turns into something (None: left out), from `cursor` on,
        and the cursor after the last item read (None once the range is exhausted). With
        `examine_at_most`, it stops after reading that many items even with fewer picked."""
        picked: list[T] = []
        examined = 0
        while True:
            page = self.query(
                pk, sk_prefix, index=index, limit=max(limit, 100), cursor=cursor, sk_between=sk_between
            )
            for position, item in enumerate(page.items):
                examined += 1
                found = pick(item)
                if found is not None:
                    picked.append(found)
                if len(picked) == limit or examined == examine_at_most:
                    more = position + 1 < len(page.items) or page.next_cursor is not None
                    return picked, encode_cursor(_key_of(item, index)) if more else None
            if page.next_cursor is None:
                return picked, None
            cursor = page.next_cursor

    def query_all(
        self,
        pk: str,
        sk_prefix: str = "",
        *,
        index: str | None = None,
        sk_between: tuple[str, str] | None = None,
        consistent: bool = False,
    ) -> list[Item]:
        items: list[Item] = []
        cursor: str | None = None
        while True:
            page = self.query(
                pk, sk_prefix, index=index, cursor=cursor, sk_between=sk_between, consistent=consistent
            )
            items.extend(page.items)
            if not page.next_cursor:
                return items
            cursor = page.next_cursor


CURSOR_REFUSED = "The cursor is not one this API gave out for this list; start again without it."


def encode_cursor(key: Item) -> str:
    return base64.urlsafe_b64encode(json.dumps(key, default=str).encode()).decode()


def decode_cursor(cursor: str) -> Item:
    try:
        key = json.loads(base64.urlsafe_b64decode(cursor.encode()))
    except ValueError:
        key = None
    if not isinstance(key, dict):
        raise Unprocessable(CURSOR_REFUSED)
    return key


def _key_of(item: Item, index: str | None) -> Item:
    """An item's key as ExclusiveStartKey takes it: the table's, and the index's when read by one."""
    names = ["PK", "SK", *((f"{index}PK", f"{index}SK") if index else ())]
    return {name: item[name] for name in names}


def _transact_item(table: str, write: Put | Update) -> Item:
    if isinstance(write, Put):
        put: Item = {"TableName": table, "Item": write.item}
        if write.condition:
            put["ConditionExpression"] = write.condition
        if write.values:
            put["ExpressionAttributeValues"] = write.values
        if write.names:
            put["ExpressionAttributeNames"] = write.names
        return {"Put": put}
    update: Item = {"TableName": table, "Key": write.key, "UpdateExpression": write.expression}
    if write.values:
        update["ExpressionAttributeValues"] = write.values
    if write.names:
        update["ExpressionAttributeNames"] = write.names
    if write.condition:
        update["ConditionExpression"] = write.condition
    return {"Update": update}


def retried_cancellation(reasons: Sequence[str | None]) -> bool:
    """Whether a cancelled transaction failed only for other transactions or throttling."""
    refused = [reason for reason in reasons if reason not in NO_REASON]
    return bool(refused) and all(reason in RETRIED_REASONS for reason in refused)


def _raise_condition_failed(error: ClientError) -> None:
    if error.response["Error"]["Code"] == "ConditionalCheckFailedException":
        raise ConditionFailed() from error
    raise error
