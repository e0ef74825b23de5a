"""Dashboard sign-in, sessions and CSRF through the handler, moto in-process."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from sellerlink.accounts import logic as accounts
from sellerlink.accounts.dal import AccountStore
from sellerlink.accounts.models import Edition, Principal, PrincipalKind, Role
from sellerlink.clock import FixedClock
from sellerlink.dashboard.dal import SessionStore
from sellerlink.dashboard.sessions import IDLE_LIMIT, Sessions
from sellerlink.partners import logic as partners
from sellerlink.partners.dal import PartnerStore
from sellerlink.table import Table
from tests.unit.dashboard_browser import Browser


@pytest.fixture
def table(functions: dict[str, dict[str, str]]) -> Table:
    return Table(functions["Table"]["Ref"])


@pytest.fixture
def admin_key(table: Table, clock: FixedClock) -> str:
    _, key = accounts.create_account(AccountStore(table), clock, name="Acme Outdoor", edition=Edition.PRO)
    return key.key


def mails() -> list[dict[str, Any]]:
    """What moto's SES took (in-process): the one e-mail path every e-mail takes."""
    from moto.ses.models import ses_backends

    sent = ses_backends["123456789012"]["us-east-1"].sent_messages
    return [{"to": m.destinations["ToAddresses"][0], "subject": m.subject, "text": m.body} for m in sent]


def test_a_pasted_key_opens_a_session_with_a_strict_cookie(admin_key: str) -> None:
    browser = Browser()
    browser.get("/sign-in")
    answer = browser.post("/sign-in/key", {"key": admin_key, "next": "/"})
    assert answer.status == 303 and answer.location == "/programs"
    (cookie,) = [c for c in answer.cookies if c.startswith("__Host-sellerlink_session=")]
    for flag in ("Secure", "HttpOnly", "SameSite=Lax", "Path=/"):
        assert flag in cookie
    page = browser.follow(answer)
    assert page.status == 200 and "Acme Outdoor (admin)" in page.text


@pytest.mark.parametrize(
    ("key", "status", "sentence"),
    [
        ("", 422, "Paste your API key (it starts with slk.)."),
        ("slk.acct_x.key_y.nope", 401, "That API key is not known or has been revoked."),
    ],
)
def test_a_bad_key_is_refused_on_the_page(admin_key: str, key: str, status: int, sentence: str) -> None:
    browser = Browser()
    browser.get("/sign-in")
    answer = browser.post("/sign-in/key", {"key": key})
    assert answer.status == status and sentence in answer.text
    assert "__Host-sellerlink_session" not in browser.cookies


def test_the_sign_in_form_needs_its_csrf_token(admin_key: str) -> None:
    browser = Browser()
    browser.get("/sign-in")
    answer = browser.post("/sign-in/key", {"key": admin_key, "csrf": "forged"})
    assert answer.status == 403 and "not sent from a page of this dashboard" in answer.text


def test_a_page_without_a_session_sends_the_person_to_sign_in(functions: Any) -> None:
    answer = Browser().get("/programs")
    assert answer.status == 303 and answer.location == "/sign-in?next=/programs"


def test_sign_out_revokes_the_session(admin_key: str) -> None:
    browser = Browser()
    browser.sign_in(admin_key)
    stolen = dict(browser.cookies)
    assert browser.post("/sign-out").status == 303
    thief = Browser()
    thief.cookies = stolen
    assert thief.get("/programs").location.startswith("/sign-in")


def test_a_revoked_key_ends_its_sessions(admin_key: str, table: Table, clock: FixedClock) -> None:
    browser = Browser()
    browser.sign_in(admin_key)
    account_id, key_id = admin_key.split(".")[1:3]
    accounts.revoke_key(AccountStore(table), clock, account_id, key_id)
    assert browser.get("/programs").location.startswith("/sign-in")


