"""DynamoDB numbers in the emulator as DynamoDB stores them: by value, not as they were written.

DynamoDB keeps a number as variable-length digits ("leading and trailing zeroes are trimmed"), so
it answers what it was sent in one form: `7.00` as `7`, `1.50` as `1.5`, `0.000` and `-0` as `0`,
`1E+2` as `100`, `007` as `7`; never an exponent, a trailing point or a negative zero. moto keeps
the text it was sent, so a test here read `7.00` where AWS answers `7`. Every value moto holds is
made as a `DynamoType` (an item's attributes on PutItem, BatchWriteItem and a transaction's Put;
the values an update sets or adds, by moto's parser or `updates`; the members of M, L and NS), so
that is where a number is stored as DynamoDB stores it. A key's value is a `DynamoType` too, and
moto finds items by a key's numeric value, so a key written `7.00` is found as `7`. A text that is
not a number in DynamoDB's range is left as it was sent, for moto to refuse as DynamoDB does.
Installed by the local stack; nothing of it runs in AWS.
"""

from __future__ import annotations

import re
from decimal import Decimal
from functools import cache, wraps
from typing import Any

from moto.dynamodb.models.dynamo_type import DynamoType

STORED = re.compile(r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]*[1-9])?")  # as DynamoDB answers (but "-0")
NUMBER = re.compile(r"[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")  # what it accepts
SMALLEST, LARGEST = -130, 125  # exponents of DynamoDB's range: 1E-130 to 9.99...E+125


@cache  # once per process
def install() -> None:
    original = DynamoType.__init__

    @wraps(original)
    def make(value: DynamoType, type_as_dict: Any) -> None:
        original(value, type_as_dict)
        if type(type_as_dict) is DynamoType:
            return  # a copy of a value already held
        if value.type == "N":
            value.value = stored(value.value)
        elif value.type == "NS" and isinstance(value.value, list):
            value.value = [stored(member) for member in value.value]

    DynamoType.__init__ = make  # type: ignore[method-assign, assignment]


def stored(text: Any) -> Any:
    """A number's text as DynamoDB stores and answers it; anything else as it is."""
    if not isinstance(text, str) or (STORED.fullmatch(text) and text != "-0"):
        return text
    if not NUMBER.fullmatch(text):
        return text
    value = Decimal(text)
    if value.is_zero():
        return "0"
    if not SMALLEST <= value.adjusted() <= LARGEST:
        return text
    fixed = format(value, "f")
    return fixed.rstrip("0").rstrip(".") if "." in fixed else fixed


def stored_key(key: dict[str, Any]) -> dict[str, Any]:
    """A key (DynamoDB JSON) with its numbers as DynamoDB stores them: one item, one key."""
    return {
        name: {"N": stored(value["N"])} if isinstance(value, dict) and set(value) == {"N"} else value
        for name, value in key.items()
    }
