"""Partner: its id (what brands invite), and the addresses that may sign in to it by e-mail."""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.api_gateway import Router

from sellerlink.dashboard import people
from sellerlink.dashboard.page import Page
from sellerlink.errors import SellerlinkError
from sellerlink.partners.logic import get_partner

router = Router()


def settings_page(page: Page, status: int = 200, **context: Any) -> Response[str]:
    partner = get_partner(page.deps.partners, str(page.principal.partner_id))
    addresses = people.people_of(page.deps.people, page.principal)
    return page.render(
        "partner_settings.html", status, title="Settings", partner=partner, people=addresses, **context
    )


@router.get("/partner/settings")
def settings() -> Response[str]:
    return settings_page(Page.of(router, partner=True))


@router.post("/partner/settings/people")
def add_address() -> Response[str]:
    page = Page.of(router, partner=True)
    try:
        person = people.add_person(page.deps.people, page.deps.clock, page.principal, page.field("email"), "")
    except SellerlinkError as refused:
        return settings_page(page, refused.status, error=refused.detail)
    return settings_page(page, notice=f"{person.email} may now sign in by e-mail.")


@router.post("/partner/settings/people/remove")
def remove_address() -> Response[str]:
    page = Page.of(router, partner=True)
    try:
        people.remove_person(page.deps.people, page.principal, page.field("email"))
    except SellerlinkError as refused:
        return settings_page(page, refused.status, error=refused.detail)
    return settings_page(page, notice=f"{page.field('email')} may no longer sign in.")
