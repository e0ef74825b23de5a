"""Brand: the programs, a new program, and a program's overview: the onboarding checklist with the
Amazon connect buttons (the real consent flow), what stops the program, the last pull, and the
last 30 days' numbers with their charts."""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.api_gateway import Router

from sellerlink.accounts.logic import get_account
from sellerlink.connections.models import ConnectionKind
from sellerlink.dashboard import figures, web
from sellerlink.dashboard.forms import parse
from sellerlink.dashboard.page import Page
from sellerlink.dashboard.routes.reports import brand_report
from sellerlink.errors import NotFound, SellerlinkError
from sellerlink.marketplaces import MARKETPLACES
from sellerlink.onboarding import profiles
from sellerlink.onboarding.consent import consent_link
from sellerlink.programs import logic
from sellerlink.programs.models import Program, ProgramCreate
from sellerlink.pulls.models import PullRequest
from sellerlink.reports.models import GroupBy

router = Router()


def _programs_page(page: Page, status: int = 200, **context: Any) -> Response[str]:
    programs = logic.list_programs(page.deps.programs, page.principal)
    return page.render(
        "programs.html", status, title="Programs", programs=programs, marketplaces=MARKETPLACES, **context
    )


@router.get("/programs")
def programs_page() -> Response[str]:
    return _programs_page(Page.of(router, brand=True), form={})


@router.post("/programs")
def create_program() -> Response[str]:
    page = Page.of(router, brand=True)
    fields = {
        "marketplace": page.field("marketplace"),
        "seller_type": page.field("seller_type"),
        "brand_name": page.field("brand_name"),
        "brand_registry": page.field("brand_registry") == "yes",
        "name": page.field("name") or None,
    }
    try:
        account = get_account(page.deps.accounts, str(page.principal.account_id))
        request = parse(ProgramCreate, fields)
        program = logic.create_program(page.deps.programs, page.deps.clock, page.principal, account, request)
    except SellerlinkError as refused:
        return _programs_page(page, refused.status, error=refused.detail, form=fields)
    return web.redirect(f"/programs/{program.program_id}")


def overview(page: Page, program_id: str, status: int = 200, **context: Any) -> Response[str]:
    program = logic.get_program(page.deps.programs, page.principal, program_id)
    report = brand_report(page, program_id, GroupBy.DATE, None, None)
    pulls = page.deps.pulls().recent(page.principal, program_id)
    return page.render(
        "overview.html",
        status,
        title=program.name,
        program=program,
        steps=_steps(program),
        report=report,
        totals=figures.totals(list(report.rows)),
        charts=figures.daily_charts(report),
        last_pull=pulls[0] if pulls else None,
        **context,
    )


def _steps(program: Program) -> list[dict[str, Any]]:
    """The checklist, each step with the action that does it on this page."""
    actions = {
        "connect_amazon_ads": "amazon-ads",
        "connect_selling_partner": "selling-partner",
    }
    return [{"step": s, "connect": actions.get(s.step)} for s in program.checklist]


@router.get("/programs/<program_id>")
def overview_page(program_id: str) -> Response[str]:
    return overview(Page.of(router, brand=True), program_id)


@router.get("/programs/<program_id>/import-progress")
def import_progress(program_id: str) -> Response[str]:
    """The catalog import's progress, polled by the overview and the catalog pages while it runs."""
    page = Page.of(router, brand=True)
    program = logic.get_program(page.deps.programs, page.principal, program_id)
    answer = page.render("import_progress.html", title="Catalog import", program=program)
    progress = program.onboarding.catalog_import
    if page.htmx and (progress is None or progress.status != "running"):
        answer.headers["HX-Refresh"] = "true"  # the import ended: the whole page (its checklist) changed
    return answer


@router.post("/programs/<program_id>/connect/<kind>")
def connect(program_id: str, kind: str) -> Response[str]:
    """Starts Amazon's consent: the browser goes to Amazon's sign-in page, then back to Sellerlink."""
    page = Page.of(router, brand=True)
    if kind not in {k.value for k in ConnectionKind}:
        raise NotFound(f"There is no Amazon connection '{kind}'.")
    host = str(router.current_event.raw_event.get("requestContext", {}).get("domainName", ""))
    try:
        link = consent_link(
            page.deps.onboarding(),
            page.principal,
            program_id,
            ConnectionKind(kind),
            draft_app=page.deps.sp_api_draft_app,
            request_host=host,
        )
    except SellerlinkError as refused:
        return overview(page, program_id, refused.status, error=refused.detail)
    return web.redirect(link.url)


@router.post("/programs/<program_id>/profile")
def choose_profile(program_id: str) -> Response[str]:
    page = Page.of(router, brand=True)
    try:
        profiles.choose_profile(page.deps.onboarding(), page.principal, program_id, page.field("profile_id"))
    except SellerlinkError as refused:
        return overview(page, program_id, refused.status, error=refused.detail)
    return overview(page, program_id, notice="The Amazon Ads profile is chosen; measurement is on.")


@router.post("/programs/<program_id>/status")
def change_status(program_id: str) -> Response[str]:
    """Activate (when the checklist is complete) or pause."""
    page = Page.of(router, brand=True)
    deps, wanted = page.deps, page.field("to")
    move = logic.pause_program if wanted == "paused" else logic.activate_program
    try:
        program = move(deps.programs, deps.clock, page.principal, program_id)
    except SellerlinkError as refused:
        return overview(page, program_id, refused.status, error=refused.detail)
    return overview(page, program_id, notice=f"{program.name} is {program.status}.")


@router.post("/programs/<program_id>/pulls")
def pull_now(program_id: str) -> Response[str]:
    page = Page.of(router, brand=True)
    try:
        page.deps.pulls().start(page.principal, program_id, PullRequest())
    except SellerlinkError as refused:
        return overview(page, program_id, refused.status, error=refused.detail)
    return web.redirect(f"/programs/{program_id}")  # its status shows on the overview as it runs
