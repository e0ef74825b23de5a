"""DynamoDB transactions in the emulator as DynamoDB has them: at its cost (per item, not per
table), and refused while another transaction holds one of their items.

Cost: moto backs every transaction up by deep-copying the whole table once per item it touches,
so on one machine a ledger step slows down as the table grows (a 6,000-row pull ran out of
memory). This keeps moto's own transaction logic and replaces only its backup: the items a
transaction touches are kept as they were and put back if it is cancelled.

Conflicts: moto runs concurrent transactions on the same item one after the other, where DynamoDB
refuses them. Here, while a transaction runs, each item it touches (its table and key) is in
flight, in a process-wide registry under a lock, as it is in DynamoDB:
- a transaction touching an item in flight is cancelled before it changes anything
  (`TransactionCanceledException`, reason `TransactionConflict` for each such item and `None` for
  the others);
- a PutItem, UpdateItem or DeleteItem on an item in flight fails with `TransactionConflictException`
  (400, "Transaction is ongoing for the item"); while it runs, its item is busy, and a transaction
  touching it is cancelled as above.
botocore retries neither (`sellerlink.table` does). BatchWriteItem is not checked. `ongoing` holds
an item in flight, for tests. Installed by the local stack; nothing of it runs in AWS.
"""

from __future__ import annotations

import copy
import json
import threading
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from functools import cache, wraps
from typing import Any

import moto.dynamodb.models as dynamodb
from moto.dynamodb.exceptions import ERROR_TYPE_PREFIX, DynamodbException, TransactionCanceledException
from moto.dynamodb.models.table import Table
from moto.dynamodb.responses import DynamoHandler

from .numbers import stored_key

ONGOING = "Transaction is ongoing for the item"
CONFLICT = ("TransactionConflict", ONGOING, None)  # a cancellation reason as moto builds them
NO_REASON = (None, None, None)
MAX_ITEMS = 100  # more: moto's own refusal answers

ItemId = tuple[str, str]  # the table's name, the key as canonical JSON (DynamoDB JSON, numbers as stored)


class TransactionConflict(DynamodbException):
    """DynamoDB's answer to a single write on an item that a running transaction holds."""

    error_type = ERROR_TYPE_PREFIX + "TransactionConflictException"

    def __init__(self) -> None:
        super().__init__(TransactionConflict.error_type, message=ONGOING)


class InFlight:
    """The items that running transactions hold, and those that running single writes change."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._held: set[ItemId] = set()
        self._written: Counter[ItemId] = Counter()

    def hold(self, items: Sequence[ItemId]) -> list[bool]:
        """Holds every item for a transaction and answers no conflict, or holds none and answers
        which of the items are in flight or being written."""
        with self._lock:
            busy = [item in self._held or self._written[item] > 0 for item in items]
            if not any(busy):
                self._held.update(items)
            return busy

    def release(self, items: Sequence[ItemId]) -> None:
        with self._lock:
            self._held.difference_update(items)

    def start_write(self, item: ItemId) -> bool:
        """Marks the item as being written, or False when a transaction holds it."""
        with self._lock:
            if item in self._held:
                return False
            self._written[item] += 1
            return True

    def end_write(self, item: ItemId) -> None:
        with self._lock:
            self._written[item] -= 1
            if self._written[item] <= 0:
                del self._written[item]


IN_FLIGHT = InFlight()  # the process's: every request of the emulator reaches the same backends


@contextmanager
def ongoing(table_name: str, key: dict[str, Any]) -> Iterator[None]:
    """Holds an item (its key in DynamoDB JSON: `{"PK": {"S": "..."}, ...}`) in flight meanwhile,
    as a running transaction would."""
    item = _item_id(table_name, key)
    if any(IN_FLIGHT.hold([item])):
        raise RuntimeError(f"{item} is already in flight")
    try:
        yield
    finally:
        IN_FLIGHT.release([item])


@cache  # once per process
def install() -> None:
    original = dynamodb.DynamoDBBackend.transact_write_items

    @wraps(original)
    def transact_write_items(backend: Any, transact_items: list[dict[str, Any]]) -> None:
        touched = [_touched(backend, item) for item in transact_items]
        ids = [_item_id(table_name, key) if key else None for table_name, key in touched]
        held = [item for item in ids if item is not None]
        if len(transact_items) > MAX_ITEMS or len(set(held)) < len(held):
            # moto refuses it as DynamoDB does, whatever else runs (it may have written an item first)
            _run_restoring(original, backend, transact_items, touched)
            return
        busy = IN_FLIGHT.hold(held)
        if any(busy):
            conflicts = iter(busy)
            reasons = [CONFLICT if item is not None and next(conflicts) else NO_REASON for item in ids]
            raise TransactionCanceledException(reasons)
        try:
            _run_restoring(original, backend, transact_items, touched)
        finally:
            IN_FLIGHT.release(held)

    dynamodb.copy = _NoTableCopies  # type: ignore[assignment]
    dynamodb.DynamoDBBackend.transact_write_items = transact_write_items  # type: ignore[method-assign, assignment]
    for action, key_of in (("put_item", _put_key), ("update_item", _given_key), ("delete_item", _given_key)):
        setattr(DynamoHandler, action, _refused_in_flight(getattr(DynamoHandler, action), key_of))


class _NoTableCopies:
    """moto's `copy` as seen from its DynamoDB backend: a table is not copied, all else is."""

    @staticmethod
    def deepcopy(value: Any, memo: Any = None) -> Any:
        return value if isinstance(value, Table) else copy.deepcopy(value, memo)


