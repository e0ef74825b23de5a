"""Ledger keys, what Amazon measured for them, and the entries that record the difference."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import NamedTuple

from pydantic import Field

from sellerlink.attribution.models import ConversionType
from sellerlink.model import Model

NO_ASIN = "-"


class EntryKind(StrEnum):
    CREATED = "created"
    ADJUSTED = "adjusted"
    REVERSED = "reversed"
    CUSTOM = "custom"  # a brand's bonus or correction (API or callback); pulls never recompute it


class LedgerKey(NamedTuple):
    """(partner, event date, ASIN, conversion type) within one program; ASIN None when unallocated.
    The computation's values are named tuples: built, hashed and compared in C, a million a pull."""

    event_date: date
    partner_id: str
    asin: str | None
    conversion_type: ConversionType

    @property
    def sort_key(self) -> str:
        """The key's part of an entry's sort key: `<date>#<partner>#<asin or ->#<type>`."""
        asin = self.asin or NO_ASIN
        return f"{self.event_date.isoformat()}#{self.partner_id}#{asin}#{self.conversion_type}"


class Measured(NamedTuple):
    """Amazon's current numbers for one key."""

    purchases: int
    units: int
    sales: Decimal


class Balance(NamedTuple):
    """What the ledger already holds for one key: the sums of its entries."""

    amount: Decimal
    sales: Decimal = Decimal(0)
    units: int = 0
    purchases: int = 0

    def plus(self, entry: AnyEntry) -> Balance:
        return Balance(
            self.amount + entry.amount,
            self.sales + entry.sales,
            self.units + entry.units,
            self.purchases + entry.purchases,
        )


class EntryLine(NamedTuple):
    """A ledger entry inside the pull's computation and store: the fields of `LedgerEntry` in a
    named tuple (a fraction of its memory and build time); pydantic only at the edges."""

    entry_id: str
    program_id: str
    partner_id: str
    event_date: date
    asin: str | None
    conversion_type: ConversionType
    kind: EntryKind
    purchases: int
    units: int
    sales: Decimal
    amount: Decimal
    currency: str
    pull_id: str
    created_at: datetime
    reason: str | None

    @property
    def key(self) -> LedgerKey:
        return LedgerKey(self.event_date, self.partner_id, self.asin, self.conversion_type)


class LedgerEntry(Model):
    """One append-only ledger line; its amount is the change, never a total."""

    entry_id: str = Field(description="`<event_date>#<partner_id>#<asin or ->#<conversion_type>#<pull_id>`")
    program_id: str
    partner_id: str
    event_date: date
    asin: str | None = Field(default=None, description="None for the `unallocated` remainder.")
    conversion_type: ConversionType
    kind: EntryKind
    purchases: int = Field(description="Change in attributed purchases.")
    units: int = Field(description="Change in units.")
    sales: Decimal = Field(description="Change in attributed sales.")
    amount: Decimal = Field(description="Change in commission, half-even to the minor unit.")
    currency: str
    pull_id: str
    created_at: datetime
    reason: str | None = Field(
        default=None,
        description="Why the entry was made: Amazon's restatement, the top-100 remainder, or the brand's "
        "adjustment with its note. Empty only for a `created` entry of a listed product.",
    )

    @property
    def key(self) -> LedgerKey:
        return LedgerKey(self.event_date, self.partner_id, self.asin, self.conversion_type)


AnyEntry = LedgerEntry | EntryLine  # what the store writes and the events announce


class LedgerEntryView(Model):
    entry_id: str
    partner_id: str
    event_date: date
    asin: str | None
    conversion_type: ConversionType
    kind: EntryKind
    purchases: int
    units: int
    sales: Decimal
    amount: Decimal
    currency: str
    locked: bool = Field(description="The event date is past the program's lock period: final.")
    pull_id: str
    created_at: datetime
    reason: str | None = None

    @classmethod
    def of(cls, entry: LedgerEntry, locked: bool) -> LedgerEntryView:
        return cls.model_validate({**entry.model_dump(), "locked": locked})


class LedgerPage(Model):
    entries: list[LedgerEntryView]
    next_cursor: str | None = Field(default=None, description="Send it as `cursor` for the next page.")
