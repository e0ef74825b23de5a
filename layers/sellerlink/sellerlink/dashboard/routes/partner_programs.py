"""Partner: its programs (memberships), applying to a program by its id, and a program's page with
the link builder (one ASIN or URL with a SharedID; bulk from a pasted list or a CSV file, with the
result as CSV) and its links."""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.api_gateway import Router

from sellerlink.accounts.authentication import DeferredCaller
from sellerlink.dashboard import link_lists
from sellerlink.dashboard.forms import optional, parse
from sellerlink.dashboard.page import Page
from sellerlink.dashboard.routes.partner_money import applied
from sellerlink.dashboard.routes.reports import csv_download
from sellerlink.earnings import balances
from sellerlink.errors import Forbidden, SellerlinkError
from sellerlink.links import logic as links
from sellerlink.links.models import BulkLinkRequest, BulkLinks, LinkRequest
from sellerlink.marketplace import members
from sellerlink.partners import logic
from sellerlink.partners.models import MembershipStatus

router = Router()
LINKS_SHOWN = 100
PRODUCTS_SHOWN = 50


def programs_page(page: Page, status: int = 200, **context: Any) -> Response[str]:
    memberships = balances.memberships(page.deps.balances, page.principal)
    return page.render("my_programs.html", status, title="My programs", memberships=memberships, **context)


@router.get("/partner")
def my_programs() -> Response[str]:
    return programs_page(Page.of(router, partner=True))


@router.post("/partner/apply")
def apply() -> Response[str]:
    page = Page.of(router, partner=True)
    try:
        membership = applied(page, page.field("program_id"))
    except SellerlinkError as refused:
        status = 422 if refused.status == 404 else refused.status
        return programs_page(page, status, error=refused.detail)
    return programs_page(page, notice=f"Your membership of {membership.program_id} is {membership.status}.")


def program_page(page: Page, program_id: str, status: int = 200, **context: Any) -> Response[str]:
    deps, partner_id = page.deps, str(page.principal.partner_id)
    program = logic.program_for_partner(deps.partners, deps.programs, program_id)
    membership = deps.partners.membership(program.account_id, program_id, partner_id)
    if membership is None:
        raise Forbidden(f"You are not a member of program {program_id}; apply from My programs first.")
    approved = membership.status is MembershipStatus.APPROVED
    if approved:  # what the member reads: its links, its terms, the products with its commission
        context.update(
            links=links.list_links(deps.links, page.principal, program_id, limit=LINKS_SHOWN, cursor=None)[0],
            terms=members.terms_view(deps.members, page.principal, program_id),
            products=members.products_view(
                deps.members, page.principal, program_id, limit=PRODUCTS_SHOWN, cursor=None
            ),
        )
    return page.render(
        "partner_program.html",
        status,
        title=program.name,
        partner_program=program,
        membership=membership,
        approved=approved,
        **context,
    )


@router.get("/partner/programs/<program_id>")
def partner_program(program_id: str) -> Response[str]:
    return program_page(Page.of(router, partner=True), program_id)


@router.post("/partner/programs/<program_id>/links")
def create_link(program_id: str) -> Response[str]:
    page = Page.of(router, partner=True)
    target = page.field("target")
    fields = {"shared_id": optional(page.field("shared_id"))}
    fields["url" if target.lower().startswith("http") else "asin"] = target or None
    try:
        request = parse(LinkRequest, fields)
        link = links.create_link(
            page.deps.links,
            DeferredCaller.checked(page.principal),
            program_id,
            request,
            page.deps.link_events(),
        )
    except SellerlinkError as refused:
        return program_page(page, program_id, refused.status, error=refused.detail, asked=fields)
    return program_page(page, program_id, new_link=link)


def _bulk(page: Page, program_id: str) -> BulkLinks:
    asins = link_lists.asins_from(page.field("asins"), page.files.get("file"))
    request = parse(BulkLinkRequest, {"asins": asins, "shared_id": optional(page.field("shared_id"))})
    caller = DeferredCaller.checked(page.principal)
    return links.create_links(page.deps.links, caller, program_id, request, page.deps.link_events())


@router.post("/partner/programs/<program_id>/links/bulk")
def create_links(program_id: str) -> Response[str]:
    page = Page.of(router, partner=True)
    try:
        result = _bulk(page, program_id)
    except SellerlinkError as refused:
        return program_page(page, program_id, refused.status, error=refused.detail)
    asked = " ".join(link.asin or "" for link in result.links) + " " + " ".join(e.asin for e in result.errors)
    return program_page(
        page, program_id, bulk=result, bulk_asins=asked.strip(), bulk_shared_id=page.field("shared_id")
    )


@router.post("/partner/programs/<program_id>/links/bulk.csv")
def create_links_csv(program_id: str) -> Response[str]:
    page = Page.of(router, partner=True)
    try:
        result = _bulk(page, program_id)
    except SellerlinkError as refused:
        return program_page(page, program_id, refused.status, error=refused.detail)
    return csv_download(f"links-{program_id}.csv", link_lists.result_csv(result))
