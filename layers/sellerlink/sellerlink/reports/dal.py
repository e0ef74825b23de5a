"""Facts in the table: `ACCOUNT#<a>#PROGRAM#<p>` / `FACT#<date>#<level>#<partner>#<link or asin>#<type>`.

The sort key starts with the date, so a report over a date range is one range query.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from sellerlink.programs.dal import program_pk
from sellerlink.reports.facts import FIELDS, Fact, fact_key
from sellerlink.table import Table

PREFIX = "FACT#"


class FactStore:
    def __init__(self, table: Table) -> None:
        self._table = table

    def between(self, account_id: str, program_id: str, first: date, last: date) -> dict[str, Fact]:
        bounds = (f"{PREFIX}{first.isoformat()}", f"{PREFIX}{last.isoformat()}~")
        items = self._table.query_all(program_pk(account_id, program_id), sk_between=bounds)
        return {item["SK"].removeprefix(PREFIX): {name: item.get(name) for name in FIELDS} for item in items}

    def put(self, account_id: str, program_id: str, facts: Iterable[Fact]) -> int:
        pk = program_pk(account_id, program_id)
        items = [{"PK": pk, "SK": PREFIX + fact_key(fact), **fact} for fact in facts]
        self._table.put_many(items)
        return len(items)
