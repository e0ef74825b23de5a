"""DynamoDB updates in the emulator at the cost DynamoDB has: a plain `SET`/`ADD` applied directly.

moto parses every update expression into a tree, validates it by walking and deep-copying it,
and runs it through a visitor: about 20 ms per update on this machine, where a ledger step's
transactions carry tens of thousands of `SET a = :a ADD amount :x` rollups. An expression made
only of `SET <name> = <placeholder>` and `ADD <name> <number placeholder>` clauses (the shape
every Sellerlink update has), without a condition, is applied here directly; anything else (a
function, a path, a condition, an unused or missing placeholder, a key attribute, a reserved
word, a second clause of one kind, a table with a stream) takes moto's own path, which answers
DynamoDB's errors. `ADD` sums in Decimal, as DynamoDB's 38 digits do (moto sums in float).
Installed by the local stack; nothing of it runs in AWS.
"""

from __future__ import annotations

import re
from decimal import Decimal
from functools import cache, lru_cache, wraps
from typing import Any

from moto.dynamodb import responses
from moto.dynamodb.exceptions import ItemSizeTooLarge, ItemSizeToUpdateTooLarge
from moto.dynamodb.models import DynamoDBBackend
from moto.dynamodb.models.dynamo_type import DynamoType
from moto.dynamodb.parsing.expressions import UpdateExpressionParser  # type: ignore[attr-defined]
from moto.dynamodb.parsing.reserved_keywords import ReservedKeywords

from .numbers import stored

NAME = r"#?[A-Za-z_][A-Za-z0-9_]*"
ASSIGNMENT = re.compile(rf"\s*({NAME})\s*=\s*(:[A-Za-z0-9_]+)\s*")
ADDITION = re.compile(rf"\s*({NAME})\s+(:[A-Za-z0-9_]+)\s*")
CLAUSE = re.compile(r"\b(SET|ADD)\b", re.IGNORECASE)


@cache  # once per process
def install() -> None:
    original = DynamoDBBackend.update_item

    @wraps(original)
    def update_item(
        backend: DynamoDBBackend, table_name: str, key: dict[str, Any], *args: Any, **kwargs: Any
    ) -> Any:
        arguments = _arguments(args, kwargs)
        table = backend.get_table(table_name)
        plan = _plan(table, key, arguments)
        if plan is None or not _adds_numbers(table, key, plan[1]):
            return original(backend, table_name, key, *args, **kwargs)
        return _apply(table, key, *plan)

    DynamoDBBackend.update_item = update_item  # type: ignore[method-assign, assignment]
    responses.UpdateExpressionParser = _ParsedOnce  # type: ignore[attr-defined]


class _ParsedOnce:
    """moto's request check of an update (which placeholders it uses) reads the parsed tree and
    never changes it: each distinct expression is parsed once."""

    make = staticmethod(lru_cache(maxsize=4096)(UpdateExpressionParser.make))


PARAMETERS = (
    "update_expression",
    "expression_attribute_names",
    "expression_attribute_values",
    "attribute_updates",
    "expected",
    "condition_expression",
    "return_values_on_condition_check_failure",
)


def _arguments(args: tuple[Any, ...], kwargs: dict[str, Any]) -> dict[str, Any]:
    return {**dict(zip(PARAMETERS, args, strict=False)), **kwargs}


def _plan(
    table: Any, key: dict[str, Any], arguments: dict[str, Any]
) -> tuple[dict[str, DynamoType], dict[str, Decimal]] | None:
    """The attributes to set and the numbers to add, or None for moto's own path."""
    expression = arguments.get("update_expression")
    if (
        not expression
        or arguments.get("condition_expression")
        or arguments.get("expected")
        or arguments.get("attribute_updates")
        or table.stream_shard is not None
        or set(key) != {a for a in (table.hash_key_attr, table.range_key_attr) if a}
    ):
        return None
    names = arguments.get("expression_attribute_names") or {}
    values = arguments.get("expression_attribute_values") or {}
    clauses = _clauses(expression)
    if clauses is None:
        return None
    used_names: set[str] = set()
    used_values: set[str] = set()
    sets: dict[str, DynamoType] = {}
    adds: dict[str, Decimal] = {}
    for kind, name, placeholder in clauses:
        attribute = _attribute(name, names, used_names)
        if attribute is None or attribute in sets or attribute in adds or placeholder not in values:
            return None
        if attribute in (table.hash_key_attr, table.range_key_attr):
            return None
        used_values.add(placeholder)
        value = values[placeholder]
        if kind == "SET":
            sets[attribute] = DynamoType(value)
        elif set(value) == {"N"}:
            adds[attribute] = Decimal(value["N"])
        else:
            return None
    if used_names != set(names) or used_values != set(values):
        return None  # DynamoDB refuses unused placeholders: moto says so
    return sets, adds


def _clauses(expression: str) -> list[tuple[str, str, str]] | None:
    """(SET or ADD, name, placeholder) of each action, or None when the expression is not plain."""
    parts = CLAUSE.split(expression)
    if parts[0].strip() or len(parts) < 3:
        return None
    found: list[tuple[str, str, str]] = []
    kinds: set[str] = set()
    for kind, body in zip(parts[1::2], parts[2::2], strict=True):
        kind = kind.upper()
        if kind in kinds:
            return None
        kinds.add(kind)
        pattern = ASSIGNMENT if kind == "SET" else ADDITION
        for action in body.split(","):
            match = pattern.fullmatch(action)
            if match is None:
                return None
            found.append((kind, match.group(1), match.group(2)))
    return found


def _attribute(name: str, names: dict[str, str], used: set[str]) -> str | None:
    if name.startswith("#"):
        used.add(name)
        return names.get(name)
    return None if name.upper() in _reserved() else name


@cache
def _reserved() -> frozenset[str]:
    return frozenset(ReservedKeywords.get_reserved_keywords())


def _item(table: Any, key: dict[str, Any]) -> Any:
    hash_value = DynamoType(key[table.hash_key_attr])
    range_value = DynamoType(key[table.range_key_attr]) if table.range_key_attr else None
    return table.get_item(hash_value, range_value)


def _adds_numbers(table: Any, key: dict[str, Any], adds: dict[str, Decimal]) -> bool:
    """Whether every attribute `ADD` adds to is a number or absent (moto answers the rest)."""
    item = _item(table, key) if adds else None
    held = [item.attrs.get(name) for name in adds] if item is not None else []
    return all(value is None or value.type == "N" for value in held)


def _apply(table: Any, key: dict[str, Any], sets: dict[str, DynamoType], adds: dict[str, Decimal]) -> Any:
    item = _item(table, key)
    if item is None:
        table.put_item(dict(key))
        item = _item(table, key)
    try:
        for name, value in sets.items():
            item.attrs[name] = value
        for name, amount in adds.items():
            before = item.attrs.get(name)
            total = amount + (Decimal(before.value) if before is not None else Decimal(0))
            item.attrs[name] = DynamoType({"N": stored(str(total))})
    except ItemSizeTooLarge:
        raise ItemSizeToUpdateTooLarge() from None
    return item
