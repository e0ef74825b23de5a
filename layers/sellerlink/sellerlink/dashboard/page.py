"""A page request: its session (a page without one sends the person to sign in), its form (every
POST must carry the session's CSRF token and come from this origin), and rendering with the
menus the person's kind of account has."""

from __future__ import annotations

import hmac
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlparse

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.api_gateway import Router

from sellerlink.accounts.models import Principal, PrincipalKind, Role
from sellerlink.accounts.permissions import EDITORS
from sellerlink.dashboard import web
from sellerlink.dashboard.context import DashboardDependencies
from sellerlink.dashboard.models import Session
from sellerlink.dashboard.navigation import BRAND_PAGES, PARTNER_PAGES, PROGRAM_PAGES
from sellerlink.dashboard.render import render
from sellerlink.errors import Forbidden

CSRF_REFUSED = (
    "This form was not sent from a page of this dashboard, or it has expired. "
    "Go back, reload the page and send it again."
)


class SignInRequired(Exception):
    """No session: the person signs in, then comes back."""


def deps_of(router: Router) -> DashboardDependencies:
    found = router.context.get("deps")
    if not isinstance(found, DashboardDependencies):
        raise RuntimeError("the handler must append DashboardDependencies to the resolver context as deps")
    return found


def check_same_origin(router: Router) -> None:
    """A POST whose Origin (or Referer) names another site is refused, before any token is read."""
    headers = router.current_event.headers
    sent_from = headers.get("origin") or headers.get("referer")
    if sent_from and urlparse(sent_from).netloc != headers.get("host", ""):
        raise Forbidden(CSRF_REFUSED)


def check_token(expected: str, sent: str | None) -> None:
    if not sent or not hmac.compare_digest(expected, sent):
        raise Forbidden(CSRF_REFUSED)


@dataclass
class Page:
    router: Router
    deps: DashboardDependencies
    session: Session
    form: web.Form = field(default_factory=dict)
    files: web.Files = field(default_factory=dict)

    @classmethod
    def of(cls, router: Router, *, brand: bool = False, partner: bool = False) -> Page:
        deps, event = deps_of(router), router.current_event
        session = deps.sessions.current(web.cookie_of(event, web.SESSION_COOKIE))
        if session is None:
            raise SignInRequired()
        kind = session.principal.kind
        if brand and kind is not PrincipalKind.BRAND:
            raise Forbidden("This page is for brand accounts; you are signed in as a partner.")
        if partner and kind is not PrincipalKind.PARTNER:
            raise Forbidden("This page is for partners; you are signed in to a brand account.")
        page = cls(router, deps, session)
        if event.http_method == "POST":
            check_same_origin(router)
            page.form, page.files = web.form_of(event)
            check_token(session.csrf, page.field("csrf") or event.headers.get("x-csrf-token"))
        return page

    @property
    def principal(self) -> Principal:
        return self.session.principal

    @property
    def can_edit(self) -> bool:
        return self.principal.role in EDITORS

    @property
    def is_admin(self) -> bool:
        return self.principal.role is Role.ADMIN

    @property
    def htmx(self) -> bool:
        return self.router.current_event.headers.get("hx-request") == "true"

    def field(self, name: str, default: str = "") -> str:
        values = self.form.get(name)
        return values[0].strip() if values else default

    def fields(self, name: str) -> list[str]:
        return [value.strip() for value in self.form.get(name, [])]

    def query(self, name: str, default: str = "") -> str:
        return (self.router.current_event.query_string_parameters or {}).get(name, default).strip()

    def render(self, template: str, status: int = 200, **context: Any) -> Response[str]:
        return web.page(render(template, **self.context(), **context), status)

    def context(self) -> dict[str, Any]:
        partner = self.principal.kind is PrincipalKind.PARTNER
        return {
            "session": self.session,
            "principal": self.principal,
            "csrf": self.session.csrf,
            "can_edit": self.can_edit,
            "may_change": partner or self.can_edit,  # a partner changes its own links and endpoints
            "is_admin": self.is_admin,
            "menu": PARTNER_PAGES if partner else BRAND_PAGES,
            "program_menu": () if partner else PROGRAM_PAGES,
            "path": self.router.current_event.path,
        }
