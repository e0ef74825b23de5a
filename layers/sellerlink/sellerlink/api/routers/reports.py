"""Reports: performance, the ledger, payout statements and PPV; JSON, or CSV with `Accept: text/csv`.

A partner key reads the same routes, limited to its own numbers.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.api_gateway import Router
from aws_lambda_powertools.event_handler.openapi.params import Header, Query

from sellerlink.api.dependencies import ApiDependencies, deps, principal
from sellerlink.api.problems import ERROR_RESPONSES
from sellerlink.api.responses import answer, json_or_csv
from sellerlink.attribution.models import ConversionType
from sellerlink.ledger.adjustments import Adjustment
from sellerlink.ledger.models import EntryKind, LedgerEntryView, LedgerPage
from sellerlink.reports import logic
from sellerlink.reports.models import (
    GroupBy,
    PartnerPerformanceReport,
    PartnerPerformanceRow,
    PerformanceReport,
    PerformanceRow,
    Ppv,
    Statement,
    StatementLine,
)

router = Router()
TAGS = ["Reports"]


def _stores() -> logic.ReportStores:
    return deps(router, ApiDependencies).reports


@router.get(
    "/v1/programs/<program_id>/reports/performance",
    tags=TAGS,
    responses=json_or_csv(PerformanceReport | PartnerPerformanceReport),  # type: ignore[arg-type]
)
def performance(
    program_id: str,
    group_by: Annotated[GroupBy, Query()] = GroupBy.PARTNER,
    from_date: Annotated[date | None, Query(alias="from")] = None,
    to_date: Annotated[date | None, Query(alias="to")] = None,
) -> Response[PerformanceReport | PartnerPerformanceReport | str]:
    """Clicks, views, carts, purchases, units, sales, commission, BRB and net cost per partner, date,
    ASIN or SharedID (default: the last 30 days). Rows under Amazon's 10-click threshold are flagged,
    so are the last 48 hours (provisional); `data_as_of` says when Amazon was last read. A partner
    key reads its own rows, without the brand's BRB and net cost."""
    stores = _stores()
    scope = logic.scope(stores, principal(router), program_id)
    report = logic.performance_report(stores, scope, group_by, from_date, to_date)
    columns = PartnerPerformanceRow if scope.partner_view else PerformanceRow
    return answer(router, report, list(report.rows), columns)


@router.get("/v1/programs/<program_id>/ledger", tags=TAGS, responses=json_or_csv(LedgerPage, paged=True))
def ledger(
    program_id: str,
    from_date: Annotated[date | None, Query(alias="from")] = None,
    to_date: Annotated[date | None, Query(alias="to")] = None,
    partner_id: Annotated[str | None, Query()] = None,
    kind: Annotated[EntryKind | None, Query()] = None,
    conversion_type: Annotated[ConversionType | None, Query()] = None,
    asin: Annotated[str | None, Query()] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    cursor: Annotated[str | None, Query()] = None,
) -> Response[LedgerPage | str]:
    """Ledger entries by event date, oldest first; follow `next_cursor`, or the `Link` header's
    `rel="next"` (CSV too), for the next page."""
    stores = _stores()
    scope = logic.scope(stores, principal(router), program_id, partner_id)
    wanted = logic.LedgerFilter(from_date, to_date, partner_id, kind, conversion_type, asin)
    page = logic.ledger_page(stores, scope, wanted, limit, cursor)
    return answer(router, page, list(page.entries), LedgerEntryView, page.next_cursor)


@router.post(
    "/v1/programs/<program_id>/adjustments",
    tags=TAGS,
    responses={
        **ERROR_RESPONSES,
        201: {"description": "Appended.", "content": {"application/json": {"model": LedgerEntryView}}},
        200: {"description": "Already appended by this Idempotency-Key: the same entry."},
    },
)
def add_adjustment(
    program_id: str,
    body: Adjustment,
    idempotency_key: Annotated[
        str | None, Header(description="A unique string you choose; a retry with it adds the entry once.")
    ] = None,
) -> Response[LedgerEntryView]:
    """A brand admin's bonus (positive) or correction (negative) for a partner: a `custom` ledger
    entry with its reason, on a date that is not locked yet."""
    dependencies = deps(router, ApiDependencies)
    entry, appended = dependencies.adjustments.add(
        principal(router), program_id, body, idempotency_key, dependencies.ledger_events()
    )
    return Response(201 if appended else 200, content_type="application/json", body=entry)


@router.get("/v1/programs/<program_id>/statements", tags=TAGS, responses=json_or_csv(Statement))
def statements(
    program_id: str, month: Annotated[str, Query(pattern=r"^\d{4}-\d{2}$", examples=["2026-03"])]
) -> Response[Statement | str]:
    """The month's payout statement per partner: locked entries only, so its numbers never change."""
    stores = _stores()
    statement = logic.statement(stores, logic.scope(stores, principal(router), program_id), month)
    return answer(router, statement, list(statement.partners), StatementLine)


@router.get("/v1/ppv", tags=TAGS, responses=ERROR_RESPONSES)
def ppv(month: Annotated[str, Query(pattern=r"^\d{4}-\d{2}$", examples=["2026-03"])]) -> Ppv:
    """The account's Performance Pricing Volume: the commissions of all its programs in the month."""
    return logic.ppv(_stores(), principal(router), month)
