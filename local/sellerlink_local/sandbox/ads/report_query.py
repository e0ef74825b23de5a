"""``POST /attribution/report``: the request, validated as Amazon validates it."""

from __future__ import annotations

import base64
import hashlib
import json
import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

PERFORMANCE_METRICS = (
    "Click-throughs",
    "attributedDetailPageViewsClicks14d",
    "attributedAddToCartClicks14d",
    "attributedPurchases14d",
    "unitsSold14d",
    "attributedSales14d",
    "attributedTotalDetailPageViewsClicks14d",
    "attributedTotalAddToCartClicks14d",
    "attributedTotalPurchases14d",
    "totalUnitsSold14d",
    "totalAttributedSales14d",
    "brb_bonus_amount",
    "kindleEditionNormalizedPagesRead14d",
    "kindleEditionNormalizedPagesRoyalties14d",
)
PRODUCTS_METRICS = (
    "attributedDetailPageViewsClicks14d",
    "attributedAddToCartClicks14d",
    "attributedPurchases14d",
    "unitsSold14d",
    "attributedSales14d",
    "brandHaloDetailPageViewsClicks14d",
    "brandHaloAttributedAddToCartClicks14d",
    "brandHaloAttributedPurchases14d",
    "brandHaloUnitsSold14d",
    "brandHaloAttributedSales14d",
    "attributedNewToBrandPurchases14d",
    "attributedNewToBrandUnitsSold14d",
    "attributedNewToBrandSales14d",
    "brandHaloNewToBrandPurchases14d",
    "brandHaloNewToBrandUnitsSold14d",
    "brandHaloNewToBrandSales14d",
    "kindleEditionNormalizedPagesRead14d",
    "kindleEditionNormalizedPagesRoyalties14d",
)
BRB = "brb_bonus_amount"
GROUPINGS = ("CAMPAIGN", "ADGROUP", "CREATIVE")
PRODUCTS_LOOKBACK_DAYS = 90
PERFORMANCE_LOOKBACK_MONTHS = 13
MAX_COUNT = 5000
_DATE = re.compile(r"^\d{8}$")


class InvalidReportRequest(ValueError):
    """Amazon answers 400 with this message."""


@dataclass(frozen=True)
class Cursor:
    day: int
    key: tuple[Any, ...]


@dataclass(frozen=True)
class ReportQuery:
    profile_id: int
    report_type: str
    group_by: str
    start_day: int
    end_day: int
    count: int
    metrics: tuple[str, ...]
    cursor: Cursor | None

    def fingerprint(self) -> str:
        text = f"{self.profile_id}|{self.report_type}|{self.group_by}|{self.start_day}|{self.end_day}"
        return hashlib.sha256(text.encode()).hexdigest()[:16]

    def encode_cursor(self, day: int, key: tuple[Any, ...]) -> str:
        raw = json.dumps({"f": self.fingerprint(), "d": day, "k": list(key)}, separators=(",", ":"))
        return base64.urlsafe_b64encode(raw.encode()).decode()


def parse_report_request(
    body: Any, profile_id: int, advertiser_id: str, brb_enrolled: bool, today: date
) -> ReportQuery:
    if not isinstance(body, dict):
        raise InvalidReportRequest("Request body must be a JSON object")
    report_type = body.get("reportType") or "PERFORMANCE"
    if report_type not in ("PERFORMANCE", "PRODUCTS"):
        raise InvalidReportRequest("reportType must be PERFORMANCE or PRODUCTS")
    group_by = _group_by(body, report_type)
    start, end = _window(body, report_type, today)
    count = body.get("count", MAX_COUNT)
    if isinstance(count, bool) or not isinstance(count, int) or not 1 <= count <= MAX_COUNT:
        raise InvalidReportRequest(f"count must be an integer between 1 and {MAX_COUNT}")
    _check_advertisers(body.get("advertiserIds"), advertiser_id)
    metrics = _metrics(body.get("metrics"), report_type, group_by, brb_enrolled)
    query = ReportQuery(
        profile_id, report_type, group_by, start.toordinal(), end.toordinal(), count, metrics, None
    )
    cursor = _cursor(body.get("cursorId"), query)
    return ReportQuery(**{**query.__dict__, "cursor": cursor})


