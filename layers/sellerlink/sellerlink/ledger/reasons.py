"""Why the ledger changed, in a sentence a brand or partner understands: every entry other than a
plain `created` one carries its reason (Amazon's restatement, the top-100 remainder, new terms)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sellerlink.attribution.models import ConversionType
from sellerlink.ledger.models import Balance, EntryKind, LedgerKey, Measured

REMAINDER = (
    "Top-100 remainder: Amazon's PRODUCTS report lists only each campaign's 100 best-selling "
    "products, so the partner's other sales of {day} are paid at its default rate."
)


@dataclass(frozen=True)
class Change:
    """One key's entry: what Amazon measures now, what the ledger held, and when."""

    key: LedgerKey
    kind: EntryKind
    now: Measured
    held: Balance
    implied: str
    currency: str
    on: date


def reason(change: Change) -> str | None:
    """The entry's reason; None for a `created` entry of a listed product (nothing to explain)."""
    parts = []
    if change.key.conversion_type is ConversionType.UNALLOCATED:
        parts.append(REMAINDER.format(day=change.key.event_date.isoformat()))
    if change.kind is not EntryKind.CREATED:
        parts.append(_what_changed(change))
    return " ".join(parts) or None


def _what_changed(change: Change) -> str:
    now, held, day, currency = change.now, change.held, change.key.event_date, change.currency
    if (now.sales, now.units, now.purchases) == (held.sales, held.units, held.purchases):
        return (
            f"The commission terms in force on {day} now give {change.implied} {currency} "
            f"instead of {held.amount} {currency}."
        )
    restated = (
        f"Amazon restated the sales of {day} from {held.sales} to {now.sales} {currency} "
        f"({held.units} to {now.units} units, {held.purchases} to {now.purchases} purchases) on {change.on}"
    )
    if change.kind is EntryKind.REVERSED:
        return restated + " (returns or cancellations): nothing is owed for them any more."
    return restated + " (returns, cancellations or late conversions)."
