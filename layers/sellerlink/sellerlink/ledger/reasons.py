"""Why the ledger changed, in a sentence a brand or partner understands: every entry other than a
plain `created` one carries its reason (Amazon's restatement, the top-100 remainder, new terms)."""

from __future__ import annotations

from datetime import date

from sellerlink.attribution.models import ConversionType
from sellerlink.ledger.models import Balance, EntryKind, LedgerKey, Measured

REMAINDER = (
    "Top-100 remainder: Amazon's PRODUCTS report lists only each campaign's 100 best-selling "
    "products, so the partner's other sales of {day} are paid at its default rate."
)


def reason(
    key: LedgerKey,
    kind: EntryKind,
    now: Measured,
    held: Balance,
    implied: str,
    currency: str,
    on: date,
) -> str | None:
    """The entry's reason; None for a `created` entry of a listed product (nothing to explain)."""
    parts = []
    if key.conversion_type is ConversionType.UNALLOCATED:
        parts.append(REMAINDER.format(day=key.event_date.isoformat()))
    if kind is not EntryKind.CREATED:
        parts.append(_change(key, kind, now, held, implied, currency, on))
    return " ".join(parts) or None


def _change(
    key: LedgerKey,
    kind: EntryKind,
    now: Measured,
    held: Balance,
    implied: str,
    currency: str,
    on: date,
) -> str:
    if (now.sales, now.units, now.purchases) == (held.sales, held.units, held.purchases):
        return (
            f"The commission terms in force on {key.event_date} now give {implied} {currency} "
            f"instead of {held.amount} {currency}."
        )
    restated = (
        f"Amazon restated the sales of {key.event_date} from {held.sales} to {now.sales} {currency} "
        f"({held.units} to {now.units} units, {held.purchases} to {now.purchases} purchases) on {on}"
    )
    if kind is EntryKind.REVERSED:
        return restated + " (returns or cancellations): nothing is owed for them any more."
    return restated + " (returns, cancellations or late conversions)."
