"""Payout profiles, program payout settings, runs, payouts and what a run carries to the next."""

from __future__ import annotations

import datetime as dt
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum

from pydantic import Field

from sellerlink.connections.models import EncryptedSecret
from sellerlink.model import Model

DEFAULT_MINIMUM = Decimal("50.00")
MONTH_PATTERN = r"^\d{4}-\d{2}$"


class PayoutMethod(StrEnum):
    BANK_TRANSFER = "bank_transfer"
    PAYPAL = "paypal"
    WISE = "wise"
    OTHER = "other"


class PayoutDetails(Model):
    """What a method needs to reach the partner. Stored only sealed with KMS; shown masked."""

    account_holder: str | None = Field(default=None, max_length=140, description="bank_transfer")
    iban: str | None = Field(default=None, max_length=42, description="bank_transfer, with `bic`")
    bic: str | None = Field(default=None, max_length=11, description="bank_transfer, with `iban`")
    account_number: str | None = Field(default=None, max_length=34, description="bank_transfer (US)")
    routing_number: str | None = Field(default=None, max_length=9, description="bank_transfer (US)")
    paypal_email: str | None = Field(default=None, max_length=127, description="paypal")
    wise_recipient_id: str | None = Field(default=None, max_length=20, description="wise")
    instructions: str | None = Field(default=None, max_length=500, description="other")


class ProfileInput(Model):
    method: PayoutMethod
    country: str = Field(description="ISO 3166-1 alpha-2, e.g. DE.", examples=["DE"])
    currency: str = Field(description="ISO 4217 currency the partner receives, e.g. EUR.", examples=["EUR"])
    details: PayoutDetails


class PayoutProfile(Model):
    """As stored: the details sealed (context: partner and purpose), a masked copy to show."""

    partner_id: str
    method: PayoutMethod
    country: str
    currency: str
    masked: PayoutDetails
    sealed: EncryptedSecret
    updated_at: datetime


class ProfileView(Model):
    """A payout profile as the API shows it: the details masked, always."""

    partner_id: str
    method: PayoutMethod
    country: str
    currency: str
    details: PayoutDetails = Field(description="Masked: only the last characters of each detail.")
    updated_at: datetime

    @classmethod
    def of(cls, profile: PayoutProfile) -> ProfileView:
        return cls(
            partner_id=profile.partner_id,
            method=profile.method,
            country=profile.country,
            currency=profile.currency,
            details=profile.masked,
            updated_at=profile.updated_at,
        )


class PayoutSettings(Model):
    account_id: str
    program_id: str
    minimum_payout: dict[str, Decimal] = Field(
        default_factory=dict, description="Per currency; a currency not listed has a minimum of 50.00."
    )
    payout_day: int = Field(default=1, ge=1, le=31, description="Day of the month automatic runs start.")
    carry_negative: bool = Field(
        default=True, description="A negative balance (a clawback after a payout) reduces the next payout."
    )
    automatic_runs: bool = Field(default=False, description="Create the month's run on the payout day.")

    def minimum_for(self, currency: str) -> Decimal:
        return self.minimum_payout.get(currency, DEFAULT_MINIMUM)


class SettingsUpdate(Model):
    minimum_payout: dict[str, Decimal] | None = Field(default=None, examples=[{"USD": "50.00"}])
    payout_day: int | None = Field(default=None, ge=1, le=31)
    carry_negative: bool | None = None
    automatic_runs: bool | None = None


class RunStatus(StrEnum):
    BUILDING = "building"
    DRAFT = "draft"
    APPROVED = "approved"
    EXPORTED = "exported"
    COMPLETED = "completed"


class PayoutStatus(StrEnum):
    PENDING = "pending"
    PROCESSING = "processing"
    PAID = "paid"
    FAILED = "failed"
    CANCELED = "canceled"


SETTLED = frozenset({PayoutStatus.PAID, PayoutStatus.FAILED, PayoutStatus.CANCELED})


