"""Security in a real browser: the session cookie's flags, sign-out revoking the session, partners
kept off brand pages, a viewer offered no form and refused its POSTs, forms without the CSRF token
refused."""

from __future__ import annotations

from typing import Any

from tests.browser.conftest import Browser
from tests.browser.setup import World


def csrf_of(browser: Browser) -> str:
    return str(browser.page.locator('input[name="csrf"]').first.get_attribute("value"))


def test_the_session_cookie_is_httponly_secure_lax_and_sign_out_revokes_it(
    browser: Browser, second_browser: Browser, stack: Any
) -> None:
    _, key = World.of(stack).brand_account()
    browser.sign_in_with_key(key)
    (cookie,) = [c for c in browser.context.cookies() if c["name"] == "__Host-sellerlink_session"]
    assert cookie["httpOnly"] and cookie["secure"] and cookie["sameSite"] == "Lax" and cookie["path"] == "/"
    assert cookie["expires"] == -1  # a browser-session cookie; the server ends it after 12 idle hours
    assert browser.page.evaluate("document.cookie") == ""  # scripts cannot read it
    second_browser.context.add_cookies([cookie])
    assert second_browser.go("/programs").url.endswith("/programs")
    browser.submit("Sign out")
    assert "/sign-in" in second_browser.go("/programs").url


def test_a_partner_session_gets_the_403_page_on_brand_pages(browser: Browser, stack: Any) -> None:
    _, key, _ = World.of(stack).partner("Deal Hunters")
    browser.sign_in_with_key(key)
    answer = browser.page.goto(stack.api_url + "/programs")
    assert answer is not None and answer.status == 403
    assert "This page is for brand accounts" in browser.page.content()
    browser.look("partner-on-a-brand-page")


def test_a_viewer_is_offered_no_form_and_its_posts_are_refused(browser: Browser, stack: Any) -> None:
    world = World.of(stack)
    admin, _ = world.brand_account()
    program = admin.post(
        "/v1/programs",
        {"marketplace": "US", "seller_type": "3P", "brand_name": "Acme", "brand_registry": True},
    )
    viewer = admin.post("/v1/keys", {"role": "viewer", "name": "Vic"})["key"]
    browser.sign_in_with_key(viewer)
    base = f"/programs/{program['program_id']}"
    page = browser.go(base)
    assert page.get_by_role("button", name="Connect Amazon Ads").count() == 0
    assert page.get_by_role("button", name="Activate the program").count() == 0
    browser.look("viewer-overview")
    browser.go(base + "/terms")
    assert page.get_by_role("button", name="Save a new version").count() == 0
    refused = page.request.post(
        stack.api_url + base + "/status", form={"csrf": csrf_of(browser), "to": "active"}
    )
    assert refused.status == 403 and "read-only" in refused.text()


def test_a_form_without_the_csrf_token_is_refused(browser: Browser, stack: Any) -> None:
    _, key = World.of(stack).brand_account()
    browser.sign_in_with_key(key)
    body = {"marketplace": "US", "seller_type": "3P", "brand_name": "Acme", "brand_registry": "yes"}
    refused = browser.page.request.post(stack.api_url + "/programs", form=body)
    assert refused.status == 403 and "not sent from a page of this dashboard" in refused.text()
    accepted = browser.page.request.post(stack.api_url + "/programs", form={**body, "csrf": csrf_of(browser)})
    assert accepted.ok


def test_swagger_ui_lists_the_apis_operations(browser: Browser, stack: Any) -> None:
    page = browser.go("/docs")
    page.wait_for_selector(".opblock", timeout=30_000)
    assert page.locator(".opblock").count() > 50
    assert page.get_by_text("/v1/programs/{program_id}/links/bulk").count() >= 1
    page.screenshot(path=str(browser_shots() / "swagger-ui.png"), full_page=False)


def browser_shots() -> Any:
    from tests.browser.conftest import SHOTS

    return SHOTS
