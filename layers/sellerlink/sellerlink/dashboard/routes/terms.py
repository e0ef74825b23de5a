"""Brand: the terms editor (default payout, payout groups, promotions, effective date) with the
version history, for the program and for one partner's private terms."""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.api_gateway import Router

from sellerlink.dashboard import terms_form
from sellerlink.dashboard.forms import parse
from sellerlink.dashboard.page import Page
from sellerlink.errors import SellerlinkError
from sellerlink.partners.logic import program_partner
from sellerlink.programs.logic import get_program
from sellerlink.terms import logic
from sellerlink.terms.models import PayoutType, TermsRequest

router = Router()


def terms_page(
    page: Page, program_id: str, partner_id: str | None, status: int = 200, **context: Any
) -> Response[str]:
    deps = page.deps
    program = get_program(deps.programs, page.principal, program_id)
    versions = logic.history(deps.terms, deps.programs, deps.partners, page.principal, program_id, partner_id)
    partner = (
        program_partner(deps.partners, deps.programs, page.principal, program_id, partner_id)
        if partner_id
        else None
    )
    context.setdefault("fields", terms_form.fields_of(versions[-1] if versions else None))
    today = deps.clock.now().date()
    return page.render(
        "terms.html",
        status,
        title=f"Private terms of {partner.partner_name}" if partner else "Commission terms",
        program=program,
        partner=partner,
        versions=list(reversed(versions)),
        payout_types=list(PayoutType),
        today=today,
        action=f"/programs/{program_id}" + (f"/partners/{partner_id}/terms" if partner_id else "/terms"),
        **context,
    )


def save(page: Page, program_id: str, partner_id: str | None) -> Response[str]:
    deps = page.deps
    try:
        request = parse(TermsRequest, terms_form.request_of(page.form))
        version = logic.set_terms(
            deps.terms,
            deps.programs,
            deps.partners,
            deps.products,
            deps.clock,
            page.principal,
            program_id,
            request,
            partner_id,
        )
    except SellerlinkError as refused:
        fields = terms_form.fields_from(page.form)
        return terms_page(page, program_id, partner_id, refused.status, error=refused.detail, fields=fields)
    notice = f"Version {version.version} saved; it applies to conversions from {version.effective_date}."
    return terms_page(page, program_id, partner_id, notice=notice)


@router.get("/programs/<program_id>/terms")
def program_terms(program_id: str) -> Response[str]:
    return terms_page(Page.of(router, brand=True), program_id, None)


@router.post("/programs/<program_id>/terms")
def save_program_terms(program_id: str) -> Response[str]:
    return save(Page.of(router, brand=True), program_id, None)


@router.get("/programs/<program_id>/partners/<partner_id>/terms")
def partner_terms(program_id: str, partner_id: str) -> Response[str]:
    return terms_page(Page.of(router, brand=True), program_id, partner_id)


@router.post("/programs/<program_id>/partners/<partner_id>/terms")
def save_partner_terms(program_id: str, partner_id: str) -> Response[str]:
    return save(Page.of(router, brand=True), program_id, partner_id)


@router.get("/programs/<program_id>/terms/row")
def blank_row(program_id: str) -> Response[str]:
    """One more payout group or promotion row for the editor (htmx)."""
    page = Page.of(router, brand=True)
    kind = "promo" if page.query("kind") == "promo" else "group"
    index = int(page.query("index", "0")) if page.query("index", "0").isdigit() else 0
    return page.render(
        "terms_row.html", kind=kind, index=index, row={}, payout_types=list(PayoutType), program_id=program_id
    )
