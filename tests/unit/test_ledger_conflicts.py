"""Parallel ledger shards never meet on an item: DynamoDB would cancel a shard's transaction on an
item another shard's running transaction holds, and the local stack's moto does too. So the
account's PPV is added to in parts (per month, program and slot), and read as one."""

from __future__ import annotations

import threading
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from moto.dynamodb.models import DynamoDBBackend

from sellerlink.attribution.slots import partner_slot
from sellerlink.ledger.dal import PPV_PAID_PREFIX, LedgerStore, ppv_paid_update
from sellerlink.ledger.earnings import EarningsStore
from sellerlink.pulls.models import ShardOutcome
from sellerlink.table import Backoff, Table
from tests.ledger_entries import created_entry
from tests.unit.test_ledger_shards import NOW, PARTNERS, Brand, rows_of


def test_two_shards_appending_at_once_never_meet_on_an_item(
    aws: dict[str, dict[str, str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    # Given a pull of a program whose ledger step runs in four shards, two of them with partners
    brand = Brand(aws, "Parallel")
    pull = brand.pulled(rows_of(brand.program_id, 0), NOW, 160_000)
    plan = brand.step.begin(pull.ref)
    members = {partner_slot(brand.program_id, partner) for partner in PARTNERS}
    first, second, *_ = [shard for shard in plan.shards if members & set(shard.slots)]
    # And the second shard runs whole while the first shard's first transaction is in flight (its
    # items held), and any retry after a conflict is counted instead of waited for
    retries: list[int] = []
    monkeypatch.setattr(Backoff, "pause", lambda backoff, retry: retries.append(retry))
    meanwhile: list[Any] = []
    update_item = DynamoDBBackend.update_item

    def in_the_first_transaction(backend: Any, table: str, key: dict[str, Any], *args: Any, **kw: Any) -> Any:
        if not meanwhile and key["SK"]["S"].startswith("PPV#"):  # only transactions ADD to PPV
            meanwhile.append(None)
            try:
                meanwhile.append(brand.step.shard(pull.ref, second))
            except Exception as error:
                meanwhile.append(error)
        return update_item(backend, table, key, *args, **kw)

    monkeypatch.setattr(DynamoDBBackend, "update_item", in_the_first_transaction)
    # When the first shard runs
    outcome = brand.step.shard(pull.ref, first)
    # Then both shards appended their entries, neither refused by the other
    assert isinstance(meanwhile[1], ShardOutcome), meanwhile[1]
    assert outcome.entries_appended > 0 and meanwhile[1].entries_appended > 0
    assert retries == []
    brand.step.end(pull.ref, plan.applies, [outcome, meanwhile[1]])
    # And the account's PPV is the sum of every entry
    entries = LedgerStore(brand.table).between(
        brand.account_id, brand.program_id, date(2026, 3, 1), NOW.date()
    )
    total = sum((entry.amount for entry in entries), Decimal(0))
    assert LedgerStore(brand.table).ppv(brand.account_id, "2026-03") == {"USD": total}


def test_a_months_ppv_is_its_own_item_and_its_parts_and_an_old_item_still_reads(
    table_name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Given a table written before the PPV parts: the month's item holds commissions and a payment
    table, store = Table(table_name), LedgerStore(Table(table_name))
    old = {"PK": "ACCOUNT#acct_1", "SK": "PPV#2026-03", "month": "2026-03", "commission_USD": Decimal("7")}
    table.put({**old, "paid_USD": Decimal("2.5")})
    table.put({**old, "SK": "PPV#2026-04", "month": "2026-04", "commission_USD": Decimal("100")})
    # Then the month reads as it did, in the currency's minor units
    assert {c: str(a) for c, a in store.ppv("acct_1", "2026-03").items()} == {"USD": "7.00"}
    assert {c: str(a) for c, a in store.ppv("acct_1", "2026-03", PPV_PAID_PREFIX).items()} == {"USD": "2.50"}
    # When entries of two programs are appended, in March and in April, and a payment is made
    store.append("acct_1", [created_entry("prg_1", p, date(2026, 3, 2), "1.10") for p in ("p1", "p2")])
    store.append("acct_1", [created_entry("prg_2", "p1", date(2026, 3, 9), "0.45", asin="B0B")])
    store.append("acct_1", [created_entry("prg_1", "p1", date(2026, 4, 1), "3.00")])
    table.transact([ppv_paid_update("acct_1", "2026-03", "USD", Decimal("1.25"))])
    # Then each program's March entries went to a part of their own, beside the month's item
    parts = [item["SK"] for item in table.query_all("ACCOUNT#acct_1", "PPV#2026-03#")]
    low = min(partner_slot("prg_1", "p1"), partner_slot("prg_1", "p2"))
    assert parts == [f"PPV#2026-03#prg_1#{low:02d}", f"PPV#2026-03#prg_2#{partner_slot('prg_2', 'p1'):02d}"]
    # And the month's PPV is its own item and its parts; April's is April's
    assert {c: str(a) for c, a in store.ppv("acct_1", "2026-03").items()} == {"USD": "9.65"}
    assert store.ppv("acct_1", "2026-03", PPV_PAID_PREFIX) == {"USD": Decimal("3.75")}
    assert store.ppv("acct_1", "2026-04") == {"USD": Decimal("103.00")}
    assert store.ppv("acct_1", "2026-05") == {}
    # And a month is read in one strongly consistent Query
    queries: list[dict[str, Any]] = []
    query = Table.query
    monkeypatch.setattr(Table, "query", lambda self, *a, **kw: queries.append(kw) or query(self, *a, **kw))
    store.ppv("acct_1", "2026-03")
    assert len(queries) == 1 and queries[0]["consistent"] is True


def test_a_shards_lanes_write_at_once_and_never_meet_on_an_item(
    table_name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Given 30 partners' entries of two days in March, two products a day
    entries = [
        created_entry("prg_1", f"p{partner:02d}", date(2026, 3, day), "1.25", asin=asin)
        for day in (2, 3)
        for asin in ("B0A", "B0B")
        for partner in range(30)
    ]
    keys_by_thread: dict[str, set[str]] = {}
    transact = Table.transact
    all_lanes_running = threading.Barrier(4, timeout=10)

    def noted(table: Table, writes: Any) -> None:
        writes = list(writes)
        if threading.current_thread().name not in keys_by_thread:
            all_lanes_running.wait()  # each lane's first transaction waits for the other lanes'
        keys = {str(w.item["SK"]) + str(w.item["PK"]) if hasattr(w, "item") else str(w.key) for w in writes}
        keys_by_thread.setdefault(threading.current_thread().name, set()).update(keys)
        transact(table, writes)

    monkeypatch.setattr(Table, "transact", noted)
    # When they are appended in four lanes
    store = LedgerStore(Table(table_name))
    assert store.append("acct_1", entries, lanes=4) == 120
    # Then four lanes wrote at once, and no item was written by two of them
    lanes = list(keys_by_thread.values())
    assert len(lanes) == 4
    assert all(not (a & b) for i, a in enumerate(lanes) for b in lanes[i + 1 :])
    # And every entry, PPV and earnings are whole
    assert store.ppv("acct_1", "2026-03") == {"USD": Decimal("150.00")}
    assert EarningsStore(Table(table_name)).totals("p11", [("acct_1", "prg_1")]) == {"prg_1": Decimal("5.00")}