def _refused_in_flight(
    handle: Callable[[DynamoHandler], Any], key_of: Callable[[DynamoHandler], dict[str, Any] | None]
) -> Callable[[DynamoHandler], Any]:
    """A single write's handler that refuses an item in flight, and marks its item meanwhile."""

    @wraps(handle)
    def guarded(handler: DynamoHandler) -> Any:
        key = key_of(handler)
        if not key:
            return handle(handler)  # moto answers the malformed request
        item = _item_id(handler.body.get("TableName", ""), key)
        if not IN_FLIGHT.start_write(item):
            raise TransactionConflict()
        try:
            return handle(handler)
        finally:
            IN_FLIGHT.end_write(item)

    return guarded


def _put_key(handler: DynamoHandler) -> dict[str, Any] | None:
    try:
        table = handler.dynamodb_backend.get_table(handler.body.get("TableName", ""))
        return _key_in(table, handler.body["Item"])
    except Exception:  # moto itself reports a malformed request
        return None


def _given_key(handler: DynamoHandler) -> dict[str, Any] | None:
    key = handler.body.get("Key")
    return key if isinstance(key, dict) else None


def _touched(backend: Any, transact_item: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    """The table and key of the item a transaction's action touches ({} when it is malformed)."""
    op_type, op = next(iter(transact_item.items()))
    table_name = op.get("TableName", "") if isinstance(op, dict) else ""
    try:
        key = _key_in(backend.get_table(table_name), op["Item"]) if op_type == "Put" else op["Key"]
    except Exception:  # moto itself reports a malformed operation
        return table_name, {}
    return table_name, key if isinstance(key, dict) else {}


def _key_in(table: Any, item: dict[str, Any]) -> dict[str, Any]:
    names = [table.hash_key_attr, *([table.range_key_attr] if table.range_key_attr else [])]
    return {name: item[name] for name in names}


def _item_id(table_name: str, key: dict[str, Any]) -> ItemId:
    return table_name, json.dumps(stored_key(key), sort_keys=True)  # `7.00` and `7` key one item


def _run_restoring(
    original: Callable[..., None],
    backend: Any,
    transact_items: list[dict[str, Any]],
    touched: Sequence[tuple[str, dict[str, Any]]],
) -> None:
    """moto's transaction, with the items it touches kept as they were and put back if it fails."""
    before = [_as_it_was(backend, table_name, key) for table_name, key in touched]
    try:
        original(backend, transact_items)
    except Exception:
        for table_name, key, item in reversed(before):
            _restore(backend, table_name, key, item)
        raise


def _as_it_was(backend: Any, table_name: str, key: dict[str, Any]) -> tuple[str, dict[str, Any], Any]:
    if not key:
        return table_name, {}, None
    try:
        current = backend.get_item(table_name, key)
    except Exception:  # moto itself reports a malformed operation
        return table_name, {}, None
    return table_name, key, copy.deepcopy(current)


def _restore(backend: Any, table_name: str, key: dict[str, Any], item: Any) -> None:
    if not key:
        return
    if item is None:
        backend.delete_item(table_name, key)
    else:
        backend.put_item(table_name, item.to_json()["Attributes"])