def test_a_session_ends_after_twelve_idle_hours(table: Table, clock: FixedClock) -> None:
    sessions = Sessions(SessionStore(table), clock, lambda session: True)
    principal = Principal(kind=PrincipalKind.BRAND, account_id="acct_1", role=Role.VIEWER, key_id="key_1")
    opened = sessions.open(principal, "API key key_1", "Acme (viewer)")
    clock.set(clock.now() + IDLE_LIMIT - timedelta(minutes=1))
    assert sessions.current(opened.cookie) is not None  # seen again: the 12 hours start over
    clock.set(clock.now() + IDLE_LIMIT - timedelta(minutes=1))
    assert sessions.current(opened.cookie) is not None
    clock.set(clock.now() + IDLE_LIMIT + timedelta(minutes=1))
    assert sessions.current(opened.cookie) is None
    assert sessions.current("acct_1.ses_x.wrong") is None
    assert sessions.current("not a cookie") is None


def test_a_one_time_link_by_e_mail_signs_in_once(admin_key: str) -> None:
    admin = Browser()
    admin.sign_in(admin_key)
    admin.get("/account")
    added = admin.post("/account/people", {"email": "Dana@Example.com", "role": "manager"})
    assert "dana@example.com may now sign in by e-mail as manager." in added.text
    dana = Browser()
    dana.get("/sign-in")
    sent = dana.post("/sign-in/email", {"email": "dana@example.com"})
    assert "If that address may sign in, a link is on its way" in sent.text
    (mail,) = mails()
    assert mail["to"] == "dana@example.com" and "Acme Outdoor (manager)" in mail["text"]
    link = next(word for word in mail["text"].split() if "/sign-in/link?token=" in word)
    confirm = dana.get(link.split(".com", 1)[1])
    assert "Continue" in confirm.text
    opened = dana.post("/sign-in/link", {"token": link.split("token=")[1]})
    assert opened.location == "/programs"
    assert "Acme Outdoor (manager)" in dana.follow(opened).text
    again = Browser()
    again.get("/sign-in")
    used = again.post("/sign-in/link", {"token": link.split("token=")[1]})
    assert used.status == 401 and "links last 15 minutes and work once" in used.text


def test_asking_a_link_for_an_unknown_address_answers_the_same_and_sends_nothing(functions: Any) -> None:
    browser = Browser()
    browser.get("/sign-in")
    assert "a link is on its way" in browser.post("/sign-in/email", {"email": "who@example.com"}).text
    assert mails() == []


def test_a_bad_address_is_refused_on_the_page(functions: Any) -> None:
    browser = Browser()
    browser.get("/sign-in")
    answer = browser.post("/sign-in/email", {"email": "not-an-address"})
    assert answer.status == 422 and "Enter an e-mail address such as dana@example.com." in answer.text


def test_a_partner_signs_in_to_its_own_pages_and_brand_pages_answer_403(
    table: Table, clock: FixedClock
) -> None:
    _, key = partners.create_partner(PartnerStore(table), clock, name="Trail Reviews", website=None)
    browser = Browser()
    page = browser.sign_in(key.key)
    assert page.status == 200 and "My programs" in page.text
    refused = browser.get("/programs")
    assert refused.status == 403 and "This page is for brand accounts" in refused.text


def test_a_brand_session_on_partner_pages_answers_403(admin_key: str) -> None:
    browser = Browser()
    browser.sign_in(admin_key)
    refused = browser.get("/partner")
    assert refused.status == 403 and "This page is for partners" in refused.text


def test_a_form_from_another_site_or_without_the_token_is_refused(admin_key: str) -> None:
    browser = Browser()
    browser.sign_in(admin_key)
    fields = {"marketplace": "US", "seller_type": "3P", "brand_name": "Acme", "brand_registry": "yes"}
    assert browser.post("/programs", fields, csrf=False).status == 403
    assert browser.post("/programs", {**fields, "csrf": "guessed"}).status == 403
    browser.get("/programs")
    elsewhere = browser.post("/programs", fields, origin="https://evil.example")
    assert elsewhere.status == 403


def test_static_files_carry_a_charset_and_unknown_ones_are_404(functions: Any) -> None:
    browser = Browser()
    script = browser.get("/static/htmx.min.js")
    assert script.status == 200 and script.headers["Content-Type"] == "text/javascript; charset=utf-8"
    assert browser.get("/static/nothing.js").status == 404
    assert browser.get("/no/such/page").status in (303, 404)
