"""Facts in the table, and when they were last brought up to date.

- `ACCOUNT#<a>#PROGRAM#<p>` / `FACT#<date>#<level>#<partner>#<link or asin>#<type>`: a fact. The
  sort key starts with the date, so a report over a date range is one range query.
- `ACCOUNT#<a>#PROGRAM#<p>` / `DATAASOF`: when the program's numbers were last brought up to
  date, and by the pull started when (Amazon's numbers of that moment).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

from sellerlink.attribution.facts import FIELDS, Fact, fact_key
from sellerlink.clock import iso
from sellerlink.programs.dal import program_pk
from sellerlink.table import Table

PREFIX = "FACT#"
DATA_AS_OF = "DATAASOF"


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

    def mark_data_as_of(
        self, account_id: str, program_id: str, now: datetime, pull_id: str, pull_started_at: datetime
    ) -> None:
        item = {
            "PK": program_pk(account_id, program_id),
            "SK": DATA_AS_OF,
            "at": iso(now),
            "pull_id": pull_id,
            "pull_started_at": iso(pull_started_at),
        }
        self._table.put(item)

    def newest_applied(self, account_id: str, program_id: str) -> datetime | None:
        """When the pull whose numbers the ledger reflects started (Amazon's numbers of that moment)."""
        item = self._table.get(program_pk(account_id, program_id), DATA_AS_OF)
        started = item.get("pull_started_at") if item else None
        return datetime.fromisoformat(str(started).replace("Z", "+00:00")) if started else None

    def data_as_of(self, account_id: str, program_id: str) -> datetime | None:
        item = self._table.get(program_pk(account_id, program_id), DATA_AS_OF)
        return datetime.fromisoformat(item["at"].replace("Z", "+00:00")) if item else None
