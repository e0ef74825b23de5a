"""DynamoDB transactions in the emulator at the cost DynamoDB has: per item, not per table.

moto backs every transaction up by deep-copying the whole table once per item it touches, so
on one machine a ledger step slows down as the table grows (a 6,000-row pull ran out of
memory). This keeps moto's own transaction logic and replaces only its backup: the items a
transaction touches are kept as they were and put back if it is cancelled. Installed by the
local stack; nothing of it runs in AWS.
"""

from __future__ import annotations

import copy
from functools import cache, wraps
from typing import Any

import moto.dynamodb.models as dynamodb
from moto.dynamodb.models.table import Table


class _NoTableCopies:
    """moto's `copy` as seen from its DynamoDB backend: a table is not copied, all else is."""

    @staticmethod
    def deepcopy(value: Any, memo: Any = None) -> Any:
        return value if isinstance(value, Table) else copy.deepcopy(value, memo)


@cache  # once per process
def install() -> None:
    original = dynamodb.DynamoDBBackend.transact_write_items

    @wraps(original)
    def transact_write_items(backend: Any, transact_items: list[dict[str, Any]]) -> None:
        before = [_as_it_was(backend, item) for item in transact_items]
        try:
            original(backend, transact_items)
        except Exception:
            for table_name, key, item in reversed(before):
                _restore(backend, table_name, key, item)
            raise

    dynamodb.copy = _NoTableCopies  # type: ignore[assignment]
    dynamodb.DynamoDBBackend.transact_write_items = transact_write_items  # type: ignore[method-assign, assignment]


def _as_it_was(backend: Any, transact_item: dict[str, Any]) -> tuple[str, dict[str, Any], Any]:
    op_type, op = next(iter(transact_item.items()))
    table_name = op.get("TableName", "")
    try:
        table = backend.get_table(table_name)
        if op_type == "Put":
            names = [table.hash_key_attr, *([table.range_key_attr] if table.range_key_attr else [])]
            key = {name: op["Item"][name] for name in names}
        else:
            key = op["Key"]
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
