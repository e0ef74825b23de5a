"""Brand: the commission ledger's entries with their reasons, filtered by dates, partner, kind and
ASIN, a page at a time, and the page as CSV."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.api_gateway import Router

from sellerlink.dashboard.page import Page
from sellerlink.dashboard.routes.reports import csv_download, day_of
from sellerlink.errors import SellerlinkError, Unprocessable
from sellerlink.ledger.models import EntryKind, LedgerEntryView, LedgerPage
from sellerlink.programs.logic import get_program
from sellerlink.reports import logic
from sellerlink.reports.tables import to_csv

router = Router()
PAGE_SIZE = 100
FILTERS = ("from", "to", "partner_id", "kind", "asin")


def entries_of(page: Page, program_id: str) -> LedgerPage:
    kind = page.query("kind")
    if kind and kind not in {k.value for k in EntryKind}:
        raise Unprocessable(f"'{kind}' is not a kind of entry; choose created, adjusted, reversed or custom.")
    stores = page.deps.reports
    wanted = logic.LedgerFilter(
        day_of(page, "from", "From"),
        day_of(page, "to", "To"),
        page.query("partner_id") or None,
        EntryKind(kind) if kind else None,
        None,
        page.query("asin").upper() or None,
    )
    scope = logic.scope(stores, page.principal, program_id, wanted.partner_id)
    return logic.ledger_page(stores, scope, wanted, PAGE_SIZE, page.query("cursor") or None)


@router.get("/programs/<program_id>/ledger")
def ledger(program_id: str) -> Response[str]:
    page = Page.of(router, brand=True)
    program = get_program(page.deps.programs, page.principal, program_id)
    asked = {name: page.query(name) for name in FILTERS}
    context: dict[str, Any] = {
        "program": program,
        "title": "Ledger",
        "asked": asked,
        "kinds": list(EntryKind),
    }
    try:
        entries = entries_of(page, program_id)
    except SellerlinkError as refused:
        return page.render("ledger.html", refused.status, entries=None, error=refused.detail, **context)
    query = urlencode({k: v for k, v in asked.items() if v})
    return page.render("ledger.html", entries=entries, query=query, **context)


@router.get("/programs/<program_id>/ledger.csv")
def ledger_csv(program_id: str) -> Response[str]:
    page = Page.of(router, brand=True)
    entries = entries_of(page, program_id)
    return csv_download(f"ledger-{program_id}.csv", to_csv(list(entries.entries), LedgerEntryView))
