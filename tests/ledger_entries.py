"""Ledger entries as a pull appends them, for the tests that start from a ledger (payouts)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

from sellerlink.attribution.models import ConversionType
from sellerlink.ledger.models import EntryKind, LedgerEntry


def created_entry(
    program_id: str, partner_id: str, day: date, amount: str, n: int = 0, asin: str = "B0A"
) -> LedgerEntry:
    """A `created` entry of `amount` (10% of its sales) on `day`, from pull `pull<n>`."""
    return LedgerEntry(
        entry_id=f"{day.isoformat()}#{partner_id}#{asin}#promoted#pull{n}",
        program_id=program_id,
        partner_id=partner_id,
        event_date=day,
        asin=asin,
        conversion_type=ConversionType.PROMOTED,
        kind=EntryKind.CREATED,
        purchases=1,
        units=1,
        sales=Decimal(amount) * 10,
        amount=Decimal(amount),
        currency="USD",
        pull_id=f"pull{n}",
        created_at=datetime.now(UTC),
    )
