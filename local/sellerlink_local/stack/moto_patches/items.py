"""DynamoDB items in the emulator sized once when made, not once per attribute.

moto checks the 400 KB item limit each time an attribute is set, summing the sizes of all the
attributes set before it: making an item of 17 attributes sizes 150 values, and a ledger step
writing 160,000 items spent most of its time there. An item made from its attributes is now
checked once, on its total, which refuses exactly the items moto refused (sizes only grow as
attributes are added). Setting one attribute later (update expressions) keeps moto's check.
Installed by the local stack; nothing of it runs in AWS.
"""

from __future__ import annotations

from functools import cache, wraps
from typing import Any

from moto.dynamodb.exceptions import ItemSizeTooLarge
from moto.dynamodb.models.dynamo_type import DynamoType, Item, LimitedSizeDict
from moto.dynamodb.models.utilities import bytesize

LIMIT = 405_000  # moto's own: DynamoDB's 400 KB, measured between 409 and 410 KB


@cache  # once per process
def install() -> None:
    original = Item.__init__

    @wraps(original)
    def make(item: Item, hash_key: DynamoType, range_key: DynamoType | None, attrs: dict[str, Any]) -> None:
        values = {key: DynamoType(value) for key, value in attrs.items()}
        if sum(bytesize(key) + value.size() for key, value in values.items()) > LIMIT:
            raise ItemSizeTooLarge
        item.hash_key, item.range_key = hash_key, range_key
        item.attrs = LimitedSizeDict()
        dict.update(item.attrs, values)

    Item.__init__ = make  # type: ignore[method-assign, assignment]
