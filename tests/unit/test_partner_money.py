"""A partner's money (logic and data access, moto in-process): the earnings kept beside the ledger
in its own transactions, balances by how final they are, and earnings across programs."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest

from sellerlink.clock import FixedClock
from sellerlink.earnings.balances import BalanceStores, memberships
from sellerlink.earnings.models import EarningsGroupBy, EarningsRow
from sellerlink.earnings.report import EarningsStores, earnings_report
from sellerlink.errors import Forbidden, Unprocessable
from sellerlink.ledger import dal as ledger_dal
from sellerlink.partners.models import Membership
from sellerlink.reports.tables import to_csv
from tests.unit.partner_world import ASINS, World

TODAY = date(2026, 11, 2)


@pytest.fixture
def world(table_name: str, clock: FixedClock) -> World:
    return World(table_name, clock)


def fact(
    partner_id: str, day: date, level: str = "partner", creative: str | None = None, **numbers: Any
) -> dict[str, Any]:
    return {
        "level": level,
        "event_date": day.isoformat(),
        "partner_id": partner_id,
        "creative_id": creative,
        "asin": None,
        "conversion_type": None,
        "clicks": numbers.get("clicks", 12),
        "detail_page_views": 3,
        "add_to_carts": 1,
        "purchases": numbers.get("purchases", 1),
        "units": 1,
        "sales": numbers.get("sales", "100.00"),
        "brb": "10.00",
        "below_threshold": numbers.get("masked", False),
    }


def test_the_partners_earnings_always_equal_its_ledger_entries_even_when_a_chunk_is_retried(
    world: World,
) -> None:
    brand = world.brand()
    program = world.program(brand)
    partner, _ = world.partner()
    pid = partner.partner_id
    entries = [
        world.entry(program, pid, TODAY - timedelta(days=d), "1.25", asin=a) for d in range(3) for a in ASINS
    ]
    account = brand.account.account_id
    assert world.ledger.append(account, entries[:5]) == 5
    assert world.ledger.append(account, entries) == len(entries) - 5  # the first five are already there
    days = world.earnings.days(pid, TODAY - timedelta(days=10), TODAY)
    assert {(d.event_date, d.amount) for d in days} == {
        (TODAY - timedelta(days=i), Decimal("5.00")) for i in range(3)
    }
    assert world.earnings.totals(pid, [(account, program.program_id)]) == {
        program.program_id: Decimal("15.00")
    }


def test_a_transaction_never_holds_more_than_a_hundred_items_with_the_rollups() -> None:
    entries = [_entry(f"ptr_{i % 30}", date(2026, 1 + i % 3, 1 + i % 28)) for i in range(400)]
    for chunk in ledger_dal._chunks(entries):
        months = {(e.event_date.strftime("%Y-%m"), e.currency) for e in chunk}
        rollups = {(e.partner_id, e.event_date) for e in chunk} | {(e.partner_id, None) for e in chunk}
        assert len(chunk) + len(months) + len(rollups) <= 100
    assert sum(len(c) for c in ledger_dal._chunks(entries)) == 400


def _entry(partner_id: str, day: date) -> Any:
    from sellerlink.attribution.models import ConversionType
    from sellerlink.ledger.models import EntryKind, LedgerEntry

    return LedgerEntry(
        entry_id=f"{day}#{partner_id}#A#promoted#p",
        program_id="prg",
        partner_id=partner_id,
        event_date=day,
        conversion_type=ConversionType.PROMOTED,
        kind=EntryKind.CREATED,
        purchases=1,
        units=1,
        sales=Decimal(1),
        amount=Decimal(1),
        currency="USD",
        pull_id="p",
        created_at=datetime(2026, 1, 1, tzinfo=UTC),
    )


class Paid:
    """What payouts marked paid, per (account, program)."""

    def __init__(self, paid: dict[tuple[str, str], Decimal] | None = None) -> None:
        self.paid = paid or {}

    def of(self, memberships: Sequence[Membership]) -> dict[tuple[str, str], Decimal]:
        return {
            k: v for k, v in self.paid.items() if k in {(m.account_id, m.program_id) for m in memberships}
        }


def test_memberships_show_names_and_balances_pending_locked_and_paid(world: World) -> None:
    # Given a member of two programs with earnings before and after the lock boundary (32 days)
    brand = world.brand("Acme Outdoor")
    us, de = world.program(brand, "US"), world.program(brand, "DE")
    partner, key = world.partner()
    world.join(brand, us, key)
    world.join(brand, de, key)
    pid, account = partner.partner_id, brand.account.account_id
    world.ledger.append(
        account,
        [
            world.entry(us, pid, TODAY - timedelta(days=40), "10.00"),
            world.entry(us, pid, TODAY - timedelta(days=3), "2.50"),
        ],
    )
    world.ledger.append(account, [world.entry(de, pid, TODAY - timedelta(days=1), "4.00")])
    # and a payout of 6.00 paid in the US program
    paid = Paid({(account, us.program_id): Decimal("6.00")})
    # When it reads its memberships
    found = memberships(BalanceStores(world.programs, world.partners, world.earnings, paid, world.clock), key)
    # Then each has its program's name, brand, marketplace and currency, and its balance
    by_market = {m.marketplace: m for m in found}
    assert (by_market["US"].program_name, by_market["US"].brand_name, by_market["US"].currency) == (
        us.name,
        "Acme Outdoor",
        "USD",
    )
    assert by_market["US"].balance.model_dump() == {
        "currency": "USD",
        "pending": Decimal("2.50"),
        "locked": Decimal("4.00"),
        "paid": Decimal("6.00"),
    }
    assert by_market["DE"].balance.model_dump() == {
        "currency": "EUR",
        "pending": Decimal("4.00"),
        "locked": Decimal("0.00"),
        "paid": Decimal("0.00"),
    }


def test_a_brand_key_has_no_memberships(world: World) -> None:
    brand = world.brand()
    with pytest.raises(Forbidden):
        memberships(
            BalanceStores(world.programs, world.partners, world.earnings, Paid(), world.clock), brand.admin
        )


def report_stores(world: World) -> EarningsStores:
    return EarningsStores(world.programs, world.earnings, world.facts, world.links, world.clock)


def measured_partner(world: World) -> tuple[Any, Any, Any, Any]:
    brand = world.brand()
    us, de = world.program(brand, "US"), world.program(brand, "DE")
    partner, key = world.partner()
    world.join(brand, us, key)
    world.join(brand, de, key)
    pid, account = partner.partner_id, brand.account.account_id
    d1, d2 = TODAY - timedelta(days=5), TODAY
    world.facts.put(
        account,
        us.program_id,
        [fact(pid, d1), fact(pid, d2, masked=True), fact(pid, d1, "link", "slcre-1", clicks=7)],
    )
    world.facts.put(account, de.program_id, [fact(pid, d1, sales="50.00")])
    world.ledger.append(account, [world.entry(us, pid, d1, "8.00"), world.entry(us, pid, d2, "1.00")])
    world.ledger.append(account, [world.entry(de, pid, d1, "4.00")])
    return us, de, key, (d1, d2)


def test_earnings_per_program_add_up_to_the_ledger_per_currency(world: World) -> None:
    us, de, key, _ = measured_partner(world)
    report = earnings_report(report_stores(world), key, EarningsGroupBy.PROGRAM, None, None)
    rows = {r.program_id: r for r in report.rows}
    assert (rows[us.program_id].commission, rows[us.program_id].clicks, rows[us.program_id].sales) == (
        Decimal("9.00"),
        24,
        Decimal("200.00"),
    )
    assert rows[us.program_id].below_threshold and rows[us.program_id].provisional
    assert (
        rows[de.program_id].currency,
        rows[de.program_id].commission,
        rows[de.program_id].provisional,
    ) == ("EUR", Decimal("4.00"), False)
    assert [(t.currency, t.commission, t.sales) for t in report.totals] == [
        ("EUR", Decimal("4.00"), Decimal("50.00")),
        ("USD", Decimal("9.00"), Decimal("200.00")),
    ]
    assert "brb" not in report.model_dump_json() and "net_cost" not in report.model_dump_json()


def test_earnings_per_date_keep_currencies_apart(world: World) -> None:
    _, _, key, (d1, d2) = measured_partner(world)
    report = earnings_report(report_stores(world), key, EarningsGroupBy.DATE, None, None)
    assert [(r.event_date, r.currency, r.commission) for r in report.rows] == [
        (d1, "EUR", Decimal("4.00")),
        (d1, "USD", Decimal("8.00")),
        (d2, "USD", Decimal("1.00")),
    ]


def test_earnings_per_link_have_clicks_but_no_commission_of_their_own(world: World) -> None:
    us, _, key, _ = measured_partner(world)
    report = earnings_report(report_stores(world), key, EarningsGroupBy.LINK, None, None)
    (row,) = report.rows
    assert (row.program_id, row.link_id, row.clicks, row.commission) == (us.program_id, "slcre-1", 7, None)
    assert (
        to_csv(report.rows, EarningsRow)
        .splitlines()[0]
        .startswith("program_id,program_name,brand_name,event_date")
    )


def test_another_partners_earnings_are_never_counted(world: World) -> None:
    us, _, _, (d1, _) = measured_partner(world)
    other, other_key = world.partner("Other")
    world.ledger.append(us.account_id, [world.entry(us, other.partner_id, d1, "99.00")])
    report = earnings_report(report_stores(world), other_key, EarningsGroupBy.PROGRAM, None, None)
    assert [(r.commission, r.clicks) for r in report.rows] == [(Decimal("99.00"), None)]


def test_a_range_that_ends_before_it_starts_is_422(world: World) -> None:
    _, key = world.partner()
    with pytest.raises(Unprocessable) as refused:
        earnings_report(
            report_stores(world), key, EarningsGroupBy.PROGRAM, date(2026, 3, 2), date(2026, 3, 1)
        )
    assert refused.value.detail == "'from' (2026-03-02) is after 'to' (2026-03-01); swap them."
