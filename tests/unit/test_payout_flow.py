"""A payout run from locked entries to money sent, against moto in-process: profiles sealed with
the KMS key, the run built and exported to S3, results applied row by row, paid totals and PPV;
and the worker's and the schedule's handlers."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

import boto3
import pytest

from functions.payouts import app
from sellerlink.accounts.models import Principal, PrincipalKind, Role
from sellerlink.clock import FixedClock
from sellerlink.connections.cipher import KmsEnvelopeCipher
from sellerlink.errors import Conflict, Forbidden, NotFound, Unprocessable
from sellerlink.ledger.dal import PPV_PAID_PREFIX, LedgerStore
from sellerlink.ledger.models import LedgerEntry
from sellerlink.partners.dal import PartnerStore
from sellerlink.partners.models import Membership, MembershipStatus
from sellerlink.payouts import profiles, program_settings
from sellerlink.payouts.balances import PaidBalances
from sellerlink.payouts.dal import PayoutStore
from sellerlink.payouts.entries import LedgerPayableEntries
from sellerlink.payouts.export import RunExporter
from sellerlink.payouts.models import FileFormat, ProfileInput, SettingsUpdate
from sellerlink.payouts.results import Reconciliation
from sellerlink.payouts.review import RunReview, partner_payouts
from sellerlink.payouts.runs import RunBuilder, RunRequests
from sellerlink.payouts.schedule import DailyPayouts
from sellerlink.payouts.storage import S3RunFiles
from sellerlink.programs.dal import ProgramStore
from sellerlink.programs.models import Program, ProgramStatus
from sellerlink.table import Table
from sellerlink.wiring import adapters
from tests.lambda_context import FakeLambdaContext as LocalContext
from tests.ledger_entries import created_entry
from tests.unit.test_step_handlers import measured_program

NOW = datetime(2027, 2, 10, 9, 0, tzinfo=UTC)
IBAN = "DE89370400440532013000"


@dataclass
class RecordedEvents:
    seen: list[tuple[str, str]] = field(default_factory=list)

    def payouts_created(self, payouts: Any, now: datetime) -> None:
        self.seen += [("payout.created", p.partner_id) for p in payouts]

    def payout_paid(self, payout: Any, now: datetime) -> None:
        self.seen.append(("payout.paid", payout.partner_id))

    def payout_failed(self, payout: Any, now: datetime) -> None:
        self.seen.append(("payout.failed", payout.partner_id))


@dataclass
class World:
    table: Table
    clock: FixedClock
    program: Program
    admin: Principal
    cipher: KmsEnvelopeCipher
    bucket: str
    events: RecordedEvents = field(default_factory=RecordedEvents)

    def __post_init__(self) -> None:
        self.store, self.programs = PayoutStore(self.table), ProgramStore(self.table)
        self.entries = LedgerPayableEntries(LedgerStore(self.table), self.table)
        self.files = S3RunFiles(adapters.s3_client(), self.bucket, self.clock)
        self.builder = RunBuilder(self.programs, self.store, self.entries, self.clock, self.events)
        self.exporter = RunExporter(
            self.programs, self.store, PartnerStore(self.table), self.cipher, self.files, self.clock
        )
        self.requests = RunRequests(self.programs, self.store, self.clock, self)
        self.review = RunReview(self.programs, self.store, self.entries, self.clock, self)
        self.results = Reconciliation(self.review, self.store, self.entries, self.clock, self.events)

    def build(self, account_id: str, program_id: str, run_id: str) -> None:
        self.builder.build(account_id, program_id, run_id)

    def export(self, account_id: str, program_id: str, run_id: str) -> None:
        self.exporter.export(account_id, program_id, run_id)

    def partner(
        self, partner_id: str, amounts: list[tuple[date, str]], profile: dict[str, Any] | None
    ) -> None:
        PartnerStore(self.table).add_membership(
            Membership(
                account_id=self.program.account_id,
                program_id=self.program.program_id,
                partner_id=partner_id,
                partner_name=f"Name {partner_id}",
                status=MembershipStatus.APPROVED,
                created_at=NOW,
                updated_at=NOW,
            )
        )
        if profile:
            given = ProfileInput.model_validate({"country": "DE", "currency": "EUR", **profile})
            profiles.set_profile(self.store, self.cipher, self.clock, partner_id, given)
        LedgerStore(self.table).append(
            self.program.account_id,
            [self.entry(partner_id, day, amount, n) for n, (day, amount) in enumerate(amounts)],
        )

    def entry(self, partner_id: str, day: date, amount: str, n: int) -> LedgerEntry:
        return created_entry(self.program.program_id, partner_id, day, amount, n)


@pytest.fixture
def world(aws: dict[str, dict[str, str]]) -> World:
    table, clock = Table(aws["Table"]["Ref"]), FixedClock(NOW)
    program = measured_program(table, FixedClock(datetime(2026, 12, 1, tzinfo=UTC)))
    admin = Principal(kind=PrincipalKind.BRAND, account_id=program.account_id, role=Role.ADMIN, key_id="k")
    cipher = KmsEnvelopeCipher(boto3.client("kms"), aws["TokenKey"]["Ref"])
    return World(table, clock, program, admin, cipher, aws["PayoutExportsBucket"]["Ref"])


PAYPAL = {"method": "paypal", "details": {"paypal_email": "jo@trail.example"}}
BANK = {"method": "bank_transfer", "details": {"account_holder": "T GmbH", "iban": IBAN, "bic": "COBADEFF"}}


def test_a_run_from_locked_entries_to_money_sent(world: World) -> None:
    # Given three partners with January entries (locked by Feb 10 with a 32-day lock? no: up to Jan 9)
    p = world.program
    world.programs.save(p.model_copy(update={"lock_period_days": 29}))
    world.partner("ptr_pay", [(date(2027, 1, 2), "40.00"), (date(2027, 1, 8), "35.00")], PAYPAL)
    world.partner("ptr_bank", [(date(2027, 1, 3), "60.00")], BANK)
    world.partner("ptr_none", [(date(2027, 1, 4), "70.00")], None)
    # When the admin asks for January's run (locked through Jan 12) and asks again
    run, created = world.requests.request(world.admin, p.program_id, "2027-01")
    again, created_again = world.requests.request(world.admin, p.program_id, "2027-01")
    # Then one run was built: two payouts, one carried partner, events for each payout
    assert (created, created_again, again.status.value) == (True, False, "draft")
    assert run.through == date(2027, 1, 12)
    payouts, carried = world.review.payouts_of(world.admin, p.program_id, "2027-01")
    assert {x.partner_id: x.amount for x in payouts} == {
        "ptr_pay": Decimal("75.00"),
        "ptr_bank": Decimal("60.00"),
    }
    assert [c.reason.value for c in carried] == ["no_payout_profile"]
    assert sorted(world.events.seen) == [("payout.created", "ptr_bank"), ("payout.created", "ptr_pay")]
    pay = next(x for x in payouts if x.partner_id == "ptr_pay")
    assert len(world.review.entries_of(world.admin, p.program_id, "2027-01", pay.payout_id)) == 2
    # When it is approved and exported
    with pytest.raises(Conflict, match="approve the draft, then export it"):
        world.review.export(world.admin, p.program_id, "2027-01")
    world.review.approve(world.admin, p.program_id, "2027-01")
    exported = world.review.export(world.admin, p.program_id, "2027-01")
    # Then the files are in the bucket, the bank file with the full IBAN
    run = world.store.run(p.account_id, p.program_id, "2027-01")
    assert run is not None and run.status.value == "exported" and exported.export_requested_at == NOW
    bank = next(f for f in run.files if f.format is FileFormat.BANK)
    body = boto3.client("s3").get_object(Bucket=world.bucket, Key=bank.key)["Body"].read().decode()
    assert IBAN in body and bank.total == Decimal("60.00")
    link = world.review.file_link(world.admin, p.program_id, "2027-01", FileFormat.PAYPAL, world.files)
    assert "X-Amz-Signature" in link.url and link.rows == 1 and link.total == "75.00"
    # When the provider's results come back, with bad rows among them
    bank_payout = next(x for x in payouts if x.partner_id == "ptr_bank")
    rows: list[dict[str, Any] | str] = [
        {"payout_id": pay.payout_id, "status": "paid", "reference": "PP-1", "amount": "75.00"},
        {"payout_id": "po_nope", "status": "paid", "reference": "x"},
        {"payout_id": bank_payout.payout_id, "status": "paid", "reference": "B-1", "amount": "61.00"},
        {"payout_id": bank_payout.payout_id, "status": "paid", "reference": "B-1", "currency": "EUR"},
        {"payout_id": bank_payout.payout_id, "status": "lost"},
        {"payout_id": bank_payout.payout_id, "status": "paid"},
        {"status": "paid"},
        "A result must be an object {payout_id, status, reference}.",
        {"payout_id": bank_payout.payout_id, "status": "failed", "reason": "IBAN closed"},
        {"payout_id": pay.payout_id, "status": "paid", "reference": "PP-1"},
        {"payout_id": bank_payout.payout_id, "status": "paid", "reference": "late"},
    ]
    outcome = world.results.apply(world.admin, p.program_id, "2027-01", rows)
    # Then each good row applies, each bad one is refused with its reason
    assert outcome.applied == [pay.payout_id, bank_payout.payout_id]
    assert outcome.unchanged == [pay.payout_id]
    assert [(r.row, r.reason) for r in outcome.refused] == [
        (2, "Payout po_nope is not in run 2027-01."),
        (3, f"The result says 61.00 USD; payout {bank_payout.payout_id} is 60.00 USD."),
        (4, f"The result is in EUR; payout {bank_payout.payout_id} is in USD."),
        (5, "Status 'lost' is not one this API knows; use paid or failed."),
        (6, f"A paid result needs the provider's reference (payout {bank_payout.payout_id})."),
        (7, "The result names no payout_id (PayPal: Customer ID; Wise: paymentReference)."),
        (8, "A result must be an object {payout_id, status, reference}."),
        (11, f"Payout {bank_payout.payout_id} is failed; only a payout being processed takes a result."),
    ]
    assert outcome.run.status.value == "completed"
    # And the paid amount is the partner's paid balance and the account's PPV of the month paid
    membership = PartnerStore(world.table).membership(p.account_id, p.program_id, "ptr_pay")
    assert membership is not None
    assert PaidBalances(world.store).of([membership]) == {(p.account_id, p.program_id): Decimal("75.00")}
    assert LedgerStore(world.table).ppv(p.account_id, "2027-02", PPV_PAID_PREFIX) == {"USD": Decimal("75.00")}
    partner = Principal(kind=PrincipalKind.PARTNER, partner_id="ptr_pay")
    assert [(x.status.value, x.reference, x.date) for x in partner_payouts(world.store, partner)] == [
        ("paid", "PP-1", NOW.date())
    ]
    # And the failed bank payout's entry is paid again by February's run, as a balance carried
    world.clock.set(datetime(2027, 3, 31, tzinfo=UTC))
    world.requests.request(world.admin, p.program_id, "2027-02")
    february, _ = world.review.payouts_of(world.admin, p.program_id, "2027-02")
    assert [(x.partner_id, x.amount, x.balance_carried) for x in february] == [
        ("ptr_bank", Decimal("60.00"), Decimal("60.00"))
    ]


def test_what_a_run_refuses(world: World) -> None:
    p = world.program
    with pytest.raises(Unprocessable) as refused:
        world.requests.request(world.admin, p.program_id, "2027-02")
    assert refused.value.detail == "2027-02 has not ended yet; its run can start on 2027-02-28 + 1 day."
    with pytest.raises(Unprocessable, match="month '2027-13' is not YYYY-MM"):
        world.requests.request(world.admin, p.program_id, "2027-13")
    viewer = world.admin.model_copy(update={"role": Role.VIEWER})
    with pytest.raises(Forbidden, match="Only an admin can start a payout run"):
        world.requests.request(viewer, p.program_id, "2027-01")
    with pytest.raises(NotFound, match="There is no payout run 2026-05"):
        world.review.approve(world.admin, p.program_id, "2026-05")
    world.requests.request(world.admin, p.program_id, "2027-01")
    with pytest.raises(Conflict, match="has no paypal file yet"):
        world.review.file_link(world.admin, p.program_id, "2027-01", FileFormat.PAYPAL, world.files)
    with pytest.raises(Conflict, match="results apply to an exported run"):
        world.results.apply(world.admin, p.program_id, "2027-01", [{"payout_id": "x", "status": "paid"}])
    world.review.approve(world.admin, p.program_id, "2027-01")
    with pytest.raises(Conflict, match="Run 2027-01 is approved; only a draft can be approved"):
        world.review.approve(world.admin, p.program_id, "2027-01")


def test_a_canceled_payout_returns_its_entries_and_a_negative_balance_is_carried(world: World) -> None:
    p = world.program
    world.partner("ptr_a", [(date(2026, 12, 2), "80.00")], PAYPAL)
    world.requests.request(world.admin, p.program_id, "2026-12")
    (payout,), _ = world.review.payouts_of(world.admin, p.program_id, "2026-12")
    canceled = world.review.cancel(world.admin, p.program_id, "2026-12", payout.payout_id)
    assert canceled.status.value == "canceled"
    with pytest.raises(Conflict, match="only a pending payout can be canceled"):
        world.review.cancel(world.admin, p.program_id, "2026-12", payout.payout_id)
    # a clawback after the payout: January owes more than it earned
    LedgerStore(world.table).append(p.account_id, [world.entry("ptr_a", date(2027, 1, 3), "-100.00", 9)])
    world.clock.set(datetime(2027, 3, 10, tzinfo=UTC))
    world.requests.request(world.admin, p.program_id, "2027-01")
    payouts, (carried,) = world.review.payouts_of(world.admin, p.program_id, "2027-01")
    assert payouts == [] and (carried.reason.value, carried.balance) == (
        "negative_balance",
        Decimal("-20.00"),
    )


def test_settings_are_read_by_any_brand_key_and_changed_by_an_admin(world: World) -> None:
    p, programs = world.program, world.programs
    assert program_settings.read(programs, world.store, world.admin, p.program_id).minimum_for(
        "USD"
    ) == Decimal("50")
    update = SettingsUpdate(minimum_payout={"USD": Decimal("25.005")}, payout_day=5, automatic_runs=True)
    changed = program_settings.change(programs, world.store, world.admin, p.program_id, update)
    assert (changed.minimum_payout, changed.payout_day) == ({"USD": Decimal("25.00")}, 5)
    for minimum, message in (
        ({"usd": Decimal(1)}, "minimum_payout: 'usd' is not an ISO 4217 code of three capitals, e.g. USD."),
        ({"USD": Decimal(-1)}, "minimum_payout: -1 USD is negative; give 0 or more."),
    ):
        with pytest.raises(Unprocessable) as refused:
            program_settings.change(
                programs, world.store, world.admin, p.program_id, SettingsUpdate(minimum_payout=minimum)
            )
        assert refused.value.detail == message
    # and the daily step asks, on the 5th, for the run of the last month wholly locked, once
    world.programs.save(p.model_copy(update={"status": ProgramStatus.ACTIVE}))
    world.clock.set(datetime(2027, 3, 5, 7, tzinfo=UTC))
    daily = DailyPayouts(programs, world.store, world.requests)
    assert [(s.run_id, s.created) for s in daily.run()] == [("2027-01", True)]
    assert [(s.run_id, s.created) for s in daily.run()] == [("2027-01", False)]


def test_a_partner_profile_is_shown_masked_and_a_missing_one_is_404(world: World) -> None:
    with pytest.raises(NotFound, match="You have no payout profile yet"):
        profiles.get_profile(world.store, "ptr_x")
    world.partner("ptr_x", [], BANK)
    shown = profiles.get_profile(world.store, "ptr_x")
    assert shown.details.iban == "••••3000" and IBAN not in json.dumps(
        world.table._table.scan()["Items"], default=str
    )


@pytest.fixture
def payout_functions(functions: dict[str, dict[str, str]], monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    handed: list[tuple[str, str, str]] = []

    class Tasks:
        def build(self, *run: str) -> None:
            handed.append(("build", *run[1:]))

        def export(self, *run: str) -> None:
            handed.append(("export", *run[1:]))

    monkeypatch.setattr("sellerlink.wiring.adapters.payout_tasks", lambda settings: Tasks())
    return {"handed": handed, **functions}


def test_the_worker_builds_and_exports_and_the_schedule_hands_off_due_runs(
    payout_functions: dict[str, Any],
) -> None:
    table = Table(payout_functions["Table"]["Ref"])
    today = datetime.now(UTC)
    program = measured_program(table, FixedClock(today - timedelta(days=200)))
    ProgramStore(table).save(program.model_copy(update={"status": ProgramStatus.ACTIVE}))
    store = PayoutStore(table)
    store.save_settings(
        store.settings(program.account_id, program.program_id).model_copy(
            update={"automatic_runs": True, "payout_day": today.day}
        )
    )
    answer = app.schedule_handler({"trigger": "schedule"}, LocalContext("payout-schedule"))
    first_open = today - timedelta(days=program.lock_period_days - 1)
    month = (first_open.replace(day=1) - timedelta(days=1)).strftime("%Y-%m")
    assert answer == {"runs": [{"program_id": program.program_id, "run_id": month, "created": True}]}
    assert payout_functions["handed"] == [("build", program.program_id, month)]
    task = {"account_id": program.account_id, "program_id": program.program_id, "run_id": month}
    built = app.worker_handler({"task": "build", **task}, LocalContext("payout-worker"))
    assert built == {"run_id": month, "status": "draft"}
    run = store.run(program.account_id, program.program_id, month)
    assert run is not None
    store.move_run(run, {run.status}, status="approved")
    assert (
        app.worker_handler({"task": "export", **task}, LocalContext("payout-worker"))["status"] == "completed"
    )
    with pytest.raises(ValueError, match="unknown payout task 'pay'"):
        app.worker_handler({"task": "pay", **task}, LocalContext("payout-worker"))
