from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum

from pydantic import Field

from sellerlink.model import Model


class PayoutType(StrEnum):
    PERCENT = "percent"
    PER_PURCHASE = "per_purchase"
    PER_UNIT = "per_unit"


PAYOUT_DOC = (
    "percent: a percentage of attributed sales (0-100); "
    "per_purchase / per_unit: an amount in the program's currency."
)


class PayoutRequest(Model):
    type: str = Field(description=PAYOUT_DOC, examples=["percent"])
    value: str = Field(description="A decimal string, e.g. '8.5' or '2.50'.", examples=["8"])


class PayoutGroupRequest(Model):
    name: str = Field(min_length=1, max_length=100)
    asins: list[str] = Field(min_length=1, description="An ASIN sits in at most one group.")
    payout: PayoutRequest


class PromotionRequest(Model):
    name: str = Field(min_length=1, max_length=100)
    start: date
    end: date = Field(description="Last day of the promotion (inclusive).")
    asins: list[str] = Field(min_length=1)
    payout: PayoutRequest


class TermsRequest(Model):
    default: PayoutRequest = Field(description="What an ASIN in no group earns.")
    payout_groups: list[PayoutGroupRequest] = Field(default_factory=list)
    effective_date: date | None = Field(
        default=None, description="Conversions dated on or after it use these terms; today when omitted."
    )
    promotions: list[PromotionRequest] = Field(default_factory=list)


class Payout(Model):
    type: PayoutType
    value: Decimal


class PayoutGroup(Model):
    name: str
    asins: list[str]
    payout: Payout


class Promotion(Model):
    name: str
    start: date
    end: date
    asins: list[str]
    payout: Payout


class TermsVersion(Model):
    """One immutable version of a program's terms, or of one partner's private terms."""

    account_id: str
    program_id: str
    partner_id: str | None = Field(default=None, description="Set on a partner's private terms.")
    version: int
    effective_date: date
    default: Payout
    payout_groups: list[PayoutGroup] = Field(default_factory=list)
    promotions: list[Promotion] = Field(default_factory=list)
    created_at: datetime


class TermsHistory(Model):
    versions: list[TermsVersion] = Field(description="Every version, oldest first.")
