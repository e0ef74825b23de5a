"""Brand account: API keys (admin: create, shown once; revoke) and the people who sign in by e-mail."""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.api_gateway import Router
from pydantic import Field

from sellerlink.accounts import logic
from sellerlink.accounts.logic import get_account
from sellerlink.accounts.models import Role
from sellerlink.accounts.permissions import require_admin
from sellerlink.dashboard import people
from sellerlink.dashboard.forms import parse
from sellerlink.dashboard.page import Page
from sellerlink.errors import SellerlinkError
from sellerlink.model import Model

router = Router()


class KeyRequest(Model):
    """The same rules as `POST /v1/keys`."""

    role: Role
    name: str = Field(min_length=1, max_length=100)


def account_page(page: Page, status: int = 200, **context: Any) -> Response[str]:
    deps, account_id = page.deps, str(page.principal.account_id)
    account = get_account(deps.accounts, account_id)
    admin = page.is_admin
    return page.render(
        "account.html",
        status,
        title="Account",
        account=account,
        keys=deps.accounts.list_keys(account_id) if admin else [],
        people=people.people_of(deps.people, page.principal) if admin else [],
        roles=list(Role),
        **context,
    )


@router.get("/account")
def account() -> Response[str]:
    return account_page(Page.of(router, brand=True))


@router.post("/account/keys")
def create_key() -> Response[str]:
    page = Page.of(router, brand=True)
    deps = page.deps
    try:
        require_admin(page.principal, "create API keys")
        request = parse(KeyRequest, {"role": page.field("role"), "name": page.field("name")})
        issued = logic.issue_key(
            deps.accounts, deps.clock, str(page.principal.account_id), role=request.role, name=request.name
        )
    except SellerlinkError as refused:
        return account_page(page, refused.status, error=refused.detail)
    return account_page(page, secret=issued.key, secret_for=f"the {issued.role} key '{issued.name}'")


@router.post("/account/keys/<key_id>/revoke")
def revoke_key(key_id: str) -> Response[str]:
    page = Page.of(router, brand=True)
    deps = page.deps
    try:
        require_admin(page.principal, "revoke API keys")
        revoked = logic.revoke_key(deps.accounts, deps.clock, str(page.principal.account_id), key_id)
    except SellerlinkError as refused:
        return account_page(page, refused.status, error=refused.detail)
    return account_page(page, notice=f"The key '{revoked.name}' is revoked; it stops working at once.")


@router.post("/account/people")
def add_person() -> Response[str]:
    page = Page.of(router, brand=True)
    try:
        person = people.add_person(
            page.deps.people, page.deps.clock, page.principal, page.field("email"), page.field("role")
        )
    except SellerlinkError as refused:
        return account_page(page, refused.status, error=refused.detail)
    return account_page(page, notice=f"{person.email} may now sign in by e-mail as {person.role}.")


@router.post("/account/people/remove")
def remove_person() -> Response[str]:
    page = Page.of(router, brand=True)
    try:
        people.remove_person(page.deps.people, page.principal, page.field("email"))
    except SellerlinkError as refused:
        return account_page(page, refused.status, error=refused.detail)
    return account_page(page, notice=f"{page.field('email')} may no longer sign in here.")
