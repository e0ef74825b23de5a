"""The payout rules without I/O: what each method's details must be and how they are masked, how
a run plans each partner, the files' layouts as PayPal and Wise publish them, reading results."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import pytest

from sellerlink.connections.models import EncryptedSecret
from sellerlink.errors import Unprocessable
from sellerlink.payouts.details import aba_checksum_holds, checked, iban_checksum_holds, masked, summary
from sellerlink.payouts.files import (
    BANK_COLUMNS,
    GENERIC_COLUMNS,
    PAYPAL_NOTE_MAX,
    WISE_COLUMNS,
    Payee,
    run_file,
)
from sellerlink.payouts.models import (
    CarryReason,
    FileFormat,
    PayableEntry,
    Payout,
    PayoutDetails,
    PayoutMethod,
    PayoutProfile,
    PayoutRun,
    PayoutSettings,
    PayoutStatus,
    ProfileInput,
    RunStatus,
)
from sellerlink.payouts.plan import plan_run
from sellerlink.payouts.results import parse
from sellerlink.payouts.schedule import days_due, last_locked_month

NOW = datetime(2027, 2, 10, 9, 0, tzinfo=UTC)
IBAN = "DE89370400440532013000"


def profile_input(method: str, **details: Any) -> ProfileInput:
    return ProfileInput.model_validate(
        {"method": method, "country": "DE", "currency": "EUR", "details": details}
    )


@pytest.mark.parametrize(
    ("given", "message"),
    [
        (
            profile_input("bank_transfer", account_holder="A", iban="DE89370400440532013001", bic="COBADEFF"),
            "The IBAN is not valid (its check digits do not match); copy it again from the bank.",
        ),
        (
            profile_input("bank_transfer", account_holder="A", iban=IBAN, bic="COBA"),
            "The BIC must be 8 or 11 letters and digits, e.g. DEUTDEFF.",
        ),
        (
            profile_input("bank_transfer", iban=IBAN, bic="COBADEFF"),
            "A bank transfer needs account_holder: the name on the bank account.",
        ),
        (
            profile_input("bank_transfer", account_holder="A"),
            "A bank transfer needs iban and bic, or account_number and routing_number.",
        ),
        (
            profile_input(
                "bank_transfer", account_holder="A", iban=IBAN, bic="COBADEFF", account_number="1234"
            ),
            "Send iban and bic, or account_number and routing_number, not both.",
        ),
        (
            profile_input(
                "bank_transfer", account_holder="A", account_number="123456", routing_number="011000016"
            ),
            "The routing number must be the bank's 9-digit ABA number; check its digits.",
        ),
        (
            profile_input(
                "bank_transfer", account_holder="A", account_number="12", routing_number="011000015"
            ),
            "The account number must be 4 to 17 digits.",
        ),
        (
            profile_input("paypal", paypal_email="not-an-email"),
            "PayPal needs paypal_email: the e-mail address of the PayPal account.",
        ),
        (
            profile_input("paypal", paypal_email="a@b.example", iban=IBAN),
            "iban is not used by paypal; send only its own details.",
        ),
        (
            profile_input("wise", wise_recipient_id="abc"),
            "Wise needs wise_recipient_id: the number of the recipient in the brand's Wise account.",
        ),
        (profile_input("other"), "The method 'other' needs instructions: how the brand should pay you."),
        (
            ProfileInput.model_validate(
                {
                    "method": "paypal",
                    "country": "Germany",
                    "currency": "EUR",
                    "details": {"paypal_email": "a@b.example"},
                }
            ),
            "country 'Germany' is not an ISO 3166 code of two capitals, e.g. DE.",
        ),
        (
            ProfileInput.model_validate(
                {
                    "method": "paypal",
                    "country": "DE",
                    "currency": "euro",
                    "details": {"paypal_email": "a@b.example"},
                }
            ),
            "currency 'euro' is not an ISO 4217 code of three capitals, e.g. EUR.",
        ),
    ],
)
def test_each_wrong_detail_is_refused_with_what_to_fix(given: ProfileInput, message: str) -> None:
    with pytest.raises(Unprocessable) as refused:
        checked(given)
    assert refused.value.detail == message


def test_details_are_normalized_and_masked_to_their_last_characters() -> None:
    bank = checked(
        profile_input(
            "bank_transfer", account_holder="Trail GmbH", iban="de89 3704 0044 0532 0130 00", bic="cobadeff"
        )
    )
    assert (bank.details.iban, bank.details.bic) == (IBAN, "COBADEFF")
    shown = masked(bank.details)
    assert (shown.iban, shown.bic, shown.account_holder) == ("••••3000", "••••DEFF", "Trail GmbH")
    assert summary(shown) == "iban ••••3000 bic ••••DEFF"
    paypal = masked(checked(profile_input("paypal", paypal_email=" jo@trail.example ")).details)
    assert paypal.paypal_email == "j•••@trail.example"
    assert masked(PayoutDetails(wise_recipient_id="123")).wise_recipient_id == "•••"
    us = checked(
        profile_input(
            "bank_transfer", account_holder="A", account_number="000123456789", routing_number="011000015"
        )
    )
    assert masked(us.details).account_number == "••••6789"


def test_the_checksums_of_ibans_and_aba_routing_numbers() -> None:
    assert iban_checksum_holds(IBAN) and iban_checksum_holds("GB82WEST12345698765432")
    assert not iban_checksum_holds("GB82WEST12345698765433")
    assert aba_checksum_holds("011000015") and not aba_checksum_holds("011000016")


def run(**changes: Any) -> PayoutRun:
    base = {
        "run_id": "2027-01",
        "account_id": "acct_1",
        "program_id": "prg_1",
        "month": "2027-01",
        "currency": "USD",
        "status": RunStatus.BUILDING,
        "through": date(2027, 1, 31),
        "trigger": "api",
        "created_at": NOW,
    }
    return PayoutRun.model_validate({**base, **changes})


def entry(partner: str, day: date, amount: str, n: int = 0) -> PayableEntry:
    return PayableEntry(
        entry_id=f"{day}#{partner}#A#promoted#p{n}",
        partner_id=partner,
        event_date=day,
        amount=Decimal(amount),
        currency="USD",
    )


def profile(partner: str, method: PayoutMethod = PayoutMethod.PAYPAL) -> PayoutProfile:
    sealed = EncryptedSecret(encrypted_key="k", nonce="n", ciphertext="c")
    return PayoutProfile(
        partner_id=partner,
        method=method,
        country="US",
        currency="USD",
        masked=PayoutDetails(paypal_email="j•••@x.example"),
        sealed=sealed,
        updated_at=NOW,
    )


def test_a_plan_pays_each_partner_once_and_carries_the_others_with_their_reason() -> None:
    entries = [
        entry("paid", date(2026, 12, 20), "30.00"),
        entry("paid", date(2027, 1, 5), "40.00", 1),
        entry("small", date(2027, 1, 5), "10.00"),
        entry("nobody", date(2027, 1, 6), "80.00"),
        entry("owes", date(2027, 1, 3), "20.00"),
        entry("owes", date(2027, 1, 9), "-35.50", 1),
    ]
    profiles = {p: profile(p) for p in ("paid", "small", "owes")}
    settings = PayoutSettings(account_id="acct_1", program_id="prg_1")
    plan = plan_run(run(), settings, entries, profiles, "US", NOW)
    ((payout, ids),) = plan.payouts
    assert (payout.partner_id, payout.amount, payout.balance_carried, payout.entries) == (
        "paid",
        Decimal("70.00"),
        Decimal("30.00"),
        2,
    )
    assert len(ids) == 2 and payout.status is PayoutStatus.PENDING and payout.payout_id.startswith("po_")
    reasons = {c.partner_id: (c.reason, c.balance) for c in plan.carried}
    assert reasons == {
        "small": (CarryReason.BELOW_MINIMUM, Decimal("10.00")),
        "nobody": (CarryReason.NO_PROFILE, Decimal("80.00")),
        "owes": (CarryReason.NEGATIVE, Decimal("-15.50")),
    }
    assert plan.floor == date(2027, 1, 3) and plan.total == Decimal("70.00") and plan.written_off == []


def test_a_program_that_does_not_carry_negatives_writes_them_off() -> None:
    settings = PayoutSettings(
        account_id="acct_1",
        program_id="prg_1",
        carry_negative=False,
        minimum_payout={"USD": Decimal("10.00")},
    )
    entries = [entry("owes", date(2027, 1, 3), "-5.00"), entry("ok", date(2027, 1, 3), "10.00")]
    plan = plan_run(run(), settings, entries, {"owes": profile("owes"), "ok": profile("ok")}, "US", NOW)
    ((carried),) = plan.carried
    assert carried.reason is CarryReason.WRITTEN_OFF
    assert (
        carried.detail
        == "A negative balance of -5.00 USD is written off: the program does not carry negatives."
    )
    assert plan.written_off[0][0].startswith("wo_") and [p.partner_id for p, _ in plan.payouts] == ["ok"]
    assert plan.floor == date(2027, 2, 1)


def payee(method: PayoutMethod, details: PayoutDetails, amount: str = "120.00") -> Payee:
    payout = Payout(
        payout_id="po_0123456789abcdef",
        run_id="2027-01",
        account_id="acct_1",
        program_id="prg_1",
        partner_id="ptr_1",
        status=PayoutStatus.PENDING,
        method=method,
        masked_details=masked(details),
        amount=Decimal(amount),
        currency="USD",
        balance_carried=Decimal(0),
        entries=3,
        created_at=NOW,
        updated_at=NOW,
    )
    held = profile("ptr_1", method).model_copy(update={"currency": "GBP"})
    return Payee(payout, "Trail Reviews", held, details)


def test_the_paypal_file_follows_paypals_payouts_web_layout() -> None:
    """No header; recipient, amount, currency, customer ID (<= 30, no spaces), note (<= 400), wallet."""
    payees = [
        payee(PayoutMethod.PAYPAL, PayoutDetails(paypal_email="jo@trail.example")),
        payee(PayoutMethod.WISE, PayoutDetails(wise_recipient_id="4821")),
    ]
    made = run_file(FileFormat.PAYPAL, payees, "Acme US")
    ((recipient, amount, currency, customer_id, note, wallet),) = list(csv.reader(io.StringIO(made.text)))
    assert (recipient, amount, currency, wallet) == ("jo@trail.example", "120.00", "USD", "PAYPAL")
    assert customer_id == "po_0123456789abcdef" and len(customer_id) <= 30 and " " not in customer_id
    assert 0 < len(note) <= PAYPAL_NOTE_MAX and (made.rows, made.total) == (1, Decimal("120.00"))


def test_the_wise_file_follows_wises_saved_recipients_batch_template() -> None:
    made = run_file(
        FileFormat.WISE, [payee(PayoutMethod.WISE, PayoutDetails(wise_recipient_id="4821"))], "Acme"
    )
    header, row = list(csv.reader(io.StringIO(made.text)))
    assert header == list(WISE_COLUMNS) and len(row) == len(header)
    fields = dict(zip(header, row, strict=True))
    assert (fields["recipientId"], fields["name"], fields["amount"]) == ("4821", "Trail Reviews", "120.00")
    assert (fields["sourceCurrency"], fields["targetCurrency"], fields["amountCurrency"]) == (
        "USD",
        "GBP",
        "source",
    )
    assert fields["paymentReference"] == "po_0123456789abcdef"


def test_the_generic_file_masks_and_the_bank_file_does_not() -> None:
    details = PayoutDetails(account_holder="Trail GmbH", iban=IBAN, bic="COBADEFF")
    payees = [payee(PayoutMethod.BANK_TRANSFER, details)]
    generic = list(csv.DictReader(io.StringIO(run_file(FileFormat.GENERIC, payees, "Acme").text)))
    assert tuple(generic[0]) == GENERIC_COLUMNS and generic[0]["details"] == "iban ••••3000 bic ••••DEFF"
    bank = list(csv.DictReader(io.StringIO(run_file(FileFormat.BANK, payees, "Acme").text)))
    assert tuple(bank[0]) == BANK_COLUMNS and (bank[0]["iban"], bank[0]["bic"]) == (IBAN, "COBADEFF")


def test_results_are_read_from_a_providers_csv_by_its_column_names() -> None:
    text = (
        "\ufeffCustomer ID,Transaction ID,Status,Amount,Currency\r\n"
        "po_1,TX-1,Completed,12.00,USD\r\npo_2,,Denied,,\r\n"
    )
    assert parse(text, "text/csv") == [
        {
            "payout_id": "po_1",
            "reference": "TX-1",
            "status": "Completed",
            "amount": "12.00",
            "currency": "USD",
        },
        {"payout_id": "po_2", "status": "Denied"},
    ]


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (
            "{not json",
            "Send a JSON list of {payout_id, status, reference}, or the provider's CSV with "
            "Content-Type: text/csv.",
        ),
        ("[]", "Send a non-empty JSON list of {payout_id, status, reference}."),
        ('{"payout_id": "po_1"}', "Send a non-empty JSON list of {payout_id, status, reference}."),
    ],
)
def test_a_results_body_that_is_no_list_is_refused(body: str, message: str) -> None:
    with pytest.raises(Unprocessable) as refused:
        parse(body, "application/json")
    assert refused.value.detail == message


def test_the_payout_day_and_the_month_a_scheduled_run_pays() -> None:
    assert days_due(date(2027, 2, 5)) == [5]
    assert days_due(date(2027, 2, 28)) == [28, 29, 30, 31]
    assert last_locked_month(date(2027, 3, 5), 32) == "2027-01"  # locked through Feb 1
    assert last_locked_month(date(2027, 3, 4), 32) == "2027-01"  # locked through Jan 31
    assert last_locked_month(date(2027, 3, 3), 32) == "2026-12"
