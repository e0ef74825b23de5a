from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum

from pydantic import Field

from sellerlink.model import Model


class GroupBy(StrEnum):
    PARTNER = "partner"
    DATE = "date"
    ASIN = "asin"
    SHARED_ID = "shared_id"


class PartnerPerformanceRow(Model):
    """A row as a partner reads it: its own numbers, never the brand's margin (BRB, net cost)."""

    partner_id: str | None = None
    event_date: date | None = None
    asin: str | None = Field(
        default=None, description="With group_by=asin; null for the unallocated remainder."
    )
    shared_id: str | None = None
    clicks: int | None = Field(description="Null where Amazon reports none (PRODUCTS has no clicks).")
    detail_page_views: int
    add_to_carts: int
    purchases: int
    units: int
    sales: Decimal
    commission: Decimal | None = Field(
        description="From the ledger; null where it is not kept at this level."
    )
    below_threshold: bool = Field(
        description="Amazon masks entities under 10 lifetime clicks: these zeros are unknown, not nothing."
    )
    provisional: bool = Field(description="Within the last 48 hours: Amazon may still add conversions.")


class PerformanceRow(PartnerPerformanceRow):
    """A row as the brand reads it, with its margin."""

    brb: Decimal | None = Field(description="Amazon's Brand Referral Bonus estimate (partner and date only).")
    net_cost: Decimal | None = Field(description="Commission minus BRB.")


BRAND_ONLY = frozenset(set(PerformanceRow.model_fields) - set(PartnerPerformanceRow.model_fields))


class PartnerPerformanceReport(Model):
    """The report a partner key reads: its own rows, without the brand's BRB and net cost."""

    program_id: str
    currency: str
    group_by: GroupBy
    from_date: date
    to_date: date
    data_as_of: datetime | None = Field(description="When Amazon's numbers were last pulled.")
    provisional_from: date = Field(description="Numbers of this date and later may still change (48 h).")
    rows: Sequence[PartnerPerformanceRow]


class PerformanceReport(PartnerPerformanceReport):
    """The report a brand key reads, with BRB and net cost per row."""

    rows: Sequence[PerformanceRow]

    def for_partner(self) -> PartnerPerformanceReport:
        return PartnerPerformanceReport.model_validate(
            self.model_dump(exclude={"rows": {"__all__": set(BRAND_ONLY)}})
        )


class StatementLine(Model):
    partner_id: str
    entries: int
    purchases: int
    units: int
    sales: Decimal
    commission: Decimal


class Statement(Model):
    program_id: str
    month: str
    currency: str
    complete: bool = Field(description="Every date of the month is locked: the statement is final.")
    locked_through: date = Field(description="The last locked event date; later entries are not included.")
    partners: list[StatementLine]
    total_commission: Decimal


class Ppv(Model):
    """The account's Performance Pricing Volume: commissions of all its programs in a month."""

    account_id: str
    month: str
    commissions: dict[str, Decimal] = Field(description="Earned per currency (by event date).")
    paid: dict[str, Decimal] = Field(
        default_factory=dict, description="Paid out per currency, in the month the payouts were paid."
    )
