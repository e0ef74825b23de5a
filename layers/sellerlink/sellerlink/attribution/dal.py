"""Facts in the table, and when they were last brought up to date.

- `ACCOUNT#<a>#PROGRAM#<p>` / `FACT#<date>#<level>#<partner>#<link or asin>#<type>`: a fact. The
  sort key starts with the date, so a report over a date range is one range query.
  Partner and link facts also carry GSI1 `PARTNER#<partner>` / `FACT#<date>#<a>#<p>#<level>#<detail>`:
  a partner's own numbers across its programs are one range of its index partition.
- `ACCOUNT#<a>#PROGRAM#<p>` / `DATAASOF`: when the program's numbers were last brought up to
  date, and by the pull started when (Amazon's numbers of that moment).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from sellerlink.accounts.dal import partner_pk
from sellerlink.attribution.facts import FIELDS, Fact, fact_key
from sellerlink.clock import iso
from sellerlink.programs.dal import ids_of, program_pk
from sellerlink.table import Table

PREFIX = "FACT#"
DATA_AS_OF = "DATAASOF"


PARTNER_LEVELS = frozenset({"partner", "link"})


@dataclass(frozen=True)
class PartnerFact:
    account_id: str
    program_id: str
    fact: Fact


def _by_partner(account_id: str, program_id: str, fact: Fact) -> dict[str, str]:
    """The index keys of a partner- or link-level fact (ASIN facts are the bulk and stay out)."""
    if fact["level"] not in PARTNER_LEVELS:
        return {}
    detail = fact["creative_id"] or "-"
    return {
        "GSI1PK": partner_pk(fact["partner_id"]),
        "GSI1SK": f"{PREFIX}{fact['event_date']}#{account_id}#{program_id}#{fact['level']}#{detail}",
    }


class FactStore:
    def __init__(self, table: Table) -> None:
        self._table = table

    def between(self, account_id: str, program_id: str, first: date, last: date) -> dict[str, Fact]:
        bounds = (f"{PREFIX}{first.isoformat()}", f"{PREFIX}{last.isoformat()}~")
        items = self._table.query_all(program_pk(account_id, program_id), sk_between=bounds)
        return {item["SK"].removeprefix(PREFIX): {name: item.get(name) for name in FIELDS} for item in items}

    def put(self, account_id: str, program_id: str, facts: Iterable[Fact]) -> int:
        pk = program_pk(account_id, program_id)
        items = [
            {"PK": pk, "SK": PREFIX + fact_key(fact), **fact, **_by_partner(account_id, program_id, fact)}
            for fact in facts
        ]
        self._table.put_many(items)
        return len(items)

    def of_partner(self, partner_id: str, first: date, last: date) -> list[PartnerFact]:
        """The partner's own partner- and link-level facts from `first` to `last`, across programs."""
        bounds = (f"{PREFIX}{first.isoformat()}", f"{PREFIX}{last.isoformat()}~")
        items = self._table.query_all(partner_pk(partner_id), index="GSI1", sk_between=bounds)
        return [
            PartnerFact(*ids_of(str(item["PK"])), {name: item.get(name) for name in FIELDS}) for item in items
        ]

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
