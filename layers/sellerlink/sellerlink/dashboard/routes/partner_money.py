"""Partner: Discover (the marketplace's listed programs, and applying with what each asks), Earnings
(across programs, a chart, a table and CSV) and Payouts (its payouts, and its payout profile, whose
details are only ever shown masked). The same logic as `GET /v1/marketplace/programs`,
`POST /v1/programs/{id}/apply`, `GET /v1/partner/earnings`, `GET /v1/partner/payouts` and
`PUT /v1/partner/payout-profile`."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.api_gateway import Router
from markupsafe import Markup

from sellerlink.accounts.permissions import require_partner
from sellerlink.dashboard.charts import Series, bar_chart, line_chart
from sellerlink.dashboard.forms import optional, parse
from sellerlink.dashboard.page import Page
from sellerlink.dashboard.routes.reports import csv_download, day_of
from sellerlink.earnings.models import EarningsGroupBy, EarningsReport, EarningsRow
from sellerlink.earnings.report import earnings_report
from sellerlink.errors import NotFound, SellerlinkError, Unprocessable
from sellerlink.marketplace.listing import ListingFilter, marketplace_page
from sellerlink.partners import logic as partners
from sellerlink.partners.models import ApplicationForm, Membership
from sellerlink.payouts import profiles
from sellerlink.payouts.models import PayoutMethod, ProfileInput
from sellerlink.payouts.review import partner_payouts
from sellerlink.programs.models import ApplicationField
from sellerlink.reports.tables import to_csv

router = Router()
DISCOVER_PAGE_SIZE = 20
FIELD_LABELS = {
    ApplicationField.WEBSITE: "Website",
    ApplicationField.AUDIENCE_SIZE: "Audience size (followers, subscribers or visitors)",
    ApplicationField.AUDIENCE_DESCRIPTION: "Your audience",
    ApplicationField.PROMOTION_METHODS: "How you promote (separated by commas)",
    ApplicationField.MESSAGE: "A note to the brand",
}
DETAIL_FIELDS = {
    PayoutMethod.BANK_TRANSFER: ("account_holder", "iban", "bic", "account_number", "routing_number"),
    PayoutMethod.PAYPAL: ("paypal_email",),
    PayoutMethod.WISE: ("wise_recipient_id",),
    PayoutMethod.OTHER: ("instructions",),
}
DETAIL_LABELS = {
    "account_holder": "Account holder",
    "iban": "IBAN",
    "bic": "BIC",
    "account_number": "Account number (US)",
    "routing_number": "Routing number (US)",
    "paypal_email": "PayPal e-mail address",
    "wise_recipient_id": "Wise recipient id",
    "instructions": "Instructions",
}


# Discover


def discover_page(page: Page, status: int = 200, **context: Any) -> Response[str]:
    deps = page.deps
    asked = {name: page.query(name) for name in ("q", "category", "marketplace", "cursor")}
    listed = marketplace_page(
        deps.programs,
        deps.partners,
        deps.clock,
        page.principal,
        ListingFilter(
            marketplace=asked["marketplace"] or None,
            category=asked["category"] or None,
            min_rate=None,
            text=asked["q"] or None,
        ),
        DISCOVER_PAGE_SIZE,
        asked["cursor"] or None,
    )
    mine = {m.program_id: m.status for m in deps.partners.of_partner(require_partner(page.principal))}
    return page.render(
        "discover.html",
        status,
        title="Discover programs",
        listed=listed,
        asked=asked,
        mine=mine,
        fields=FIELD_LABELS,
        **context,
    )


@router.get("/partner/discover")
def discover() -> Response[str]:
    return discover_page(Page.of(router, partner=True))


@router.post("/partner/discover/apply")
def apply_listed() -> Response[str]:
    page = Page.of(router, partner=True)
    program_id = page.field("program_id")
    try:
        membership = applied(page, program_id)
    except SellerlinkError as refused:
        return discover_page(page, refused.status, error=refused.detail, applying=program_id)
    return discover_page(page, notice=f"Your membership of {membership.program_id} is {membership.status}.")


def applied(page: Page, program_id: str) -> Membership:
    """The partner applies (or accepts an invitation) with the form's application fields, as
    POST /v1/programs/{id}/apply does."""
    deps = page.deps
    if not program_id:
        raise Unprocessable("Enter the program's id (it starts with prg_); the brand gives it to you.")
    events = deps.membership_events()
    form = application_of(page)
    return partners.apply(deps.partners, deps.programs, deps.clock, page.principal, program_id, events, form)


def application_of(page: Page) -> ApplicationForm:
    """The application's fields as typed; empty ones are left out (the program says which it needs)."""
    audience = page.field("audience_size").replace(",", "")
    if audience and not audience.isdigit():
        raise Unprocessable(f"Audience size '{audience}' is not a whole number; write e.g. 12000.")
    methods = [m.strip() for m in page.field("promotion_methods").split(",") if m.strip()]
    return parse(
        ApplicationForm,
        {
            "website": optional(page.field("website")),
            "audience_size": int(audience) if audience else None,
            "audience_description": optional(page.field("audience_description")),
            "promotion_methods": methods or None,
            "message": optional(page.field("message")),
        },
    )


