"""The ledger step split by slot: shards give the ledger the unsharded step gives, and a program's
first-layout ledger and facts (one partition, one item per row) still read."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

import boto3

from sellerlink.accounts.dal import AccountStore
from sellerlink.accounts.logic import create_account
from sellerlink.accounts.models import Edition, Principal, PrincipalKind, Role
from sellerlink.attribution.dal import FactStore
from sellerlink.attribution.models import AttributionRow, ConversionType, Report
from sellerlink.attribution.slots import ad_group_of, slot_of
from sellerlink.clock import FixedClock
from sellerlink.ledger.dal import LedgerStore, entry_item
from sellerlink.ledger.earnings import EarningsStore
from sellerlink.ledger.models import EntryKind, LedgerEntry
from sellerlink.links.dal import LinkStore
from sellerlink.partners.dal import PartnerStore
from sellerlink.partners.models import Membership, MembershipStatus
from sellerlink.programs.dal import ProgramStore, program_pk
from sellerlink.programs.logic import create_program
from sellerlink.programs.models import Program, ProgramCreate
from sellerlink.pulls.apply_ledger import ApplyLedger, shards_for
from sellerlink.pulls.dal import PullStore
from sellerlink.pulls.models import Pull, PullRef, PullTrigger
from sellerlink.pulls.staging import S3Staging
from sellerlink.pulls.starter import new_pull
from sellerlink.table import Table
from sellerlink.terms.dal import TermsStore
from sellerlink.terms.models import Payout, PayoutType, TermsVersion

NOW = datetime(2026, 3, 31, 7, tzinfo=UTC)
PARTNERS = [f"ptr_{n:03d}" for n in range(8)]


class Heard:
    """Records the events the step announces."""

    def __init__(self) -> None:
        self.appended: list[str] = []

    def entries_appended(self, account_id: str, entries: Any, now: Any, shared_ids: Any = None) -> None:
        self.appended.extend(entry.entry_id for entry in entries)

    def __getattr__(self, name: str) -> object:
        return lambda *_: None


class Brand:
    """One program with 40 approved partners and 8% terms, and its ledger step."""

    def __init__(self, aws: dict[str, dict[str, str]], name: str) -> None:
        self.table, clock = Table(aws["Table"]["Ref"]), FixedClock(NOW)
        account, _ = create_account(AccountStore(self.table), clock, name=name, edition=Edition.PRO)
        admin = Principal(
            kind=PrincipalKind.BRAND, account_id=account.account_id, role=Role.ADMIN, key_id="k"
        )
        request = ProgramCreate(marketplace="US", seller_type="3P", brand_name=name, brand_registry=True)
        self.program: Program = create_program(ProgramStore(self.table), clock, admin, account, request)
        self.account_id, self.program_id = account.account_id, self.program.program_id
        TermsStore(self.table).add(
            TermsVersion(
                account_id=self.account_id,
                program_id=self.program_id,
                version=1,
                effective_date=date(2025, 1, 1),
                default=Payout(type=PayoutType.PERCENT, value=Decimal(8)),
                created_at=NOW,
            )
        )
        for partner_id in PARTNERS:
            PartnerStore(self.table).add_membership(
                Membership(
                    account_id=self.account_id,
                    program_id=self.program_id,
                    partner_id=partner_id,
                    partner_name=partner_id,
                    status=MembershipStatus.APPROVED,
                    created_at=NOW,
                    updated_at=NOW,
                )
            )
        self.staging = S3Staging(boto3.client("s3"), aws["PullResultsBucket"]["Ref"])
        self.events = Heard()
        self.step = ApplyLedger(
            PullStore(self.table),
            ProgramStore(self.table),
            PartnerStore(self.table),
            TermsStore(self.table),
            LedgerStore(self.table),
            FactStore(self.table),
            LinkStore(self.table),
            clock,
            self.events,  # type: ignore[arg-type]
            self.staging,
        )

    def pulled(self, rows: list[AttributionRow], at: datetime, rows_counted: int) -> Pull:
        pull = new_pull(self.program, PullTrigger.API, at, 10)
        PullStore(self.table).create(pull)
        PullStore(self.table).count_pages(pull.ref, 1, rows_counted)
        self.staging.stage(pull.ref, 0, rows)
        return pull

    def ledger(self) -> list[tuple[Any, ...]]:
        """Entries without the program's id (the two brands' programs differ), sorted."""
        entries = LedgerStore(self.table).between(
            self.account_id, self.program_id, date(2026, 1, 1), NOW.date()
        )
        return sorted(
            (e.entry_id.rsplit("#", 1)[0], e.kind, e.sales, e.units, e.purchases, e.amount, e.reason)
            for e in entries
        )


def rows_of(program_id: str, seed: int) -> list[AttributionRow]:
    """Per partner and day of the last 10: an ADGROUP total and two PRODUCTS rows under it."""
    rng, rows = random.Random(seed), []
    for partner_id in PARTNERS:
        group = ad_group_of(program_id, partner_id)
        for offset in range(3):
            day = NOW.date() - timedelta(days=offset)
            listed = Decimal(0)
            for a, kind in enumerate((ConversionType.PROMOTED, ConversionType.BRAND_HALO)):
                sales = Decimal(rng.randint(100, 9_000)) / 100
                listed += sales
                rows.append(
                    AttributionRow(
                        Report.PRODUCTS,
                        day,
                        group,
                        None,
                        f"B0{a:08d}",
                        kind,
                        None,
                        2,
                        1,
                        1,
                        1,
                        sales,
                        None,
                        False,
                    )
                )
            total = listed + Decimal(rng.randint(0, 3_000)) / 100
            rows.append(
                AttributionRow(
                    Report.ADGROUP, day, group, None, None, None, 15, 4, 2, 3, 3, total, None, False
                )
            )
    return rows


def run_sharded(brand: Brand, pull: Pull) -> int:
    plan = brand.step.begin(pull.ref)
    assert len(plan.shards) == 4  # rows_counted of 160,000: four shards of 16 slots
    outcomes = [brand.step.shard(pull.ref, shard) for shard in reversed(plan.shards)]
    return brand.step.end(pull.ref, plan.applies, outcomes).entries_appended


def test_the_sharded_ledger_is_the_unsharded_one_on_the_same_pulls(aws: dict[str, dict[str, str]]) -> None:
    # Given two brands' identical programs, each pulled twice (the second pull restates every day)
    sharded, whole = Brand(aws, "Sharded"), Brand(aws, "Whole")
    for number, at in enumerate((NOW, NOW + timedelta(hours=1))):
        # When one brand's ledger step runs as four shards and the other's as one step
        appended = run_sharded(sharded, sharded.pulled(rows_of(sharded.program_id, number), at, 160_000))
        outcome = whole.step.apply(whole.pulled(rows_of(whole.program_id, number), at, 160_000).ref)
        # Then both append the same entries, with the same amounts and reasons
        assert appended == outcome.entries_appended > 0
        assert sharded.ledger() == whole.ledger()
    assert {kind for *_, kind in [(e[0], e[1]) for e in sharded.ledger()]} >= {
        EntryKind.CREATED,
        EntryKind.ADJUSTED,
    }
    # And the same partners' earnings, the same PPV, and the same facts
    totals = [
        EarningsStore(brand.table).totals(p, [(brand.account_id, brand.program_id)]).get(brand.program_id)
        for brand in (sharded, whole)
        for p in PARTNERS
    ]
    assert totals[: len(PARTNERS)] == totals[len(PARTNERS) :] and all(totals)
    assert LedgerStore(sharded.table).ppv(sharded.account_id, "2026-03") == LedgerStore(whole.table).ppv(
        whole.account_id, "2026-03"
    )
    facts = [
        sorted(FactStore(b.table).between(b.account_id, b.program_id, date(2026, 3, 1), NOW.date()).items())
        for b in (sharded, whole)
    ]
    assert facts[0] == facts[1] and len(facts[0]) == len(PARTNERS) * 3 * 3
    # And a third, unchanged pull appends nothing and writes no fact
    again = sharded.pulled(rows_of(sharded.program_id, 1), NOW + timedelta(hours=2), 160_000)
    assert run_sharded(sharded, again) == 0


def test_shards_cover_every_slot_once() -> None:
    for rows in (0, 39_999, 40_001, 1_000_000, 3_000_000, 10**8):
        slots = [slot for shard in shards_for(rows) for slot in shard.slots]
        assert slots == list(range(64))


def test_a_first_layout_ledger_and_facts_still_read_and_the_ledger_moves_to_its_slots(
    aws: dict[str, dict[str, str]],
) -> None:
    # Given a program whose entries and facts were written in the first layout (one partition)
    brand = Brand(aws, "Old Layout")
    store, pk, day = (
        LedgerStore(brand.table),
        program_pk(brand.account_id, brand.program_id),
        date(2026, 3, 20),
    )
    old = [
        LedgerEntry(
            entry_id=f"{day.isoformat()}#{partner}#B000000000#promoted#pull-old",
            program_id=brand.program_id,
            partner_id=partner,
            event_date=day,
            asin="B000000000",
            conversion_type=ConversionType.PROMOTED,
            kind=EntryKind.CREATED,
            purchases=1,
            units=1,
            sales=Decimal("50.00"),
            amount=Decimal("4.00"),
            currency="USD",
            pull_id="pull-old",
            created_at=NOW - timedelta(days=5),
        )
        for partner in PARTNERS[:3]
    ]
    brand.table.put_many(
        {"PK": pk, "SK": "LEDGER#" + e.entry_id, **e.model_dump(mode="json", exclude_none=True)} for e in old
    )
    fact = {
        "level": "partner",
        "event_date": day.isoformat(),
        "partner_id": PARTNERS[0],
        "creative_id": None,
        "asin": None,
        "conversion_type": None,
        "clicks": 12,
        "detail_page_views": 4,
        "add_to_carts": 2,
        "purchases": 1,
        "units": 1,
        "sales": "50.00",
        "brb": None,
        "below_threshold": False,
    }
    brand.table.put(
        {
            "PK": pk,
            "SK": f"FACT#{day.isoformat()}#partner#{PARTNERS[0]}#-#-",
            **fact,
            "GSI1PK": f"PARTNER#{PARTNERS[0]}",
            "GSI1SK": f"FACT#{day.isoformat()}#{brand.account_id}#{brand.program_id}#partner#-",
        }
    )
    # Then the facts read as before, for the program and for the partner
    facts = FactStore(brand.table)
    assert list(facts.between(brand.account_id, brand.program_id, day, day).values()) == [fact]
    assert [f.fact for f in facts.of_partner(PARTNERS[0], day, day)] == [fact]
    # When the program's next ledger step begins
    assert not store.is_migrated(brand.account_id, brand.program_id)
    pull = brand.pulled([], NOW, 0)
    brand.step.begin(pull.ref)
    # Then its entries moved to their slots, and read by month, one by one and in pages
    assert store.is_migrated(brand.account_id, brand.program_id)
    assert brand.table.query_all(pk, "LEDGER#") == []
    assert store.between(brand.account_id, brand.program_id, day, day) == sorted(
        old, key=lambda e: e.entry_id
    )
    assert store.entry(brand.account_id, brand.program_id, old[1].entry_id) == old[1]
    first, cursor = store.scan(
        brand.account_id, brand.program_id, date(2026, 2, 1), day, lambda e: True, 2, None
    )
    rest, end = store.scan(
        brand.account_id, brand.program_id, date(2026, 2, 1), day, lambda e: True, 2, cursor
    )
    assert [*first, *rest] == sorted(old, key=lambda e: e.entry_id) and end is None


def test_an_entry_is_stored_exactly_as_its_model_dumps() -> None:
    entry = LedgerEntry(
        entry_id="2026-03-01#ptr_1#-#unallocated#pull-1",
        program_id="prg_1",
        partner_id="ptr_1",
        event_date=date(2026, 3, 1),
        conversion_type=ConversionType.UNALLOCATED,
        kind=EntryKind.ADJUSTED,
        purchases=-1,
        units=0,
        sales=Decimal("-12.50"),
        amount=Decimal("-1.00"),
        currency="USD",
        pull_id="pull-1",
        created_at=datetime(2026, 3, 4, 7, 0, 0, 123, tzinfo=UTC),
        reason="Why",
    )
    item = entry_item("acct_1", entry)
    assert {k: v for k, v in item.items() if k not in ("PK", "SK", "GSI2PK", "GSI2SK")} == entry.model_dump(
        mode="json", exclude_none=True
    )
    assert item["GSI2PK"] == "ACCOUNT#acct_1#PROGRAM#prg_1#LEDGER#2026-03"


def test_a_shard_reads_only_the_partitions_of_the_programs_members(
    aws: dict[str, dict[str, str]], monkeypatch: Any
) -> None:
    # Given a program of 8 partners (8 of its 64 slots at most), and spies on what a shard reads
    brand = Brand(aws, "Few")
    member_slots = {slot_of(ad_group_of(brand.program_id, p)) for p in PARTNERS}
    read: dict[str, list[int]] = {"held": [], "stored": [], "staged": []}
    spied = {"held": (LedgerStore, "held"), "stored": (FactStore, "stored"), "staged": (S3Staging, "rows")}
    for name, (owner, method) in spied.items():
        monkeypatch.setattr(owner, method, _spy(getattr(owner, method), read[name]))
    # When its pull runs as one shard over every slot
    pull = brand.pulled(rows_of(brand.program_id, 0), NOW, 1_000)
    outcome = brand.step.apply(pull.ref)
    # Then the shard read its members' slots only, and missed none of their rows
    assert outcome.entries_appended == len(PARTNERS) * 3 * 3  # promoted, brand halo, unallocated
    assert set(read["held"]) == set(read["stored"]) == set(read["staged"]) == member_slots


def _spy(method: Any, slots_read: list[int]) -> Any:
    def reading(store: Any, *args: Any) -> Any:
        slots = list(args[1] if isinstance(args[0], PullRef) else args[2])
        slots_read.extend(slots)
        return method(store, *args)

    return reading
