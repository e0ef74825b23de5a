"""Facts in the table, and when they were last brought up to date.

- `ACCOUNT#<a>#PROGRAM#<p>#SLOT#<nn>` / `FACTS#<date>#<partner>`: one partner's facts of one day
  (its partner-, link- and ASIN-level numbers, as JSON in `facts`), in the partner's slot
  (`attribution.slots`): a pull writes one item per partner-day that changed, 25 to a request.
  GSI2 `ACCOUNT#<a>#PROGRAM#<p>#FACTS#<YYYY-MM>` / the sort key reads a program's month;
  GSI1 `PARTNER#<partner>` / `FACTS#<date>#<a>#<p>` a partner's days across its programs.
- `ACCOUNT#<a>#PROGRAM#<p>` / `FACT#<date>#<level>#<partner>#<link or asin>#<type>`: a fact of the
  first layout (one item per report row), read still; a pull that reads its day again writes the
  day's item, which wins over them.
- `ACCOUNT#<a>#PROGRAM#<p>` / `DATAASOF`: when the program's numbers were last brought up to
  date, and by the pull started when (Amazon's numbers of that moment).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime

from sellerlink.accounts.dal import partner_pk
from sellerlink.attribution.facts import FIELDS, Fact, fact_key
from sellerlink.attribution.slots import month_pk, months, partner_slot, slot_pk, without_slot
from sellerlink.clock import iso
from sellerlink.programs.dal import ids_of, program_pk
from sellerlink.table import Item, Table

LEGACY = "FACT#"
PREFIX = "FACTS#"
MONTHS = "FACTS"
DATA_AS_OF = "DATAASOF"


PARTNER_LEVELS = frozenset({"partner", "link"})
PartnerDay = tuple[str, str]  # (partner id, event date)


@dataclass(frozen=True)
class PartnerFact:
    account_id: str
    program_id: str
    fact: Fact


class FactStore:
    def __init__(self, table: Table) -> None:
        self._table = table

    def between(self, account_id: str, program_id: str, first: date, last: date) -> dict[str, Fact]:
        """The program's facts of these dates by fact key (GSI2 month by month, and the first layout's)."""
        legacy = self._table.query_all(
            program_pk(account_id, program_id), sk_between=_bounds(LEGACY, first, last)
        )
        found = {str(item["SK"]).removeprefix(LEGACY): _fields(item) for item in legacy}
        for month in months(first, last):
            pk = month_pk(account_id, program_id, MONTHS, month)
            for item in self._table.query_all(pk, index="GSI2", sk_between=_bounds(PREFIX, first, last)):
                found.update(_facts_of(item))
        return found

    def stored(
        self, account_id: str, program_id: str, slots: Iterable[int], first: date, last: date
    ) -> dict[str, Fact]:
        """The facts of these slots and dates, as the pull's shard compares them with Amazon's."""
        found: dict[str, Fact] = {}
        for slot in slots:
            pk = slot_pk(account_id, program_id, slot)
            for item in self._table.query_all(pk, sk_between=_bounds(PREFIX, first, last)):
                found.update(_facts_of(item))
        return found

    def put_days(
        self, account_id: str, program_id: str, days: Mapping[PartnerDay, list[Fact]], workers: int = 1
    ) -> int:
        """One item per partner-day holding all its facts, 25 to a request (`workers` requests at a
        time); how many were written."""
        items = [_day_item(account_id, program_id, *key, facts) for key, facts in days.items()]
        self._table.put_many(items, workers)
        return len(days)

    def put(self, account_id: str, program_id: str, facts: Iterable[Fact]) -> int:
        """These facts, each with the others of its partner-day already stored (a day is one item)."""
        grouped: dict[PartnerDay, list[Fact]] = {}
        for fact in facts:
            grouped.setdefault((fact["partner_id"], fact["event_date"]), []).append(fact)
        merged: dict[PartnerDay, list[Fact]] = {}
        for (partner_id, day), more in grouped.items():
            pk = slot_pk(account_id, program_id, partner_slot(program_id, partner_id))
            item = self._table.get(pk, f"{PREFIX}{day}#{partner_id}")
            held = _facts_of(item) if item else {}
            merged[(partner_id, day)] = list({**held, **{fact_key(f): f for f in more}}.values())
        return self.put_days(account_id, program_id, merged)

    def of_partner(self, partner_id: str, first: date, last: date) -> list[PartnerFact]:
        """The partner's own partner- and link-level facts from `first` to `last`, across programs."""
        pk = partner_pk(partner_id)
        found: dict[tuple[str, str, str], PartnerFact] = {}
        for item in self._table.query_all(pk, index="GSI1", sk_between=_bounds(LEGACY, first, last)):
            account_id, program_id = ids_of(str(item["PK"]))
            fact = _fields(item)
            found[(account_id, program_id, fact_key(fact))] = PartnerFact(account_id, program_id, fact)
        for item in self._table.query_all(pk, index="GSI1", sk_between=_bounds(PREFIX, first, last)):
            account_id, program_id = ids_of(without_slot(str(item["PK"])))
            for key, fact in _facts_of(item).items():
                if fact["level"] in PARTNER_LEVELS:
                    found[(account_id, program_id, key)] = PartnerFact(account_id, program_id, fact)
        return list(found.values())

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


def _day_item(account_id: str, program_id: str, partner_id: str, day: str, facts: list[Fact]) -> Item:
    sk = f"{PREFIX}{day}#{partner_id}"
    ordered = sorted(facts, key=fact_key)
    return {
        "PK": slot_pk(account_id, program_id, partner_slot(program_id, partner_id)),
        "SK": sk,
        "GSI2PK": month_pk(account_id, program_id, MONTHS, day[:7]),
        "GSI2SK": sk,
        "GSI1PK": partner_pk(partner_id),
        "GSI1SK": f"{PREFIX}{day}#{account_id}#{program_id}",
        "partner_id": partner_id,
        "event_date": day,
        "facts": json.dumps([[f[name] for name in FIELDS] for f in ordered], separators=(",", ":")),
    }


def _facts_of(item: Item) -> dict[str, Fact]:
    facts = (dict(zip(FIELDS, values, strict=True)) for values in json.loads(str(item["facts"])))
    return {fact_key(fact): fact for fact in facts}


def _fields(item: Item) -> Fact:
    return {name: item.get(name) for name in FIELDS}


def _bounds(prefix: str, first: date, last: date) -> tuple[str, str]:
    return (f"{prefix}{first.isoformat()}", f"{prefix}{last.isoformat()}~")
