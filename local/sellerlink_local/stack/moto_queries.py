"""DynamoDB queries in the emulator at the cost DynamoDB has: per key range, not per table.

For every query page, moto lists and sorts every item of the table, then keeps those of the
queried partition, so a query slows down with everything else the table holds: a ledger step
reading one program's balances paid for every other program's ledger and facts, and reading a
program's three webhook endpoints cost as much as reading its whole ledger. This keeps moto's
own query logic and hands it, for a query of the table (not of an index), only the items of
the queried partition inside the sort key condition. The hint is per thread, as moto's server
answers requests on several threads. Installed by the local stack; nothing of it runs in AWS.
"""

from __future__ import annotations

import inspect
import threading
from functools import wraps
from typing import Any

from moto.dynamodb.models.table import Table

_INSTALLED = False
_partition = threading.local()


def install() -> None:
    global _INSTALLED
    if _INSTALLED:
        return
    original_query, original_all_items = Table.query, Table.all_items
    signature = inspect.signature(original_query)

    @wraps(original_query)
    def query(table: Table, hash_key: Any, *args: Any, **kwargs: Any) -> Any:
        arguments = signature.bind(table, hash_key, *args, **kwargs).arguments
        if arguments.get("index_name") or hash_key is None or not table.range_key_attr:
            return original_query(table, hash_key, *args, **kwargs)
        items = list(table.items.get(hash_key, {}).values())
        comparison, bounds = arguments.get("range_comparison"), arguments.get("range_objs")
        if comparison:
            items = [item for item in items if item.range_key.compare(comparison, bounds)]
        _partition.of = (table, items)
        try:
            return original_query(table, hash_key, *args, **kwargs)
        finally:
            _partition.of = None

    @wraps(original_all_items)
    def all_items(table: Table) -> list[Any]:
        hint = getattr(_partition, "of", None)
        if hint is not None and hint[0] is table:
            return list(hint[1])
        return original_all_items(table)

    Table.query = query  # type: ignore[method-assign, assignment]
    Table.all_items = all_items  # type: ignore[method-assign, assignment]
    _INSTALLED = True
