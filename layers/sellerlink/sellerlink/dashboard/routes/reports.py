"""Brand: performance by partner, date, ASIN or SharedID over a date range, with a chart, and the
same rows as CSV."""

from __future__ import annotations

from datetime import date
from typing import Any

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.api_gateway import Router

from sellerlink.dashboard import figures, web
from sellerlink.dashboard.page import Page
from sellerlink.errors import Forbidden, SellerlinkError, Unprocessable
from sellerlink.programs.logic import get_program
from sellerlink.reports import logic
from sellerlink.reports.models import GroupBy, PerformanceReport, PerformanceRow
from sellerlink.reports.tables import to_csv

router = Router()


def day_of(page: Page, name: str, label: str) -> date | None:
    raw = page.query(name)
    if not raw:
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise Unprocessable(f"{label} '{raw}' is not a date; use YYYY-MM-DD, e.g. 2026-03-01.") from None


def report_of(page: Page, program_id: str) -> PerformanceReport:
    raw = page.query("group_by", "partner")
    if raw not in {g.value for g in GroupBy}:
        raise Unprocessable(f"'{raw}' is not a grouping; choose partner, date, asin or shared_id.")
    return brand_report(
        page, program_id, GroupBy(raw), day_of(page, "from", "From"), day_of(page, "to", "To")
    )


def brand_report(
    page: Page, program_id: str, group_by: GroupBy, first: date | None, last: date | None
) -> PerformanceReport:
    """The report as the brand reads it (brand pages never open for a partner: see `Page`)."""
    stores = page.deps.reports
    report = logic.performance_report(
        stores, logic.scope(stores, page.principal, program_id), group_by, first, last
    )
    if not isinstance(report, PerformanceReport):
        raise Forbidden("This page is for brand accounts.")
    return report


def reports_page(page: Page, program_id: str) -> Response[str]:
    program = get_program(page.deps.programs, page.principal, program_id)
    context: dict[str, Any] = {"program": program, "title": "Reports", "groups": list(GroupBy)}
    asked = {
        "group_by": page.query("group_by", "partner"),
        "from": page.query("from"),
        "to": page.query("to"),
    }
    try:
        report = report_of(page, program_id)
    except SellerlinkError as refused:
        return page.render(
            "reports.html", refused.status, report=None, asked=asked, error=refused.detail, **context
        )
    return page.render(
        "reports.html",
        report=report,
        asked=asked,
        chart=figures.report_chart(report),
        label=figures.row_label,
        totals=figures.totals(list(report.rows)),
        **context,
    )


@router.get("/programs/<program_id>/reports")
def reports(program_id: str) -> Response[str]:
    return reports_page(Page.of(router, brand=True), program_id)


@router.get("/programs/<program_id>/reports.csv")
def reports_csv(program_id: str) -> Response[str]:
    page = Page.of(router, brand=True)
    report = report_of(page, program_id)
    name = f"performance-{report.group_by.value}-{report.from_date}-{report.to_date}.csv"
    return csv_download(name, to_csv(list(report.rows), PerformanceRow))


def csv_download(name: str, body: str) -> Response[str]:
    headers = {**web.SECURITY_HEADERS, "Content-Disposition": f'attachment; filename="{name}"'}
    return Response(200, content_type="text/csv; charset=utf-8", body=body, headers=headers)
