"""Brand: the program's partners: applications to approve or decline, members with their last 30
days, invitations by partner id, and each partner's private terms (on the terms pages)."""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.api_gateway import Router

from sellerlink.dashboard.page import Page
from sellerlink.errors import NotFound, SellerlinkError
from sellerlink.partners import logic
from sellerlink.partners.models import MembershipAction, MembershipStatus
from sellerlink.programs.logic import get_program
from sellerlink.reports import logic as reports
from sellerlink.reports.models import GroupBy

router = Router()
WAITING = (MembershipStatus.PENDING, MembershipStatus.INVITED)


def partners_page(page: Page, program_id: str, status: int = 200, **context: Any) -> Response[str]:
    deps = page.deps
    program = get_program(deps.programs, page.principal, program_id)
    memberships = logic.program_partners(deps.partners, deps.programs, page.principal, program_id)
    scope = reports.scope(deps.reports, page.principal, program_id)
    report = reports.performance_report(deps.reports, scope, GroupBy.PARTNER, None, None)
    return page.render(
        "partners.html",
        status,
        title="Partners",
        program=program,
        applications=[m for m in memberships if m.status in WAITING],
        members=[m for m in memberships if m.status not in WAITING],
        performance={row.partner_id: row for row in report.rows},
        report=report,
        **context,
    )


@router.get("/programs/<program_id>/partners")
def partners(program_id: str) -> Response[str]:
    return partners_page(Page.of(router, brand=True), program_id)


@router.post("/programs/<program_id>/partners")
def invite(program_id: str) -> Response[str]:
    page = Page.of(router, brand=True)
    partner_id = page.field("partner_id")
    deps = page.deps
    try:
        if not partner_id:
            raise NotFound(
                "Enter the partner's id (it starts with ptr_); the partner finds it in its dashboard."
            )
        membership = logic.invite(
            deps.partners,
            deps.programs,
            deps.clock,
            page.principal,
            program_id,
            partner_id,
            deps.membership_events(),
        )
    except SellerlinkError as refused:
        return partners_page(
            page, program_id, 422 if refused.status == 404 else refused.status, error=refused.detail
        )
    return partners_page(page, program_id, notice=f"{membership.partner_name} is {membership.status}.")


@router.post("/programs/<program_id>/partners/<partner_id>/decide")
def decide(program_id: str, partner_id: str) -> Response[str]:
    page = Page.of(router, brand=True)
    deps = page.deps
    try:
        action = MembershipAction(page.field("action"))
        membership = logic.decide(
            deps.partners,
            deps.programs,
            deps.clock,
            page.principal,
            program_id,
            partner_id,
            action,
            deps.membership_events(),
        )
    except ValueError:
        return partners_page(page, program_id, 422, error="Choose approve, decline, suspend or terminate.")
    except SellerlinkError as refused:
        return partners_page(page, program_id, refused.status, error=refused.detail)
    return partners_page(page, program_id, notice=f"{membership.partner_name} is {membership.status}.")
