"""Reports: performance, the ledger, payout statements and PPV; JSON, or CSV with `Accept: text/csv`.

A partner key reads the same routes, limited to its own numbers.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, TypeVar
from urllib.parse import urlencode

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.api_gateway import Router
from aws_lambda_powertools.event_handler.openapi.params import Header, Query
from aws_lambda_powertools.event_handler.openapi.types import OpenAPIResponse
from pydantic import BaseModel

from sellerlink.api.dependencies import ApiDependencies, deps, principal
from sellerlink.api.problems import ERROR_RESPONSES
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
from sellerlink.reports.tables import CSV, to_csv, wants_csv

Report = TypeVar("Report", bound=BaseModel)
router = Router()
TAGS = ["Reports"]


def _json_or_csv(model: type[BaseModel], paged: bool = False) -> dict[int, OpenAPIResponse]:
    content: dict[str, Any] = {"application/json": {"model": model}, CSV: {"schema": {"type": "string"}}}
    answer: OpenAPIResponse = {"description": "JSON, or CSV with `Accept: text/csv`.", "content": content}
    if paged:
        link = {"description": 'The next page, when there is one: `<path?...&cursor=...>; rel="next"`.'}
        answer["headers"] = {"Link": {**link, "schema": {"type": "string"}}}  # type: ignore[typeddict-item]
    return {**ERROR_RESPONSES, 200: answer}


def _stores() -> logic.ReportStores:
    return deps(router, ApiDependencies).reports


def _answer(
    body: Report, rows: list[BaseModel], model: type[BaseModel], next_cursor: str | None = None
) -> Response[Report | str]:
    """JSON or CSV; a page with more after it links the next one (`Link: <...>; rel="next"`, RFC
    8288), so a CSV export, which has no room for a cursor, follows the links to the whole range."""
    headers = {"Link": f'<{_next_page(next_cursor)}>; rel="next"'} if next_cursor else None
    if wants_csv(router.current_event.headers.get("accept")):
        return Response(200, content_type=f"{CSV}; charset=utf-8", body=to_csv(rows, model), headers=headers)
    return Response(200, content_type="application/json", body=body, headers=headers)


def _next_page(cursor: str | None) -> str:
    """This request's path and query, with the next page's cursor."""
    event = router.current_event
    query = {**(event.query_string_parameters or {}), "cursor": cursor or ""}
    return f"{event.path}?{urlencode(query)}"


@router.get(
    "/v1/programs/<program_id>/reports/performance",
    tags=TAGS,
    responses=_json_or_csv(PerformanceReport | PartnerPerformanceReport),  # type: ignore[arg-type]
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
    return _answer(report, list(report.rows), columns)


@router.get("/v1/programs/<program_id>/ledger", tags=TAGS, responses=_json_or_csv(LedgerPage, paged=True))
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
    return _answer(page, list(page.entries), LedgerEntryView, page.next_cursor)


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


@router.get("/v1/programs/<program_id>/statements", tags=TAGS, responses=_json_or_csv(Statement))
def statements(
    program_id: str, month: Annotated[str, Query(pattern=r"^\d{4}-\d{2}$", examples=["2026-03"])]
) -> Response[Statement | str]:
    """The month's payout statement per partner: locked entries only, so its numbers never change."""
    stores = _stores()
    statement = logic.statement(stores, logic.scope(stores, principal(router), program_id), month)
    return _answer(statement, list(statement.partners), StatementLine)


@router.get("/v1/ppv", tags=TAGS, responses=ERROR_RESPONSES)
def ppv(month: Annotated[str, Query(pattern=r"^\d{4}-\d{2}$", examples=["2026-03"])]) -> Ppv:
    """The account's Performance Pricing Volume: the commissions of all its programs in the month."""
    return logic.ppv(_stores(), principal(router), month)
