"""The files a finance team pays a run with. Pure: payouts (and, for the provider and bank files,
the unmasked details) in, CSV text out. Every file uses the payout id as the payment reference,
so the provider's results can be matched back (`POST .../results`).

- `generic`: every payout, details masked: partner, method, masked details, amount, currency,
  reference.
- `paypal`: PayPal Payouts Web (bulk upload) CSV. Layout as PayPal publishes it: no header row;
  one row per payout with 1 recipient identifier (the PayPal e-mail), 2 payment amount,
  3 currency (ISO 4217, one currency per file), 4 customer ID (at most 30 characters, no
  spaces), 5 note to recipient (at most 400 characters), 6 recipient wallet (`PAYPAL`); at most
  5,000 rows per file. https://developer.paypal.com/docs/payouts/standard/payouts-web and
  https://developer.paypal.com/payouts/use-payouts/send-money/use-web-ui
- `wise`: Wise batch transfer CSV, the "send to saved recipients" template: a header row with
  Wise's column names (Wise reads the columns by these names: "do not modify these column
  names"), then one row per transfer; `recipientId` is the recipient saved in the brand's Wise
  account, `amountCurrency` `source` sends exactly the amount in the source (program) currency;
  at most 1,000 transfers per batch.
  https://wise.com/help/articles/2663302/how-do-i-fill-in-my-batch-template and
  https://wise.com/help/articles/2663296/whats-a-batch-payment-template
- `bank`: bank transfers with their full details, for the brand's bank's own bulk upload.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from sellerlink.payouts.details import summary
from sellerlink.payouts.models import FileFormat, Payout, PayoutDetails, PayoutMethod, PayoutProfile

PAYPAL_MAX_ROWS = 5000
PAYPAL_NOTE_MAX = 400
WISE_MAX_ROWS = 1000
GENERIC_COLUMNS = ("partner_id", "partner_name", "method", "details", "amount", "currency", "reference")
PAYPAL_COLUMNS = ("recipient", "amount", "currency", "customer_id", "note", "wallet")  # positions, no header
WISE_COLUMNS = (
    "recipientId", "name", "recipientEmail", "recipientDetail", "sourceCurrency", "targetCurrency",
    "amountCurrency", "amount", "paymentReference", "receiverType",
)  # fmt: skip
BANK_COLUMNS = (
    "account_holder", "iban", "bic", "account_number", "routing_number", "amount", "currency",
    "reference", "partner_id",
)  # fmt: skip


@dataclass(frozen=True)
class Payee:
    """A payout with what its file needs: the partner's name, profile and unmasked details."""

    payout: Payout
    name: str
    profile: PayoutProfile | None
    details: PayoutDetails | None


@dataclass(frozen=True)
class RunFile:
    format: FileFormat
    text: str
    rows: int
    total: Decimal


def note(payout: Payout, program_name: str) -> str:
    return f"{program_name} affiliate commissions, {payout.run_id} ({payout.payout_id})"[:PAYPAL_NOTE_MAX]


def _generic(payee: Payee, program_name: str) -> list[str] | None:
    p = payee.payout
    return [p.partner_id, payee.name, p.method.value, summary(p.masked_details), str(p.amount), p.currency,
            p.payout_id]  # fmt: skip


def _paypal(payee: Payee, program_name: str) -> list[str] | None:
    p, details = payee.payout, payee.details
    if p.method is not PayoutMethod.PAYPAL or details is None:
        return None
    return [
        details.paypal_email or "",
        str(p.amount),
        p.currency,
        p.payout_id,
        note(p, program_name),
        "PAYPAL",
    ]


def _wise(payee: Payee, program_name: str) -> list[str] | None:
    p, details = payee.payout, payee.details
    if p.method is not PayoutMethod.WISE or details is None or payee.profile is None:
        return None
    target = payee.profile.currency
    return [details.wise_recipient_id or "", payee.name, "", p.partner_id, p.currency, target, "source",
            str(p.amount), p.payout_id, ""]  # fmt: skip


def _bank(payee: Payee, program_name: str) -> list[str] | None:
    p, d = payee.payout, payee.details
    if p.method is not PayoutMethod.BANK_TRANSFER or d is None:
        return None
    return [d.account_holder or "", d.iban or "", d.bic or "", d.account_number or "", d.routing_number or "",
            str(p.amount), p.currency, p.payout_id, p.partner_id]  # fmt: skip


Row = Callable[[Payee, str], list[str] | None]
LAYOUTS: Mapping[FileFormat, tuple[tuple[str, ...] | None, Row]] = {
    FileFormat.GENERIC: (GENERIC_COLUMNS, _generic),
    FileFormat.PAYPAL: (None, _paypal),  # PayPal's upload has no header row
    FileFormat.WISE: (WISE_COLUMNS, _wise),
    FileFormat.BANK: (BANK_COLUMNS, _bank),
}


def run_file(kind: FileFormat, payees: Sequence[Payee], program_name: str) -> RunFile:
    header, row_of = LAYOUTS[kind]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    if header:
        writer.writerow(header)
    rows, total = 0, Decimal(0)
    for payee in payees:
        row = row_of(payee, program_name)
        if row is not None:
            writer.writerow(row)
            rows, total = rows + 1, total + payee.payout.amount
    return RunFile(kind, out.getvalue(), rows, total)


def run_files(payees: Sequence[Payee], program_name: str) -> list[RunFile]:
    return [run_file(kind, payees, program_name) for kind in FileFormat]
