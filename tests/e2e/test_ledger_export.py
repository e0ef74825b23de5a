"""A ledger of any size exports whole: every page links the next (`Link: rel="next"`), CSV too."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

from sellerlink_local.drivers.client import SellerlinkClient
from tests.e2e.conftest import OnboardedProgram


def _entries(program: OnboardedProgram, partner_id: str, count: int) -> list[Any]:
    from sellerlink.attribution.models import ConversionType
    from sellerlink.ledger.models import EntryKind, LedgerEntry

    first = date(2026, 1, 1)
    return [
        LedgerEntry(
            entry_id=f"{first + timedelta(days=i % 40)}#{partner_id}#B0EXP{i:05d}#promoted#pull-export",
            program_id=program.program_id,
            partner_id=partner_id,
            event_date=first + timedelta(days=i % 40),
            asin=f"B0EXP{i:05d}",
            conversion_type=ConversionType.PROMOTED,
            kind=EntryKind.CREATED,
            purchases=1,
            units=1,
            sales=Decimal("10.00"),
            amount=Decimal("1.00"),
            currency="USD",
            pull_id="pull-export",
            created_at=datetime(2026, 3, 1, tzinfo=UTC),
        )
        for i in range(count)
    ]


def test_a_csv_export_of_1200_entries_follows_the_next_links_to_the_end(
    table: Any, onboarded_program: OnboardedProgram, approved_partner: SellerlinkClient
) -> None:
    # Given 1,200 ledger entries, more than one page can hold (1,000)
    from sellerlink.ledger.dal import LedgerStore

    partner = approved_partner.partner_id  # type: ignore[attr-defined]
    LedgerStore(table).append(onboarded_program.account_id, _entries(onboarded_program, partner, 1200))
    # When the brand exports the ledger as CSV, following each rel="next" link
    path: str | None = onboarded_program.path("/ledger") + "?limit=1000&from=2026-01-01&to=2026-03-31"
    rows: list[dict[str, str]] = []
    pages = 0
    while path:
        answer = onboarded_program.admin.request("GET", path, headers={"Accept": "text/csv"})
        assert answer.status_code == 200, answer.text
        rows += list(csv.DictReader(io.StringIO(answer.text)))
        pages += 1
        link = answer.headers.get("Link")
        path = link.split(">")[0].removeprefix("<") if link else None
        assert link is None or link.endswith('>; rel="next"')
    # Then every entry arrives once, in two pages, and the filters travel with the cursor
    assert pages == 2 and len(rows) == 1200
    assert len({row["entry_id"] for row in rows}) == 1200
    assert {row["event_date"][:4] for row in rows} == {"2026"}
