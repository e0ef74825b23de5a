"""Brand: Statements and payouts: the month's statement, the payout runs (ask for a month's run,
approve the draft, export it, download its files through pre-signed links, mark each payout paid
or failed) and the program's payout settings. The same logic as `/v1/programs/{id}/statements`,
`.../payout-runs` and `.../payout-settings`; every brand user reads, admins act (as in the API)."""

from __future__ import annotations

from datetime import date
from typing import Any

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.api_gateway import Router

from sellerlink.dashboard import web
from sellerlink.dashboard.forms import optional, parse
from sellerlink.dashboard.page import Page
from sellerlink.errors import SellerlinkError, Unprocessable
from sellerlink.payouts import program_settings
from sellerlink.payouts.models import FileFormat, RunRequest, SettingsUpdate
from sellerlink.payouts.results import parse as parse_results
from sellerlink.reports import logic as reports

router = Router()
RUNS = "/programs/<program_id>/payouts"


def _last_month(today: date) -> str:
    first = today.replace(day=1)
    return f"{first.year - (first.month == 1)}-{(first.month - 2) % 12 + 1:02d}"


def runs_page(page: Page, program_id: str, status: int = 200, **context: Any) -> Response[str]:
    deps = page.deps
    review = deps.payout_review()
    program = review.program(page.principal, program_id)
    month = page.query("month") or _last_month(deps.clock.now().date())
    try:
        statement = reports.statement(
            deps.reports, reports.scope(deps.reports, page.principal, program_id), month
        )
    except SellerlinkError as refused:
        statement, context = None, {"error": refused.detail, **context}
    return page.render(
        "payout_runs.html",
        status,
        title="Statements and payouts",
        program=program,
        month=month,
        statement=statement,
        runs=review.runs(page.principal, program_id),
        settings=program_settings.read(deps.programs, deps.payouts, page.principal, program_id),
        **context,
    )


@router.get(RUNS)
def runs(program_id: str) -> Response[str]:
    return runs_page(Page.of(router, brand=True), program_id)


@router.post(RUNS)
def start_run(program_id: str) -> Response[str]:
    page = Page.of(router, brand=True)
    try:
        wanted = parse(RunRequest, {"month": page.field("month")})
        run, _ = page.deps.payout_requests().request(page.principal, program_id, wanted.month)
    except SellerlinkError as refused:
        return runs_page(page, program_id, refused.status, error=refused.detail)
    return web.redirect(f"/programs/{program_id}/payouts/{run.run_id}")


@router.post(f"{RUNS}/settings")
def save_settings(program_id: str) -> Response[str]:
    page = Page.of(router, brand=True)
    deps = page.deps
    try:
        program = deps.payout_review().program(page.principal, program_id)
        minimum = page.field("minimum_payout")
        change = parse(
            SettingsUpdate,
            {
                "minimum_payout": {program.currency: minimum} if minimum else None,
                "payout_day": optional(page.field("payout_day")),
                "carry_negative": page.field("carry_negative") == "yes",
                "automatic_runs": page.field("automatic_runs") == "yes",
            },
        )
        program_settings.change(deps.programs, deps.payouts, page.principal, program_id, change)
    except SellerlinkError as refused:
        return runs_page(page, program_id, refused.status, error=refused.detail)
    return runs_page(page, program_id, notice="Payout settings saved.")


def run_page(page: Page, program_id: str, run_id: str, status: int = 200, **context: Any) -> Response[str]:
    review = page.deps.payout_review()
    run = review.run(page.principal, program_id, run_id)
    payouts, carried = review.payouts_of(page.principal, program_id, run_id)
    return page.render(
        "payout_run.html",
        status,
        title=f"Payout run {run.month}",
        program=review.program(page.principal, program_id),
        run=run,
        payouts=payouts,
        carried=carried,
        formats=[f.format for f in run.files],
        **context,
    )


@router.get(f"{RUNS}/<run_id>")
def run(program_id: str, run_id: str) -> Response[str]:
    return run_page(Page.of(router, brand=True), program_id, run_id)


@router.post(f"{RUNS}/<run_id>/approve")
def approve(program_id: str, run_id: str) -> Response[str]:
    page = Page.of(router, brand=True)
    try:
        page.deps.payout_review().approve(page.principal, program_id, run_id)
    except SellerlinkError as refused:
        return run_page(page, program_id, run_id, refused.status, error=refused.detail)
    return run_page(
        page, program_id, run_id, notice=f"Run {run_id} is approved; export it to write the files."
    )


@router.post(f"{RUNS}/<run_id>/export")
def export(program_id: str, run_id: str) -> Response[str]:
    page = Page.of(router, brand=True)
    try:
        page.deps.payout_review().export(page.principal, program_id, run_id)
    except SellerlinkError as refused:
        return run_page(page, program_id, run_id, refused.status, error=refused.detail)
    return run_page(
        page, program_id, run_id, notice="The files are being written; reload this page in a moment."
    )


@router.get(f"{RUNS}/<run_id>/files/<file_format>")
def download(program_id: str, run_id: str, file_format: str) -> Response[str]:
    """The file itself comes from the exports bucket, through a pre-signed link of 15 minutes."""
    page = Page.of(router, brand=True)
    deps = page.deps
    try:
        if file_format not in {f.value for f in FileFormat}:
            raise Unprocessable(
                f"'{file_format}' is not a payout file; choose generic, paypal, wise or bank."
            )
        link = deps.payout_review().file_link(
            page.principal, program_id, run_id, FileFormat(file_format), deps.payout_files()
        )
    except SellerlinkError as refused:
        return run_page(page, program_id, run_id, refused.status, error=refused.detail)
    return Response(303, headers={**web.SECURITY_HEADERS, "Location": link.url, "Cache-Control": "no-store"})


@router.post(f"{RUNS}/<run_id>/results")
def results(program_id: str, run_id: str) -> Response[str]:
    """One payout marked paid or failed from its row, or the provider's result file (CSV)."""
    page = Page.of(router, brand=True)
    upload = page.files.get("file")
    try:
        if upload:
            rows = parse_results(upload.decode("utf-8-sig", errors="replace"), "text/csv")
        else:
            status, said = page.field("status"), optional(page.field("reference"))
            row = {
                "payout_id": page.field("payout_id"),
                "status": status,
                ("reason" if status == "failed" else "reference"): said,
            }
            rows = [{k: v for k, v in row.items() if v is not None}]
        outcome = page.deps.payout_reconciliation().apply(page.principal, program_id, run_id, rows)
    except SellerlinkError as refused:
        return run_page(page, program_id, run_id, refused.status, error=refused.detail)
    refused_rows = "; ".join(f"row {r.row}: {r.reason}" for r in outcome.refused)
    notice = f"{len(outcome.applied)} payouts updated, {len(outcome.unchanged)} unchanged."
    if refused_rows:
        return run_page(page, program_id, run_id, 422, notice=notice, error=f"Refused: {refused_rows}")
    return run_page(page, program_id, run_id, notice=notice)
