"""Which reports a pull reads over which windows: pure date arithmetic, no I/O.

Amazon keeps PERFORMANCE 13 months and PRODUCTS 90 days; a backfill is split into windows of at
most 31 days so that each report request stays small. The ledger recomputes only the dates that
both ADGROUP and PRODUCTS covered (older dates have no PRODUCTS, so their split is unknown).
"""

from __future__ import annotations

from datetime import date, timedelta

from sellerlink.attribution.models import Report, ReportJob
from sellerlink.errors import Unprocessable

WINDOW_DAYS = 31
PRODUCTS_DAYS = 89  # one day inside Amazon's 90, so a pull that crosses midnight is still accepted
PERFORMANCE_MONTHS = 13


def months_before(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    for candidate in range(day.day, 0, -1):
        try:
            return date(year, month + 1, candidate)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def earliest(today: date) -> date:
    return months_before(today, PERFORMANCE_MONTHS) + timedelta(days=1)


def default_range(today: date, window_days: int) -> tuple[date, date]:
    """The daily pull: the last `window_days` days up to today (Amazon restates up to 28 days)."""
    return today - timedelta(days=window_days), today


def requested_range(start: date | None, end: date | None, today: date, window_days: int) -> tuple[date, date]:
    """An on-demand range: what is missing defaults to the daily window; checked against Amazon's limits."""
    end = end or today
    start = start or end - timedelta(days=window_days)
    check_range(start, end, today)
    return start, end


def check_range(start: date, end: date, today: date) -> None:
    if end > today:
        raise Unprocessable(f"'to' ({end}) is in the future; Amazon has data up to today ({today}).")
    if start > end:
        raise Unprocessable(f"'from' ({start}) is after 'to' ({end}); swap them.")
    if start < earliest(today):
        raise Unprocessable(
            f"'from' ({start}) is more than 13 months ago; Amazon keeps attribution data 13 months, "
            f"so start on {earliest(today)} or later."
        )


def jobs(start: date, end: date, today: date) -> list[ReportJob]:
    found = [
        ReportJob(report=report, start=first, end=last)
        for report in (Report.ADGROUP, Report.CREATIVE)
        for first, last in split(start, end)
    ]
    products_start = max(start, today - timedelta(days=PRODUCTS_DAYS))
    found += [
        ReportJob(report=Report.PRODUCTS, start=first, end=last) for first, last in split(products_start, end)
    ]
    return found


def split(start: date, end: date) -> list[tuple[date, date]]:
    windows = []
    while start <= end:
        last = min(end, start + timedelta(days=WINDOW_DAYS - 1))
        windows.append((start, last))
        start = last + timedelta(days=1)
    return windows


def covered_dates(found: list[ReportJob]) -> frozenset[date]:
    """Dates read by both ADGROUP and PRODUCTS: the ones the ledger can recompute."""

    def days(report: Report) -> set[date]:
        return {
            job.start + timedelta(days=i)
            for job in found
            if job.report is report
            for i in range((job.end - job.start).days + 1)
        }

    return frozenset(days(Report.ADGROUP) & days(Report.PRODUCTS))


def months_ending(first: date, last: date) -> list[tuple[str, date]]:
    """The months (`YYYY-MM`, last day) whose last day falls within `first`..`last`."""
    found = []
    day = first
    while day <= last:
        month_end = (day.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
        if month_end <= last:
            found.append((month_end.strftime("%Y-%m"), month_end))
        day = month_end + timedelta(days=1)
    return found
