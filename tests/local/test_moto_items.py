"""The local stack sizes an item once when moto makes it, and still refuses one over 400 KB."""

from __future__ import annotations

from typing import Any

import pytest
from moto.dynamodb.models.dynamo_type import DynamoType

from sellerlink.table import Table
from sellerlink_local.stack import moto_patches


@pytest.fixture
def table(table_name: str) -> Table:
    moto_patches.items.install()
    return Table(table_name)


def test_an_item_is_sized_once_per_attribute(table: Table, monkeypatch: pytest.MonkeyPatch) -> None:
    # Given a count of attribute sizings (moto alone sizes 1 + 2 + ... + 22 = 253 for this item)
    sized = 0
    original = DynamoType.size

    def counting(self: DynamoType) -> Any:
        nonlocal sized
        sized += 1
        return original(self)

    monkeypatch.setattr(DynamoType, "size", counting)
    item = {"PK": "A", "SK": "1", **{f"a{i:02d}": f"value {i}" for i in range(20)}}
    # When the item is written and read back
    table.put(item)
    stored = table.get("A", "1")
    # Then it is whole, and was sized a few times per attribute, not once per attribute pair
    assert stored == item
    assert sized < 100


def test_an_item_over_400_kb_is_still_refused(table: Table) -> None:
    with pytest.raises(Exception, match="Item size has exceeded the maximum allowed size"):
        table.put({"PK": "A", "SK": "big", **{f"part{i}": "x" * 100_000 for i in range(5)}})
    assert table.get("A", "big") is None
