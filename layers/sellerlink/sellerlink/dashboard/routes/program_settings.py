"""Brand: a program's settings: its name, the lock period, where Amazon sign-ins return, whether
applications are approved at once, and its listing in the partners' marketplace (listed or not,
description, logo, categories, and what every application must say)."""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.api_gateway import Router

from sellerlink.dashboard.forms import optional, parse
from sellerlink.dashboard.page import Page
from sellerlink.dashboard.routes.partner_money import FIELD_LABELS
from sellerlink.errors import SellerlinkError
from sellerlink.partners.logic import set_auto_approve
from sellerlink.programs import logic
from sellerlink.programs.models import MIN_LOCK_DAYS, ProgramUpdate

router = Router()


def settings_page(page: Page, program_id: str, status: int = 200, **context: Any) -> Response[str]:
    deps = page.deps
    program = logic.get_program(deps.programs, page.principal, program_id)
    policy = deps.partners.policy(program.account_id, program_id)
    return page.render(
        "program_settings.html",
        status,
        title="Settings",
        program=program,
        auto_approve=bool(policy and policy.auto_approve),
        min_lock=MIN_LOCK_DAYS,
        application_fields=FIELD_LABELS,
        **context,
    )


@router.get("/programs/<program_id>/settings")
def settings(program_id: str) -> Response[str]:
    return settings_page(Page.of(router, brand=True), program_id)


@router.post("/programs/<program_id>/settings")
def save(program_id: str) -> Response[str]:
    page = Page.of(router, brand=True)
    deps = page.deps
    fields = {
        "name": optional(page.field("name")),
        "lock_period_days": optional(page.field("lock_period_days")),
        "return_url": optional(page.field("return_url")),
    }
    try:
        change = parse(ProgramUpdate, fields)
        logic.update_program(deps.programs, deps.clock, page.principal, program_id, change)
        set_auto_approve(
            deps.partners, deps.programs, page.principal, program_id, page.field("auto_approve") == "yes"
        )
    except SellerlinkError as refused:
        return settings_page(page, program_id, refused.status, error=refused.detail)
    return settings_page(page, program_id, notice="Saved.")


@router.post("/programs/<program_id>/settings/listing")
def save_listing(program_id: str) -> Response[str]:
    """The marketplace listing, with the same rules as PATCH /v1/programs/{id} (managers and admins)."""
    page = Page.of(router, brand=True)
    deps = page.deps
    categories = [c.strip() for c in page.field("categories").split(",") if c.strip()]
    fields = {
        "listed": page.field("listed") == "yes",
        "description": page.field("description"),
        "categories": categories,
        "application_requirements": {
            "text": page.field("requirements"),
            "required_fields": page.fields("required_fields"),
        },
    }
    logo = page.field("logo_url")
    if logo:
        fields["logo_url"] = logo
    try:
        change = parse(ProgramUpdate, fields)
        logic.update_program(deps.programs, deps.clock, page.principal, program_id, change)
    except SellerlinkError as refused:
        return settings_page(page, program_id, refused.status, error=refused.detail)
    return settings_page(page, program_id, notice="The marketplace listing is saved.")
