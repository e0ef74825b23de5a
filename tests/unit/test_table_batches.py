"""Batches sent several at a time read and write what one at a time would, and the links' reader
finds a partner's program by its id once."""

from __future__ import annotations

from sellerlink.links.reading import IssueReader
from sellerlink.partners.dal import PartnerStore
from sellerlink.partners.models import PartnerPolicy
from sellerlink.table import Table


def test_batches_in_flight_write_and_read_every_item_once(table_name: str) -> None:
    # Given 130 items to write, one key twice (the later put wins), in six BatchWriteItem requests
    table = Table(table_name)
    items = [{"PK": "ACCOUNT#a", "SK": f"LINK#{i:03d}", "n": i} for i in range(130)]
    items.append({"PK": "ACCOUNT#a", "SK": "LINK#007", "n": 1007})
    # When they are written and read back four requests at a time
    table.put_many(items, workers=4)
    keys = [("ACCOUNT#a", f"LINK#{i:03d}") for i in range(130)] + [("ACCOUNT#a", "LINK#999")]
    found = table.get_many(keys, workers=4)
    # Then each item is there once, the missing key is absent, and one at a time reads the same
    assert sorted(int(item["n"]) for item in found) == sorted([*range(7), 1007, *range(8, 130)])
    assert sorted(found, key=lambda i: i["SK"]) == sorted(table.get_many(keys), key=lambda i: i["SK"])


class CountingPartners(PartnerStore):
    def __init__(self, table: Table) -> None:
        super().__init__(table)
        self.lookups = 0

    def find_policy(self, program_id: str) -> PartnerPolicy | None:
        self.lookups += 1
        return super().find_policy(program_id)


def test_a_programs_account_is_looked_up_once_and_an_unknown_program_every_time(table_name: str) -> None:
    # Given a program open to partners
    table = Table(table_name)
    partners = CountingPartners(table)
    partners.save_policy(PartnerPolicy(account_id="acct_a", program_id="prg_a"))
    reader = IssueReader(table, partners)
    # When a partner names it three times, and a program that does not take partners twice
    found = [reader.account_of("prg_a") for _ in range(3)]
    missing = [reader.account_of("prg_none") for _ in range(2)]
    # Then its account is found by one lookup; the unknown one is looked up each time (it may open)
    assert found == ["acct_a"] * 3 and missing == [None, None]
    assert partners.lookups == 3
