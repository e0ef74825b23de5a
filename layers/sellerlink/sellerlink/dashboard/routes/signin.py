"""Signing in and out: paste an API key, or ask for a one-time link by e-mail and open it.

The sign-in forms have no session yet, so their CSRF token is a random value in a SameSite=Strict
cookie that each form repeats (double submit); the link's page asks for a click (a POST), so an
e-mail scanner that opens links cannot use one up.
"""

from __future__ import annotations

import secrets
from typing import Any

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.api_gateway import Router

from sellerlink.accounts.models import Principal, PrincipalKind
from sellerlink.dashboard import web
from sellerlink.dashboard.page import Page, check_same_origin, check_token, deps_of
from sellerlink.dashboard.render import render
from sellerlink.errors import SellerlinkError

router = Router()


def _next(raw: str | None) -> str:
    """Where to go after signing in: a path of this site only, never another site."""
    return raw if raw and raw.startswith("/") and not raw.startswith("//") and "\\" not in raw else "/"


def _home(principal: Principal) -> str:
    return "/partner" if principal.kind is PrincipalKind.PARTNER else "/programs"


def _signed_in_token() -> str:
    return web.cookie_of(router.current_event, web.SIGN_IN_COOKIE) or ""


def _form_page(template: str, status: int = 200, **context: Any) -> Response[str]:
    """A sign-in page, with the double-submit token it needs (a new one when the browser has none)."""
    token = _signed_in_token()
    cookies = []
    if not token:
        token = secrets.token_urlsafe(32)
        cookies.append(web.sign_in_cookie(token))
    return web.page(render(template, csrf=token, **context), status, cookies)


def _checked_form() -> web.Form:
    check_same_origin(router)
    form, _ = web.form_of(router.current_event)
    check_token(_signed_in_token(), (form.get("csrf") or [""])[0])
    return form


def _open(principal: Principal, signed_in_with: str, next_path: str) -> Response[str]:
    deps = deps_of(router)
    opened = deps.sessions.open(principal, signed_in_with, deps.sign_in.describe(principal))
    target = _home(principal) if next_path == "/" else next_path
    return web.redirect(target, [web.session_cookie(opened.cookie)])


@router.get("/")
def home() -> Response[str]:
    session = deps_of(router).sessions.current(web.cookie_of(router.current_event, web.SESSION_COOKIE))
    return web.redirect(_home(session.principal) if session else "/sign-in")


@router.get("/sign-in")
def sign_in_page() -> Response[str]:
    query = router.current_event.query_string_parameters or {}
    return _form_page("sign_in.html", next=_next(query.get("next")), error="", notice="")


@router.post("/sign-in/key")
def sign_in_with_key() -> Response[str]:
    form = _checked_form()
    next_path = _next((form.get("next") or ["/"])[0])
    try:
        principal = deps_of(router).sign_in.with_key((form.get("key") or [""])[0])
    except SellerlinkError as refused:
        return _form_page("sign_in.html", refused.status, next=next_path, error=refused.detail, notice="")
    return _open(principal, f"API key {principal.key_id}", next_path)


@router.post("/sign-in/email")
def send_sign_in_link() -> Response[str]:
    form = _checked_form()
    deps, email = deps_of(router), (form.get("email") or [""])[0]
    try:
        deps.sign_in.send_links(email, deps.public_url or f"https://{router.current_event.headers['host']}")
    except SellerlinkError as refused:
        return _form_page("sign_in.html", refused.status, next="/", error=refused.detail, notice="")
    notice = (
        "If that address may sign in, a link is on its way to it. It works once, within 15 minutes; "
        "check your inbox."
    )
    return _form_page("sign_in.html", next="/", error="", notice=notice)


@router.get("/sign-in/link")
def sign_in_link_page() -> Response[str]:
    token = (router.current_event.query_string_parameters or {}).get("token", "")
    return _form_page("sign_in_link.html", token=token, error="")


@router.post("/sign-in/link")
def open_sign_in_link() -> Response[str]:
    form = _checked_form()
    token = (form.get("token") or [""])[0]
    try:
        person = deps_of(router).sign_in.redeem(token)
    except SellerlinkError as refused:
        return _form_page("sign_in_link.html", refused.status, token="", error=refused.detail)
    return _open(person.principal(), f"e-mail {person.email}", "/")


@router.post("/sign-out")
def sign_out() -> Response[str]:
    page = Page.of(router)
    page.deps.sessions.close(page.session)
    return web.redirect("/sign-in", [web.session_cookie("", clear=True)])
