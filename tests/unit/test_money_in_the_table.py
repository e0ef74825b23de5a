"""Money read back from DynamoDB keeps its cents. DynamoDB answers a number without its trailing
zeros (7.00 as 7, and the local stack's moto does too: `moto_patches.numbers`), so an entry's and
a payout's money is held as text, and the sums DynamoDB adds (a partner's earnings per day and in
all, the month's PPV, what a partner was paid) are read back in the currency's minor units."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

from sellerlink.attribution.slots import month_pk
from sellerlink.ledger.dal import MONTHS, PPV_PAID_PREFIX, LedgerStore
from sellerlink.ledger.earnings import EarningsStore
from sellerlink.payouts.dal import PayoutStore
from sellerlink.payouts.models import Payout, PayoutDetails, PayoutMethod, PayoutStatus
from sellerlink.programs.dal import program_pk
from sellerlink.table import Table
from tests.ledger_entries import created_entry

DAY = date(2026, 3, 2)
NOW = datetime(2026, 4, 10, 9, 0, tzinfo=UTC)


def test_money_and_the_sums_dynamodb_adds_read_back_to_the_cent(table_name: str) -> None:
    # Given two entries whose amounts add up to whole dollars (7.25 + 2.75)
    table = Table(table_name)
    ledger, earnings, payouts = LedgerStore(table), EarningsStore(table), PayoutStore(table)
    entries = [created_entry("prg_1", "p1", DAY, amount, n) for n, amount in enumerate(["7.25", "2.75"])]
    ledger.append("acct_1", entries)
    # Then the entries keep their money as written: it is text in the table
    held = table.query_all(month_pk("acct_1", "prg_1", MONTHS, "2026-03"), index="GSI2")
    assert [(i["amount"], i["sales"]) for i in held] == [("7.25", "72.50"), ("2.75", "27.50")]
    read = ledger.between("acct_1", "prg_1", DAY, DAY)
    assert [(str(e.amount), str(e.sales)) for e in read] == [("7.25", "72.50"), ("2.75", "27.50")]
    # And the sums DynamoDB added, which it holds as 10, read back as 10.00
    assert str((table.get(program_pk("acct_1", "prg_1"), "EARNED#p1") or {})["amount"]) == "10"
    assert [str(day.amount) for day in earnings.days("p1", DAY, DAY)] == ["10.00"]
    assert {p: str(a) for p, a in earnings.totals("p1", [("acct_1", "prg_1")]).items()} == {"prg_1": "10.00"}
    assert {c: str(a) for c, a in ledger.ppv("acct_1", "2026-03").items()} == {"USD": "10.00"}
    # When a payout of 10.00 is paid
    payout = _payout(Decimal("10.00"))
    payouts.save_payouts([payout])
    paid = payouts.move_payout(payout, PayoutStatus.PROCESSING, status=PayoutStatus.PAID, paid_on=NOW.date())
    # Then it, what the partner was paid and the month's paid PPV read back as 10.00
    stored = payouts.payout("acct_1", "prg_1", "2026-03", payout.payout_id)
    assert stored is not None and (str(stored.amount), str(stored.balance_carried)) == ("10.00", "0.00")
    assert {k: str(a) for k, a in payouts.paid_totals([("acct_1", "prg_1", "p1")]).items()} == {
        ("acct_1", "prg_1", "p1"): "10.00"
    }
    assert {c: str(a) for c, a in ledger.ppv("acct_1", "2026-04", PPV_PAID_PREFIX).items()} == {
        "USD": "10.00"
    }
    assert paid.status is PayoutStatus.PAID


def _payout(amount: Decimal) -> Payout:
    return Payout(
        payout_id="po_1",
        run_id="2026-03",
        account_id="acct_1",
        program_id="prg_1",
        partner_id="p1",
        status=PayoutStatus.PROCESSING,
        method=PayoutMethod.PAYPAL,
        masked_details=PayoutDetails(paypal_email="j***@trail.example"),
        amount=amount,
        currency="USD",
        balance_carried=Decimal("0.00"),
        entries=2,
        created_at=NOW,
        updated_at=NOW,
    )
