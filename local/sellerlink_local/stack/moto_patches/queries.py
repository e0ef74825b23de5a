"""DynamoDB queries in the emulator at the cost DynamoDB has: per key range, not per table.

For every query page, moto lists and sorts every item of the table, keeps those of the queried
partition and sizes each of them up to the page's start: a query slowed down with everything
else the table holds, and reading a program's three webhook endpoints cost as much as reading
its whole ledger. This keeps moto's own query logic and hands it, for a query of the table (not
of an index), only the items of the page's key range, in order. The range comes from a sorted
index of each queried partition's sort keys, kept up to date as items are put and deleted;
moto's server answers on several threads, so a write with its index update, and the taking of
a page's range, each happen under one lock, and the range reaches moto through a per-thread
hint. A query of an index is handed the items whose index partition key has the queried value:
each index key attribute keeps, from its first query on, the keys of the items that carried each
of its values, noted again whenever an item is put or updated (an update may set an index key in
place); moto checks every item's key again, so a key that has since changed is dropped there.
Old-style `QueryFilter` queries keep moto's own path. Installed by the local stack; nothing of
it runs in AWS.
"""

from __future__ import annotations

import inspect
import threading
from bisect import bisect_left, bisect_right
from functools import cache, wraps
from operator import itemgetter
from typing import Any

from moto.dynamodb.models import DynamoDBBackend
from moto.dynamodb.models.dynamo_type import DynamoType
from moto.dynamodb.models.table import Table

from sellerlink_local.stack.moto_patches import updates

_partition = threading.local()
_sort_key = itemgetter(0)
_lock = threading.RLock()  # a write and its index update, or a page's range, happen as one
INDEX = "_sorted_keys"  # on each table: hash key → [(sort key value, sort key)], sorted
HOLDERS = "_index_key_holders"  # on each table: index key attribute → value → {(hash key, sort key)}
OPERATORS = {"EQ": "=", "LT": "<", "LE": "<=", "GT": ">", "GE": ">="}


@cache  # once per process
def install() -> None:
    updates.install()  # beneath this module's wrapper, which notes the index keys updates set
    original_query, original_all_items = Table.query, Table.all_items
    original_put, original_delete = Table.put_item, Table.delete_item
    original_update = DynamoDBBackend.update_item
    signature = inspect.signature(original_query)

    @wraps(original_query)
    def query(table: Table, hash_key: Any, *args: Any, **kwargs: Any) -> Any:
        arguments = signature.bind(table, hash_key, *args, **kwargs).arguments
        legacy_filter = arguments.get("filter_kwargs")  # QueryFilter: moto counts Limit after it
        if legacy_filter or hash_key is None or not table.range_key_attr:
            return original_query(table, hash_key, *args, **kwargs)
        if arguments.get("index_name"):
            conditions = arguments.get("hash_key_conditions") or []
            if len(conditions) != 1:
                return original_query(table, hash_key, *args, **kwargs)
            _partition.of = (table, _holders(table, *conditions[0]))
        else:
            _partition.of = (table, _page_range(table, hash_key, arguments))
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

    @wraps(original_put)
    def put_item(table: Table, *args: Any, **kwargs: Any) -> Any:
        with _lock:
            item = original_put(table, *args, **kwargs)
            if item.range_key is not None:
                _indexed(table, item.hash_key, item.range_key)
            _note_index_keys(table, item)
            return item

    @wraps(original_update)
    def update_item(backend: DynamoDBBackend, table_name: str, *args: Any, **kwargs: Any) -> Any:
        with _lock:
            item = original_update(backend, table_name, *args, **kwargs)
            _note_index_keys(backend.get_table(table_name), item)
            return item

    @wraps(original_delete)
    def delete_item(table: Table, hash_key: DynamoType, range_key: DynamoType | None) -> Any:
        with _lock:
            item = original_delete(table, hash_key, range_key)
            if item is not None and range_key is not None:
                _unindexed(table, hash_key, range_key)
            return item

    Table.query = query  # type: ignore[method-assign, assignment]
    Table.all_items = all_items  # type: ignore[method-assign, assignment]
    Table.put_item = put_item  # type: ignore[method-assign, assignment]
    Table.delete_item = delete_item  # type: ignore[method-assign, assignment]
    DynamoDBBackend.update_item = update_item  # type: ignore[method-assign, assignment]


def _holders(table: Table, attribute: str, value: DynamoType) -> list[Any]:
    """The items that carried `value` in the index key `attribute` (listed from the table on the
    attribute's first query), sorted as moto's own listing is."""
    with _lock:
        holders = table.__dict__.setdefault(HOLDERS, {})
        if attribute not in holders:
            holders[attribute] = {}
            for item in _every_item(table):
                _note(holders[attribute], attribute, item)
        keys = holders[attribute].get(_value_of(value), {})
        partitions = table.items
        found = [partitions.get(hash_key, {}).get(range_key) for hash_key, range_key in keys]
    return sorted((item for item in found if item is not None), key=lambda i: (i.hash_key, i.range_key))


