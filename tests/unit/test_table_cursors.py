"""A cursor only resumes the list it came from: a forged or foreign one is a clear 422."""

from __future__ import annotations

import pytest

from sellerlink.errors import Unprocessable
from sellerlink.table import Table, encode_cursor


@pytest.fixture
def table(table_name: str) -> Table:
    table = Table(table_name)
    table.put_many([{"PK": "ACCOUNT#a", "SK": f"LINK#{i:03d}"} for i in range(5)])
    table.put_many([{"PK": "ACCOUNT#b", "SK": f"LINK#{i:03d}"} for i in range(5)])
    return table


def test_a_cursor_the_api_gave_out_resumes_the_list(table: Table) -> None:
    first = table.query("ACCOUNT#a", "LINK#", limit=2)
    rest = table.query("ACCOUNT#a", "LINK#", cursor=first.next_cursor)
    assert [i["SK"] for i in first.items + rest.items] == [f"LINK#{i:03d}" for i in range(5)]


@pytest.mark.parametrize(
    "forged",
    [
        encode_cursor({"PK": "ACCOUNT#b", "SK": "LINK#001"}),
        encode_cursor({"PK": "ACCOUNT#a", "SK": "PRODUCT#B000000001"}),
        "bm90IGpzb24",
        encode_cursor(["PK", "SK"]),  # type: ignore[arg-type]
    ],
    ids=["another account", "another kind of item", "not json", "not a key"],
)
def test_a_forged_cursor_is_refused(table: Table, forged: str) -> None:
    with pytest.raises(Unprocessable, match="not one this API gave out"):
        table.query("ACCOUNT#a", "LINK#", cursor=forged)
