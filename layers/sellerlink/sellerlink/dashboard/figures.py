"""The numbers of a period, as the overview and the reports show them: totals over the days of a
performance report by date, and the series of its chart."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from markupsafe import Markup

from sellerlink.dashboard.charts import Series, bar_chart, line_chart
from sellerlink.reports.models import GroupBy, PerformanceReport, PerformanceRow

ZERO = Decimal(0)


@dataclass(frozen=True)
class Totals:
    clicks: int
    purchases: int
    sales: Decimal
    commission: Decimal
    brb: Decimal
    net_cost: Decimal


def totals(rows: list[PerformanceRow]) -> Totals:
    return Totals(
        clicks=sum(row.clicks or 0 for row in rows),
        purchases=sum(row.purchases for row in rows),
        sales=sum((row.sales for row in rows), ZERO),
        commission=sum((row.commission or ZERO for row in rows), ZERO),
        brb=sum((row.brb or ZERO for row in rows), ZERO),
        net_cost=sum((row.net_cost or ZERO for row in rows), ZERO),
    )


def every_day(report: PerformanceReport) -> list[date]:
    days, day = [], report.from_date
    while day <= report.to_date:
        days.append(day)
        day += timedelta(days=1)
    return days


def daily_charts(report: PerformanceReport) -> list[Markup]:
    """Money per day (sales, commission, BRB), then clicks and purchases per day, every day shown."""
    days = every_day(report)
    by_day = {row.event_date: row for row in report.rows}

    def of(name: str) -> list[Decimal | int]:
        values: list[Decimal | int] = []
        for day in days:
            row = by_day.get(day)
            values.append((getattr(row, name) or 0) if row else 0)
        return values

    currency = report.currency
    money = [Series(f"Sales ({currency})", of("sales")), Series(f"Commission ({currency})", of("commission"))]
    money.append(Series(f"Brand Referral Bonus ({currency})", of("brb")))
    counts = [Series("Clicks", of("clicks")), Series("Purchases", of("purchases"))]
    return [
        line_chart("money", f"Sales, commission and BRB per day ({currency})", days, money),
        line_chart("counts", "Clicks and purchases per day", days, counts),
    ]


def report_chart(report: PerformanceReport) -> Markup | None:
    if report.group_by is GroupBy.DATE:
        return daily_charts(report)[0]
    rows = sorted(report.rows, key=lambda row: row.sales, reverse=True)[:15]
    if not rows:
        return None
    labels = [row_label(report.group_by, row) for row in rows]
    return bar_chart(
        "sales",
        f"Sales by {report.group_by.value.replace('_', ' ')} ({report.currency})",
        labels,
        [r.sales for r in rows],
    )


def row_label(group_by: GroupBy, row: PerformanceRow) -> str:
    if group_by is GroupBy.DATE:
        return str(row.event_date)
    if group_by is GroupBy.ASIN:
        return row.asin or "unallocated"
    if group_by is GroupBy.SHARED_ID:
        return row.shared_id or "(no SharedID)"
    return row.partner_id or "—"
