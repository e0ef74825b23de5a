"""DynamoDB condition expressions in the emulator parsed once, not once per item and layer.

moto parses a condition each time it meets it: a Put in a transaction has its
`attribute_not_exists(PK)` parsed three times (the request's validation, the transaction, the
put), and a ledger transaction holds up to a hundred of them. The parse depends only on the
expression, its names and its values, and what it makes (an operator tree) is read, never changed,
when an item is checked. So each distinct condition is parsed by moto once and its tree handed out
again; a condition moto refuses is never kept, so it is refused again each time, as before.
Installed by the local stack; nothing of it runs in AWS.
"""

from __future__ import annotations

import json
from functools import cache
from typing import Any

import moto.dynamodb.comparisons as comparisons
import moto.dynamodb.models as models
import moto.dynamodb.models.table as tables
import moto.dynamodb.responses as responses

KEPT = 10_000  # distinct conditions held at most (values differ per request: a pull id, a time)

Parse = tuple[Any, tuple[str, ...], tuple[str, ...]]
_parses: dict[tuple[str | None, str, str], Parse] = {}


class ParsedCondition:
    """What moto's ConditionExpressionParser offers its callers, from a parse already made. Its
    lists of names and values found are its own: callers extend them."""

    def __init__(self, expr: str | None, names: dict[str, str] | None, values: dict[str, Any] | None) -> None:
        self._args = (expr, names, values)
        self.expr_attr_names_found: list[str] = []
        self.expr_attr_values_found: list[str] = []

    def parse(self) -> Any:
        op, names, values = parsed(*self._args)
        self.expr_attr_names_found.extend(names)
        self.expr_attr_values_found.extend(values)
        return op


def parsed(expr: str | None, names: dict[str, str] | None, values: dict[str, Any] | None) -> Parse:
    key = (expr, _canonical(names), _canonical(values))
    found = _parses.get(key)
    if found is None:
        parser = comparisons.ConditionExpressionParser(expr, names, values)
        op = parser.parse()  # raises as moto does: nothing is kept
        found = (op, tuple(parser.expr_attr_names_found), tuple(parser.expr_attr_values_found))
        if len(_parses) >= KEPT:
            _parses.clear()
        _parses[key] = found
    return found


def get_filter_expression(
    expr: str | None, names: dict[str, str] | None, values: dict[str, Any] | None
) -> Any:
    return parsed(expr, names, values)[0]


@cache  # once per process
def install() -> None:
    for module in (comparisons, models, responses):
        module.create_condition_expression_parser = ParsedCondition  # type: ignore[attr-defined, assignment]
    for module in (comparisons, models, tables):
        module.get_filter_expression = get_filter_expression  # type: ignore[attr-defined, assignment]


def _canonical(value: dict[str, Any] | None) -> str:
    """None and {} alike: moto passes either for "none given", and a parse reads them alike."""
    return json.dumps(value or {}, sort_keys=True)