# Earnings


def earnings_of(page: Page) -> EarningsReport:
    raw = page.query("group_by", "date")
    if raw not in {g.value for g in EarningsGroupBy}:
        raise Unprocessable(f"'{raw}' is not a grouping; choose program, date or link.")
    first, last = day_of(page, "from", "From"), day_of(page, "to", "To")
    return earnings_report(page.deps.earnings, page.principal, EarningsGroupBy(raw), first, last)


def earnings_chart(report: EarningsReport) -> Markup | None:
    """Commission per day (one line per currency) by date; otherwise sales per program or link."""
    if report.group_by is EarningsGroupBy.DATE:
        days = [
            report.from_date + timedelta(days=n) for n in range((report.to_date - report.from_date).days + 1)
        ]
        currencies = sorted({row.currency for row in report.rows}) or ["USD"]
        series = []
        for currency in currencies:
            by_day: dict[date | None, Decimal] = {
                row.event_date: row.commission or Decimal(0)
                for row in report.rows
                if row.currency == currency
            }
            series.append(Series(f"Commission ({currency})", [by_day.get(day, Decimal(0)) for day in days]))
        return line_chart("earnings", "Commission per day", days, series)
    rows = sorted(report.rows, key=lambda row: row.sales, reverse=True)[:15]
    if not rows:
        return None
    labels = [earnings_label(report.group_by, row) for row in rows]
    return bar_chart("earnings", f"Sales by {report.group_by.value}", labels, [row.sales for row in rows])


def earnings_label(group_by: EarningsGroupBy, row: EarningsRow) -> str:
    if group_by is EarningsGroupBy.DATE:
        return str(row.event_date)
    if group_by is EarningsGroupBy.LINK:
        return f"{row.asin or row.link_id}{f' ({row.shared_id})' if row.shared_id else ''}"
    return row.program_name or row.program_id or "—"


@router.get("/partner/earnings")
def earnings() -> Response[str]:
    page = Page.of(router, partner=True)
    asked = {"group_by": page.query("group_by", "date"), "from": page.query("from"), "to": page.query("to")}
    context: dict[str, Any] = {"asked": asked, "groups": list(EarningsGroupBy), "label": earnings_label}
    try:
        report = earnings_of(page)
    except SellerlinkError as refused:
        return page.render(
            "earnings.html", refused.status, title="Earnings", report=None, error=refused.detail, **context
        )
    return page.render(
        "earnings.html", title="Earnings", report=report, chart=earnings_chart(report), **context
    )


@router.get("/partner/earnings.csv")
def earnings_csv() -> Response[str]:
    report = earnings_of(Page.of(router, partner=True))
    name = f"earnings-{report.group_by.value}-{report.from_date}-{report.to_date}.csv"
    return csv_download(name, to_csv(list(report.rows), EarningsRow))


# Payouts


def payouts_page(page: Page, status: int = 200, **context: Any) -> Response[str]:
    deps = page.deps
    partner_id = require_partner(page.principal)
    try:
        profile = profiles.get_profile(deps.payouts, partner_id)
    except NotFound:
        profile = None
    context.setdefault("method", profile.method.value if profile else PayoutMethod.PAYPAL.value)
    return page.render(
        "partner_payouts.html",
        status,
        title="Payouts",
        payouts=partner_payouts(deps.payouts, page.principal),
        profile=profile,
        methods=list(PayoutMethod),
        detail_fields=DETAIL_FIELDS,
        detail_labels=DETAIL_LABELS,
        **context,
    )


@router.get("/partner/payouts")
def payouts() -> Response[str]:
    return payouts_page(Page.of(router, partner=True))


@router.post("/partner/payouts/profile")
def set_payout_profile() -> Response[str]:
    """Details are sealed as they arrive and never shown again: the page shows the masked form."""
    page = Page.of(router, partner=True)
    deps = page.deps
    method = page.field("method")
    try:
        if method not in {m.value for m in PayoutMethod}:
            raise Unprocessable("Choose how you are paid: bank transfer, PayPal, Wise or other.")
        wanted = DETAIL_FIELDS[PayoutMethod(method)]
        details = {name: optional(page.field(name)) for name in wanted}
        given = parse(
            ProfileInput,
            {
                "method": method,
                "country": page.field("country").upper(),
                "currency": page.field("currency").upper(),
                "details": details,
            },
        )
        profiles.set_profile(
            deps.payouts, deps.payout_cipher(), deps.clock, require_partner(page.principal), given
        )
    except SellerlinkError as refused:
        return payouts_page(page, refused.status, error=refused.detail, method=method)
    return payouts_page(page, notice="Your payout profile is saved; its details are shown masked only.")
