"""The ledger's compute step (pure) and its store: restatements, remainders, locks, idempotency."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sellerlink.amazon.attribution_report import parse
from sellerlink.attribution.models import AttributionRow, ConversionType, Report
from sellerlink.clock import FixedClock
from sellerlink.ledger import compute
from sellerlink.ledger.dal import LedgerStore
from sellerlink.ledger.earnings import EarningsStore
from sellerlink.ledger.models import Balance, EntryKind, LedgerEntry, LedgerKey
from sellerlink.pulls import windows
from sellerlink.table import Table
from sellerlink.terms.commission import TermsSchedule
from sellerlink.terms.models import Payout, PayoutGroup, PayoutType, TermsVersion
from tests.ledger_entries import created_entry

DAY = date(2026, 3, 1)
NOW = datetime(2026, 3, 4, 12, tzinfo=UTC)
GROUP = "sladg-partner1"
CENT = Decimal("0.01")


def terms(default: str = "10", groups: dict[str, str] | None = None) -> TermsSchedule:
    return TermsSchedule(
        [
            TermsVersion(
                account_id="acct_1",
                program_id="prg_1",
                version=1,
                effective_date=date(2026, 1, 1),
                default=Payout(type=PayoutType.PERCENT, value=Decimal(default)),
                payout_groups=[
                    PayoutGroup(name=a, asins=[a], payout=Payout(type=PayoutType.PERCENT, value=Decimal(v)))
                    for a, v in (groups or {}).items()
                ],
                created_at=NOW,
            )
        ]
    )


def run(pull_id: str = "pull-1", dates: frozenset[date] = frozenset({DAY}), **kw: str) -> compute.LedgerRun:
    return compute.LedgerRun("prg_1", "USD", pull_id, NOW, dates, terms(**kw), {})  # type: ignore[arg-type]


def product(asin: str, sales: str, units: int = 1, day: date = DAY, halo: bool = False) -> AttributionRow:
    kind = ConversionType.BRAND_HALO if halo else ConversionType.PROMOTED
    return AttributionRow(
        Report.PRODUCTS, day, GROUP, None, asin, kind, None, 0, 0, units, units, Decimal(sales), None, False
    )


def adgroup(sales: str, purchases: int, day: date = DAY) -> AttributionRow:
    return AttributionRow(
        Report.ADGROUP,
        day,
        GROUP,
        None,
        None,
        None,
        20,
        0,
        0,
        purchases,
        purchases,
        Decimal(sales),
        None,
        False,
    )


def apply(held: dict[LedgerKey, Balance], entries: list[LedgerEntry]) -> dict[LedgerKey, Balance]:
    out = dict(held)
    for entry in entries:
        out[entry.key] = out.get(entry.key, compute.EMPTY).plus(entry)
    return out


def test_products_outside_the_top_100_are_paid_as_an_unallocated_remainder_at_the_default_rate() -> None:
    # Given PRODUCTS lists 60.00 of a partner-day whose ADGROUP total is 100.00, and ASIN A earns 20%
    rows = [product("B0AAAAAAAA", "60.00"), adgroup("100.00", 3)]
    # When the ledger computes the day
    measured = compute.measure(rows, {GROUP: "ptr_1"})
    entries = compute.entries(run(groups={"B0AAAAAAAA": "20"}), measured, {})
    # Then A earns 20% and the 40.00 remainder earns the 10% default, marked unallocated
    assert [(e.asin, e.conversion_type, e.sales, e.amount, e.kind) for e in entries] == [
        (None, ConversionType.UNALLOCATED, Decimal("40.00"), Decimal("4.00"), EntryKind.CREATED),
        ("B0AAAAAAAA", ConversionType.PROMOTED, Decimal("60.00"), Decimal("12.00"), EntryKind.CREATED),
    ]
    assert entries[0].entry_id == "2026-03-01#ptr_1#-#unallocated#pull-1"


def test_each_entry_is_rounded_half_even_to_the_cent() -> None:
    entries = compute.entries(run(), compute.measure([product("B0AAAAAAAA", "1.25")], {GROUP: "p"}), {})
    assert [e.amount for e in entries] == [Decimal("0.12")]


def test_rows_of_unknown_ad_groups_locked_dates_and_uncovered_dates_are_left_alone() -> None:
    later = DAY + timedelta(days=1)
    rows = [product("B0AAAAAAAA", "10.00"), product("B0AAAAAAAA", "10.00", day=later)]
    measured = compute.measure(rows, {"someone-else": "p"})
    assert measured == {}
    measured = compute.measure(rows, {GROUP: "p"})
    held = {LedgerKey(later, "p", "B0AAAAAAAA", ConversionType.PROMOTED): Balance(Decimal("5.00"))}
    entries = compute.entries(run(dates=frozenset({DAY})), measured, held)
    assert [e.event_date for e in entries] == [DAY]
    assert compute.is_locked(DAY, DAY + timedelta(days=32), 32)
    assert not compute.is_locked(DAY, DAY + timedelta(days=31), 32)


sales_states = st.lists(
    st.dictionaries(
        st.sampled_from(["B0AAAAAAAA", "B0BBBBBBBB", "B0CCCCCCCC"]),
        st.decimals(min_value=0, max_value=500, places=2),
        max_size=3,
    ),
    min_size=1,
    max_size=5,
)


@settings(max_examples=60, deadline=None)
@given(states=sales_states)
def test_after_every_restatement_the_ledger_sums_to_what_amazon_implies_and_a_rerun_appends_nothing(
    states: list[dict[str, Decimal]],
) -> None:
    held: dict[LedgerKey, Balance] = {}
    for number, state in enumerate(states):
        rows = [product(asin, str(sales)) for asin, sales in state.items()]
        measured = compute.measure(rows, {GROUP: "p"})
        entries = compute.entries(run(f"pull-{number}"), measured, held)
        for entry in entries:
            assert entry.kind is EntryKind.CREATED or entry.reason, entry  # every change says why
            nothing_held = held.get(entry.key, compute.EMPTY) == compute.EMPTY
            expected = EntryKind.CREATED if nothing_held else EntryKind.ADJUSTED
            assert entry.kind in (expected, EntryKind.REVERSED) and entry.amount == entry.amount.quantize(
                CENT
            )
        held = apply(held, entries)
        for asin, sales in state.items():
            key = LedgerKey(DAY, "p", asin, ConversionType.PROMOTED)
            assert held.get(key, compute.EMPTY).amount == (sales / 10).quantize(
                CENT, rounding="ROUND_HALF_EVEN"
            )
        for key, balance in held.items():
            if key.asin not in state:  # Amazon stopped listing it: nothing is owed for it any more
                assert balance == compute.EMPTY
        assert compute.entries(run(f"pull-{number}-again"), measured, held) == []


@settings(max_examples=60, deadline=None)
@given(states=sales_states, written=st.integers(min_value=0, max_value=10))
def test_a_crash_after_writing_any_part_then_a_retry_ends_like_a_clean_run(
    states: list[dict[str, Decimal]], written: int
) -> None:
    state = states[-1]
    measured = compute.measure([product(a, str(s)) for a, s in state.items()], {GROUP: "p"})
    clean = apply({}, compute.entries(run(), measured, {}))
    partial = apply({}, compute.entries(run(), measured, {})[:written])
    retried = apply(partial, compute.entries(run(), measured, partial))
    assert {k: v.amount for k, v in retried.items()} == {k: v.amount for k, v in clean.items()}


def test_amazon_strings_become_cents_and_an_all_zero_row_is_masked() -> None:
    row = {
        "date": "20260301",
        "adGroupId": GROUP,
        "Click-throughs": "14",
        "totalAttributedSales14d": "191.95999999999998",
        "attributedTotalPurchases14d": "4",
        "brb_bonus_amount": "19.195999999999998",
    }
    parsed = parse(Report.ADGROUP, row, CENT)
    assert (parsed.sales, parsed.brb, parsed.clicks, parsed.masked) == (
        Decimal("191.96"),
        Decimal("19.20"),
        14,
        False,
    )
    masked = parse(Report.ADGROUP, {"date": "20260301", "adGroupId": GROUP, "Click-throughs": "0"}, CENT)
    assert masked.masked and AttributionRow.from_staged(masked.staged()) == masked


def test_backfills_are_split_into_windows_amazon_accepts() -> None:
    today = date(2026, 6, 30)
    jobs = windows.jobs(date(2026, 1, 1), today, today)
    adgroup_windows = [(j.start, j.end) for j in jobs if j.report is Report.ADGROUP]
    assert adgroup_windows[0] == (date(2026, 1, 1), date(2026, 1, 31))
    assert all((end - start).days < 31 for start, end in adgroup_windows)
    products = [j for j in jobs if j.report is Report.PRODUCTS]
    assert products[0].start == today - timedelta(days=89)
    assert min(windows.covered_dates(jobs)) == today - timedelta(days=89)
    with pytest.raises(Exception, match="13 months"):
        windows.check_range(date(2025, 5, 1), today, today)


def test_the_store_appends_each_entry_once_with_its_ppv(table_name: str) -> None:
    # Given three entries of one pull
    table, clock = Table(table_name), FixedClock(NOW)
    store = LedgerStore(table)
    rows = [product("B0AAAAAAAA", "10.00"), product("B0BBBBBBBB", "20.00"), product("B0CCCCCCCC", "30.00")]
    entries = compute.entries(run(), compute.measure(rows, {GROUP: "p"}), {})
    # When they are appended twice, the second time after a crash wrote the first one
    assert store.append("acct_1", entries[:1]) == 1
    assert store.append("acct_1", entries) == 2
    # Then each is there once, and the account's PPV counts them once
    assert len(store.between("acct_1", "prg_1", DAY, DAY)) == 3
    assert store.ppv("acct_1", "2026-03") == {"USD": Decimal("6.00")}
    assert clock.now() == NOW


@pytest.mark.parametrize(
    ("first", "last", "months"),
    [
        (date(2026, 3, 5), date(2026, 3, 30), []),
        (date(2026, 3, 5), date(2026, 3, 31), [("2026-03", date(2026, 3, 31))]),
        (
            date(2026, 1, 31),
            date(2026, 4, 1),
            [("2026-01", date(2026, 1, 31)), ("2026-02", date(2026, 2, 28)), ("2026-03", date(2026, 3, 31))],
        ),
        (date(2024, 2, 1), date(2024, 2, 29), [("2024-02", date(2024, 2, 29))]),
    ],
)
def test_the_months_that_end_within_a_span(first: date, last: date, months: list[tuple[str, date]]) -> None:
    assert windows.months_ending(first, last) == months


class EndedExecutions:
    def __init__(self, status: str) -> None:
        self.status_of = status

    def start(self, name: str, payload: dict[str, object]) -> str:
        return f"arn:aws:states:us-east-1:123456789012:execution:pull:{name}"

    def status(self, execution_arn: str) -> str:
        return self.status_of


@pytest.mark.parametrize(("status", "ends"), [("ABORTED", True), ("TIMED_OUT", True), ("RUNNING", False)])
def test_a_running_pull_whose_workflow_ended_is_failed_with_the_reason(
    table_name: str, status: str, ends: bool
) -> None:
    from sellerlink.clock import FixedClock
    from sellerlink.pulls.dal import PullStore
    from sellerlink.pulls.models import Pull, PullStatus, PullTrigger
    from sellerlink.pulls.starter import reconciled
    from sellerlink.table import Table

    now = datetime(2026, 12, 3, 7, 0, tzinfo=UTC)
    pulls = PullStore(Table(table_name))
    pull = Pull(
        pull_id="pull-1",
        account_id="acct_1",
        program_id="prg_1",
        trigger=PullTrigger.SCHEDULE,
        from_date=date(2026, 11, 3),
        to_date=date(2026, 12, 3),
        started_at=now,
        execution_arn="arn:x",
    )
    pulls.create(pull)
    seen = reconciled(pulls, EndedExecutions(status), FixedClock(now), pull)
    stored = pulls.get(pull.ref)
    assert stored is not None and stored.status is seen.status
    assert (seen.status is PullStatus.FAILED) is ends
    if ends:
        assert seen.error is not None and status.lower().replace("_", " ") in seen.error


def test_a_brands_custom_adjustment_never_enters_a_balance() -> None:
    from decimal import Decimal

    from sellerlink.ledger.compute import balances_of
    from sellerlink.ledger.models import EntryKind, LedgerEntry

    day = date(2026, 12, 2)
    common = {
        "program_id": "prg_1",
        "partner_id": "ptr_1",
        "event_date": day,
        "asin": None,
        "conversion_type": "unallocated",
        "purchases": 0,
        "units": 0,
        "sales": Decimal("0"),
        "currency": "USD",
        "created_at": datetime(2026, 12, 4, tzinfo=UTC),
    }
    amazon = LedgerEntry(
        entry_id="a", kind=EntryKind.CREATED, amount=Decimal("3.00"), pull_id="pull-1", **common
    )
    bonus = LedgerEntry(
        entry_id="b", kind=EntryKind.CUSTOM, amount=Decimal("25.00"), pull_id="callback-1", **common
    )
    assert [b.amount for b in balances_of([amazon, bonus]).values()] == [Decimal("3.00")]


def test_restated_sales_with_an_unchanged_commission_still_reach_the_ledger() -> None:
    # Given terms that pay nothing on this ASIN, and a purchase Amazon restates from 40 to 30
    from sellerlink.ledger.models import Measured

    key = LedgerKey(DAY, "p", "B0AAAAAAAA", ConversionType.PROMOTED)
    flat = run("pull-2", default="0")
    held = {key: Balance(Decimal("0.00"), Decimal("40.00"), 1, 1)}
    # When the pull sees the restated numbers while the commission stays the same
    (entry,) = compute.entries(flat, {key: Measured(1, 1, Decimal("30.00"))}, held)
    # Then an adjusted entry of amount 0 carries the change in sales
    assert (entry.kind, entry.amount, entry.sales) == (EntryKind.ADJUSTED, Decimal("0"), Decimal("-10.00"))


def test_every_adjusted_reversed_and_remainder_entry_says_why() -> None:
    # Given a day of 100.00 (60.00 listed for A) held in the ledger
    first = compute.measure([product("B0AAAAAAAA", "60.00", units=2), adgroup("100.00", 3)], {GROUP: "p"})
    held = apply({}, compute.entries(run(), first, {}))
    # When Amazon restates: A falls to 30.00 and the remainder disappears
    later = compute.measure([product("B0AAAAAAAA", "30.00"), adgroup("30.00", 1)], {GROUP: "p"})
    entries = {e.conversion_type: e for e in compute.entries(run("pull-2"), later, held)}
    # Then the adjustment and the reversal say what Amazon changed, and when
    adjusted, reversed = entries[ConversionType.PROMOTED], entries[ConversionType.UNALLOCATED]
    assert adjusted.kind is EntryKind.ADJUSTED and adjusted.reason == (
        "Amazon restated the sales of 2026-03-01 from 60.00 to 30.00 USD (2 to 1 units, 2 to 1 purchases) "
        "on 2026-03-04 (returns, cancellations or late conversions)."
    )
    assert reversed.kind is EntryKind.REVERSED and reversed.reason == (
        "Top-100 remainder: Amazon's PRODUCTS report lists only each campaign's 100 best-selling products, "
        "so the partner's other sales of 2026-03-01 are paid at its default rate. Amazon restated the sales "
        "of 2026-03-01 from 40.00 to 0 USD (1 to 0 units, 1 to 0 purchases) on 2026-03-04 (returns or "
        "cancellations): nothing is owed for them any more."
    )


def test_a_partners_entries_share_transactions_so_each_day_is_added_to_once(
    table_name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Given 40 partners' entries for 3 days, 2 products a day, in the order a day's rows come in
    table = Table(table_name)
    entries = [
        created_entry("prg_1", f"p{partner:02d}", date(2026, 3, day), "1.00", asin=asin)
        for day in (2, 3, 4)
        for asin in ("B0A", "B0B")
        for partner in range(40)
    ]
    sent: list[int] = []
    transact = Table.transact
    monkeypatch.setattr(
        Table, "transact", lambda t, writes: sent.append(len(w := list(writes))) or transact(t, w)
    )
    # When they are appended
    assert LedgerStore(table).append("acct_1", entries) == 240
    # Then each partner-day's earnings are added to once and each partner's total about once a
    # transaction: 240 entries, 120 day rollups and 40 totals in as few transactions as fit
    items = sum(sent)
    assert items <= 240 + 120 + 40 + len(sent) * 3, sent  # a PPV part each; a day and a total split
    assert len(sent) == 5, sent  # 400 items in transactions of at most 100 (in arrival order: 8)
    # And the earnings are whole
    assert EarningsStore(table).totals("p07", [("acct_1", "prg_1")]) == {"prg_1": Decimal("6.00")}
