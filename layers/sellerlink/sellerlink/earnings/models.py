from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum

from pydantic import Field

from sellerlink.model import Model
from sellerlink.partners.models import MembershipStatus


class Balance(Model):
    """What the partner has earned in the program, by how final it is."""

    currency: str
    pending: Decimal = Field(description="Commissions of event dates not locked yet: they may still change.")
    locked: Decimal = Field(description="Commissions of locked event dates not paid yet.")
    paid: Decimal = Field(description="Commissions paid out (0 until payouts exist).")


class PartnerMembership(Model):
    program_id: str
    program_name: str
    brand_name: str
    marketplace: str
    currency: str
    status: MembershipStatus
    balance: Balance
    created_at: datetime
    updated_at: datetime


class PartnerMembershipList(Model):
    memberships: list[PartnerMembership]


class EarningsGroupBy(StrEnum):
    PROGRAM = "program"
    DATE = "date"
    LINK = "link"


class EarningsRow(Model):
    program_id: str | None = Field(default=None, description="With group_by=program or link.")
    program_name: str | None = None
    brand_name: str | None = None
    event_date: date | None = Field(default=None, description="With group_by=date.")
    link_id: str | None = Field(default=None, description="With group_by=link.")
    asin: str | None = None
    shared_id: str | None = None
    currency: str
    clicks: int | None = Field(description="Null where Amazon reports none.")
    purchases: int
    sales: Decimal
    commission: Decimal | None = Field(
        description="From the ledger; null per link (the ledger is kept per ASIN, not per link)."
    )
    below_threshold: bool = Field(
        description="Amazon masks entities under 10 lifetime clicks: these zeros are unknown, not nothing."
    )
    provisional: bool = Field(description="Within the last 48 hours: Amazon may still add conversions.")


class CurrencyTotal(Model):
    currency: str
    clicks: int
    purchases: int
    sales: Decimal
    commission: Decimal


class EarningsReport(Model):
    group_by: EarningsGroupBy
    from_date: date
    to_date: date
    provisional_from: date
    rows: list[EarningsRow]
    totals: list[CurrencyTotal] = Field(
        description="Per currency: amounts in different currencies never add up."
    )