class FileFormat(StrEnum):
    GENERIC = "generic"
    PAYPAL = "paypal"
    WISE = "wise"
    BANK = "bank"


class ExportedFile(Model):
    format: FileFormat
    key: str = Field(description="The object's key in the exports bucket.")
    rows: int
    total: Decimal


class PayoutRun(Model):
    run_id: str = Field(description="The month, `YYYY-MM`: one run per program and month.")
    account_id: str
    program_id: str
    month: str
    currency: str
    status: RunStatus
    through: date = Field(description="The last event date the run pays: the month's end or the lock.")
    trigger: str = Field(description="`api` or `schedule`.")
    payouts: int = 0
    total: Decimal = Decimal(0)
    carried: int = 0
    files: list[ExportedFile] = Field(default_factory=list)
    created_at: datetime
    approved_at: datetime | None = None
    export_requested_at: datetime | None = None
    exported_at: datetime | None = None
    completed_at: datetime | None = None


class Payout(Model):
    payout_id: str
    run_id: str
    account_id: str
    program_id: str
    partner_id: str
    status: PayoutStatus
    method: PayoutMethod
    masked_details: PayoutDetails
    amount: Decimal
    currency: str
    balance_carried: Decimal = Field(
        description="The part of the amount from entries before the run's month."
    )
    entries: int = Field(description="Ledger entries included; list them at .../payouts/{payout_id}/entries.")
    reference: str | None = Field(default=None, description="The provider's reference, once paid.")
    paid_on: date | None = None
    failure_reason: str | None = None
    created_at: datetime
    updated_at: datetime


class CarryReason(StrEnum):
    NO_PROFILE = "no_payout_profile"
    BELOW_MINIMUM = "below_minimum"
    NEGATIVE = "negative_balance"
    WRITTEN_OFF = "negative_written_off"


class Carried(Model):
    """A partner owed something the run does not pay, and why; its entries wait for the next run
    (except a written-off negative balance, when the program does not carry negatives)."""

    run_id: str
    partner_id: str
    reason: CarryReason
    detail: str
    balance: Decimal
    currency: str
    entries: int


class RunView(PayoutRun):
    """A run as the API shows it (files are downloaded through `.../files/{format}`)."""

    account_id: str = Field(exclude=True)


class RunRequest(Model):
    month: str = Field(pattern=MONTH_PATTERN, examples=["2027-01"])


class PayableEntry(Model):
    """A locked ledger entry as a payout sees it: referenced by the ledger's own id."""

    entry_id: str
    partner_id: str
    event_date: date
    amount: Decimal
    currency: str


class ResultStatus(StrEnum):
    PAID = "paid"
    FAILED = "failed"


class ResultRow(Model):
    payout_id: str
    status: ResultStatus
    reference: str | None = Field(default=None, max_length=200)
    amount: Decimal | None = Field(default=None, description="When given, it must equal the payout's.")
    currency: str | None = None
    paid_on: date | None = None
    reason: str | None = Field(default=None, max_length=500, description="Why it failed.")


class RefusedRow(Model):
    row: int = Field(description="1 for the first result (the first line after a CSV header).")
    payout_id: str | None
    reason: str


class ResultsApplied(Model):
    run: RunView
    applied: list[str] = Field(description="Payout ids whose status changed.")
    unchanged: list[str] = Field(description="Payout ids already in the stated status.")
    refused: list[RefusedRow]


class PartnerPayout(Model):
    """A payout as its partner reads it, across programs."""

    payout_id: str
    program_id: str
    run_id: str
    status: PayoutStatus
    amount: Decimal
    currency: str
    date: dt.date = Field(description="Paid on, or the day the payout was created.")
    reference: str | None = None

    @classmethod
    def of(cls, payout: Payout) -> PartnerPayout:
        return cls(
            payout_id=payout.payout_id,
            program_id=payout.program_id,
            run_id=payout.run_id,
            status=payout.status,
            amount=payout.amount,
            currency=payout.currency,
            date=payout.paid_on or payout.created_at.date(),
            reference=payout.reference,
        )
