"""What each membership has been paid: the `paid` balance beside `pending` and `locked` in a
partner's memberships (GET /v1/partner/memberships). Paid totals are kept per program and partner
in the program's currency, added in the same transaction that marks a payout paid."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from sellerlink.partners.models import Membership
from sellerlink.payouts.dal import PayoutStore


class PaidBalances:
    def __init__(self, store: PayoutStore) -> None:
        self._store = store

    def of(self, memberships: Sequence[Membership]) -> dict[tuple[str, str], Decimal]:
        """(account_id, program_id) -> paid to the membership's partner (0 when nothing was paid)."""
        keys = [(m.account_id, m.program_id, m.partner_id) for m in memberships]
        return {(a, p): paid for (a, p, _), paid in self._store.paid_totals(keys).items()}
