"""Payout fixtures for the end-to-end tests: ledger entries written as pulls leave them, partners
with payout profiles, and the sandbox clock the whole stack reads."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta
from typing import Any

import requests

from sellerlink_local.drivers.client import SellerlinkClient
from tests.e2e.conftest import OnboardedProgram
from tests.ledger_entries import created_entry

IBAN = "DE89370400440532013000"
PAYPAL_EMAIL = "trail.reviews.payouts@example.com"
WISE_ID = "48213377"
ACCOUNT_NUMBER, ROUTING_NUMBER = "000123456789", "011000015"


def bank_profile() -> dict[str, Any]:
    details = {
        "account_holder": "Trail Reviews GmbH",
        "iban": IBAN[:4] + " " + IBAN[4:],
        "bic": "COBADEFFXXX",
    }
    return {"method": "bank_transfer", "country": "DE", "currency": "EUR", "details": details}


def paypal_profile(email: str = PAYPAL_EMAIL) -> dict[str, Any]:
    return {"method": "paypal", "country": "US", "currency": "USD", "details": {"paypal_email": email}}


def wise_profile() -> dict[str, Any]:
    return {"method": "wise", "country": "GB", "currency": "GBP", "details": {"wise_recipient_id": WISE_ID}}


def sandbox_now(stack: Any) -> datetime:
    now = requests.get(f"{stack.sandbox_url}/_sandbox/clock", timeout=10).json()["now"]
    return datetime.fromisoformat(now.replace("Z", "+00:00"))


def set_clock(stack: Any, moment: datetime) -> None:
    body = {"now": moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")}
    requests.put(f"{stack.sandbox_url}/_sandbox/clock", json=body, timeout=10).raise_for_status()


def closed_month(stack: Any, months_back: int = 3) -> tuple[str, date]:
    """A month that ended and locked long ago (by the sandbox clock), and its first day."""
    day = (sandbox_now(stack).date().replace(day=1) - timedelta(days=1)).replace(day=1)
    for _ in range(months_back - 1):
        day = (day - timedelta(days=1)).replace(day=1)
    return day.strftime("%Y-%m"), day


def write_entries(
    table: Any, program: OnboardedProgram, partner_id: str, days: Sequence[date], amount: str
) -> list[str]:
    """`created` entries as a pull appends them (one per day), with their PPV; their ids."""
    from sellerlink.ledger.dal import LedgerStore

    entries = [
        created_entry(program.program_id, partner_id, day, amount, index, program.asins[0])
        for index, day in enumerate(days)
    ]
    LedgerStore(table).append(program.account_id, entries)
    return [entry.entry_id for entry in entries]


def member(program: OnboardedProgram, partner: SellerlinkClient) -> str:
    partner.post(program.path("/applications"))
    program.admin.post(program.path(f"/partners/{partner.partner_id}/approve"))  # type: ignore[attr-defined]
    return str(partner.partner_id)  # type: ignore[attr-defined]