def _note_index_keys(table: Table, item: Any) -> None:
    """After a put or an update (callers hold `_lock`): the item under its index keys' values."""
    for attribute, values in table.__dict__.get(HOLDERS, {}).items():
        _note(values, attribute, item)


def _note(values: dict[Any, dict[Any, None]], attribute: str, item: Any) -> None:
    value = item.attrs.get(attribute)
    if value is not None and item.range_key is not None:
        values.setdefault(_value_of(value), {})[(item.hash_key, item.range_key)] = None


def _value_of(value: DynamoType) -> tuple[str, Any]:
    return value.type, value.cast_value


def _every_item(table: Table) -> list[Any]:
    return [item for partition in table.items.values() for item in partition.values()]


def _index(table: Table, hash_key: Any) -> list[tuple[Any, DynamoType]]:
    """The partition's sorted sort keys, indexed on its first query (callers hold `_lock`)."""
    partitions = table.__dict__.setdefault(INDEX, {})
    found = partitions.get(hash_key)
    if found is None:
        keys = table.items.get(hash_key, {})
        found = partitions[hash_key] = sorted(((key.cast_value, key) for key in keys), key=_sort_key)
    return found


def _indexed(table: Table, hash_key: Any, range_key: DynamoType) -> None:
    index, position, value = _find(table, hash_key, range_key)
    if index is not None and (position == len(index) or index[position][0] != value):
        index.insert(position, (value, range_key))


def _unindexed(table: Table, hash_key: Any, range_key: DynamoType) -> None:
    index, position, value = _find(table, hash_key, range_key)
    if index is not None and position < len(index) and index[position][0] == value:
        del index[position]


def _find(table: Table, hash_key: Any, range_key: DynamoType) -> tuple[list[Any] | None, int, Any]:
    """The partition's index (None until it is first queried), where the key goes in it, its value."""
    index = table.__dict__.get(INDEX, {}).get(hash_key)
    value = range_key.cast_value
    return index, bisect_left(index, value, key=_sort_key) if index is not None else 0, value


def _page_range(table: Table, hash_key: Any, arguments: dict[str, Any]) -> list[Any]:
    """The partition's items inside the sort key condition and after the page's start key, in
    sort key order (moto then sorts a sorted list), and no more than the page can hold."""
    with _lock:
        return _locked_page_range(table, hash_key, arguments)


def _locked_page_range(table: Table, hash_key: Any, arguments: dict[str, Any]) -> list[Any]:
    index = _index(table, hash_key)
    comparison = str(arguments.get("range_comparison") or "").upper()
    bounds = [bound.cast_value for bound in arguments.get("range_objs") or []]
    low, high = _bounds(index, comparison, bounds)
    start = (arguments.get("exclusive_start_key") or {}).get(table.range_key_attr)
    forward = arguments.get("scan_index_forward", True) is not False
    if start is not None:
        after = DynamoType(start).cast_value
        if forward:
            low = max(low, bisect_right(index, after, lo=low, hi=high, key=_sort_key))
        else:
            high = min(high, bisect_left(index, after, lo=low, hi=high, key=_sort_key))
    limit = arguments.get("limit")
    if limit:  # one more than the page, so moto sees there is a next page
        low, high = (low, min(high, low + limit + 1)) if forward else (max(low, high - limit - 1), high)
    partition = table.items.get(hash_key, {})
    found = (partition.get(key) for _, key in index[low:high])
    return [item for item in found if item is not None]


def _bounds(index: list[tuple[Any, DynamoType]], comparison: str, values: list[Any]) -> tuple[int, int]:
    """The slice of the index a sort key condition keeps; moto checks the condition again."""
    size = len(index)
    if not comparison or not values:
        return 0, size
    first = values[0]
    if comparison == "BEGINS_WITH":
        low = bisect_left(index, first, key=_sort_key)
        high = low
        while high < size and index[high][0][: len(first)] == first:
            high += 1
        return low, high
    if comparison == "BETWEEN" and len(values) == 2:
        return bisect_left(index, first, key=_sort_key), bisect_right(index, values[1], key=_sort_key)
    below, above = bisect_left(index, first, key=_sort_key), bisect_right(index, first, key=_sort_key)
    edges = {"=": (below, above), "<": (0, below), "<=": (0, above), ">": (above, size), ">=": (below, size)}
    return edges.get(OPERATORS.get(comparison, comparison), (0, size))
