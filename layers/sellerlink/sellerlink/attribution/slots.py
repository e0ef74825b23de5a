"""Partner slots: a program's attribution data spread over `SLOTS` partitions by ad group.

A partner's single ad group id depends on the program and the partner only, so the slot of a
report row (its ad group) and of that partner's ledger entries and facts is the same number:
the pull's shards split a program by slot, each reading and writing only its slots' partitions
(`ACCOUNT#<a>#PROGRAM#<p>#SLOT#<nn>`), and one program's writes spread over `SLOTS` partitions
instead of one (DynamoDB gives each partition 1,000 write units a second).
"""

from __future__ import annotations

import hashlib
import zlib
from datetime import date
from functools import lru_cache

from sellerlink.programs.dal import program_pk

SLOTS = 64
SLOT = "#SLOT#"


def slot_of(ad_group_id: str) -> int:
    return zlib.crc32(ad_group_id.encode()) % SLOTS


def ad_group_of(program_id: str, partner_id: str) -> str:
    """The partner's single ad group id in the program (`aa_adgroupid` of every link it makes)."""
    digest = hashlib.sha256(f"adgroup\x1f{program_id}\x1f{partner_id}".encode()).hexdigest()
    return "sladg-" + digest[:20]


@lru_cache(maxsize=65_536)
def partner_slot(program_id: str, partner_id: str) -> int:
    """The slot of a partner's rows, entries and facts: its ad group's."""
    return slot_of(ad_group_of(program_id, partner_id))


def slot_pk(account_id: str, program_id: str, slot: int) -> str:
    return f"{program_pk(account_id, program_id)}{SLOT}{slot:02d}"


def month_pk(account_id: str, program_id: str, kind: str, month: str) -> str:
    """GSI2's partition of one program's ledger entries or facts of one month (`YYYY-MM`): the
    API reads a program's entries in date order, one Query per page, across slots."""
    return f"{program_pk(account_id, program_id)}#{kind}#{month}"


def without_slot(pk: str) -> str:
    """The program partition key of a slot partition key (or of itself)."""
    return pk.partition(SLOT)[0]


def months(first: date, last: date) -> list[str]:
    """The months (`YYYY-MM`) from `first` to `last`: the GSI2 partitions a date range reads."""
    found, year, month = [], first.year, first.month
    while (year, month) <= (last.year, last.month):
        found.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return found