def _group_by(body: dict[str, Any], report_type: str) -> str:
    group_by = body.get("groupBy")
    if report_type == "PRODUCTS":
        if group_by is not None:
            raise InvalidReportRequest("groupBy is not supported for reportType PRODUCTS")
        return "ADGROUP"
    group_by = group_by or "CREATIVE"
    if group_by not in GROUPINGS:
        raise InvalidReportRequest("groupBy must be CAMPAIGN, ADGROUP or CREATIVE")
    return str(group_by)


def _parse_date(value: Any, name: str) -> date:
    if not isinstance(value, str) or not _DATE.match(value):
        raise InvalidReportRequest(f"{name} must be a date formatted YYYYMMDD")
    try:
        return datetime.strptime(value, "%Y%m%d").date()
    except ValueError as error:
        raise InvalidReportRequest(f"{name} is not a valid date: {value}") from error


def _window(body: dict[str, Any], report_type: str, today: date) -> tuple[date, date]:
    start = _parse_date(body.get("startDate"), "startDate")
    end = _parse_date(body.get("endDate"), "endDate")
    if start > end:
        raise InvalidReportRequest("startDate must not be after endDate")
    if report_type == "PRODUCTS" and start.toordinal() < today.toordinal() - PRODUCTS_LOOKBACK_DAYS:
        raise InvalidReportRequest("For reportType PRODUCTS, startDate must be within the last 90 days")
    if report_type == "PERFORMANCE" and start < months_before(today, PERFORMANCE_LOOKBACK_MONTHS):
        raise InvalidReportRequest("For reportType PERFORMANCE, startDate must be within the last 13 months")
    return start, end


def months_before(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    for candidate in range(day.day, 0, -1):
        try:
            return date(year, month + 1, candidate)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def _check_advertisers(raw: Any, advertiser_id: str) -> None:
    if raw in (None, ""):
        return
    ids = [part.strip() for part in str(raw).split(",") if part.strip()]
    unknown = [value for value in ids if value != advertiser_id]
    if unknown:
        raise InvalidReportRequest(f"Invalid advertiser identifier(s) for this profile: {', '.join(unknown)}")


def _metrics(raw: Any, report_type: str, group_by: str, brb_enrolled: bool) -> tuple[str, ...]:
    allowed = PERFORMANCE_METRICS if report_type == "PERFORMANCE" else PRODUCTS_METRICS
    if raw in (None, ""):
        return tuple(m for m in allowed if m != BRB)
    if not isinstance(raw, str):
        raise InvalidReportRequest("metrics must be a comma-delimited string")
    names = [name.strip() for name in raw.split(",") if name.strip()]
    unknown = [name for name in names if name not in allowed]
    if unknown:
        raise InvalidReportRequest(f"Invalid metrics for reportType {report_type}: {', '.join(unknown)}")
    if BRB in names and group_by not in ("CAMPAIGN", "ADGROUP"):
        raise InvalidReportRequest("brb_bonus_amount requires groupBy CAMPAIGN or ADGROUP")
    if BRB in names and not brb_enrolled:
        names.remove(BRB)
    return tuple(dict.fromkeys(names))


def _cursor(raw: Any, query: ReportQuery) -> Cursor | None:
    if raw in (None, ""):
        return None
    try:
        decoded = json.loads(base64.urlsafe_b64decode(str(raw).encode()))
        if decoded["f"] != query.fingerprint():
            raise ValueError("cursor of another report")
        return Cursor(int(decoded["d"]), tuple(decoded["k"]))
    except (ValueError, KeyError, TypeError) as error:
        raise InvalidReportRequest("Invalid cursorId") from error
