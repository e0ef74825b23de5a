"""A brand's whole first day in Chromium: sign in, create the program, connect Amazon through the
sandbox's consent pages, wait for the catalog import, set terms, activate, approve a partner, and
see the chart after a simulated week and a pull."""

from __future__ import annotations

import re
import time
from typing import Any

from playwright.sync_api import Error as PlaywrightError

from tests.browser.conftest import Browser
from tests.browser.setup import World


def connect_at_amazon(browser: Browser, button: str, login: str, landed: str) -> None:
    """The connect button, Amazon's (the sandbox's) sign-in page, and the way back to the program."""
    page = browser.page
    browser.submit(button)
    page.get_by_label("Sign in as").fill(login)
    with page.expect_navigation():
        page.get_by_role("button", name="Allow").click()
    page.wait_for_load_state("load")
    assert landed in page.content(), page.content()[:800]
    page.get_by_role("link", name="Back to the program").click()
    page.wait_for_load_state("load")


def content(browser: Browser) -> str:
    """The page's HTML, waiting out a navigation (htmx reloads the page when an import ends)."""
    for _ in range(20):
        try:
            return browser.page.content()
        except PlaywrightError:
            browser.page.wait_for_timeout(250)
    return browser.page.content()


def wait_for_text(browser: Browser, text: str, timeout: float = 90, reload: bool = False) -> None:
    deadline = time.monotonic() + timeout
    while text not in content(browser):
        assert time.monotonic() < deadline, f"{text!r} never showed: {browser.page.inner_text('main')[:1500]}"
        if reload:
            browser.page.goto(browser.page.url)  # a GET again, never the form's POST
        else:
            browser.page.wait_for_timeout(500)
    browser.page.wait_for_load_state("load")


def test_a_brands_first_day(browser: Browser, stack: Any) -> None:
    world = World.of(stack)
    _, key = world.brand_account()
    brand = world.amazon_brand(catalog_size=12)
    page = browser.page

    browser.go("/")
    browser.look("sign-in")
    browser.sign_in_with_key(key)
    assert page.url.endswith("/programs")
    browser.look("programs")

    page.get_by_label("Marketplace").select_option("US")
    page.get_by_label("Brand name, as Brand Registry knows it").fill(brand["brand_name"])
    page.get_by_label("The brand is enrolled in Amazon Brand Registry").check()
    browser.submit("Create the program")
    program_path = re.sub(r"^https?://[^/]+", "", page.url)
    assert re.fullmatch(r"/programs/prg_\w+", program_path)
    browser.look("overview-new")

    connect_at_amazon(browser, "Connect Amazon Ads", brand["login"], "Amazon Ads connected")
    if page.get_by_role("button", name="Use this profile").count():  # several profiles: the brand chooses
        browser.submit("Use this profile")
    connect_at_amazon(browser, "Connect Seller Central", brand["login"], "Central connected")
    wait_for_text(browser, "Done:</span> Import the catalog")
    browser.look("overview-connected")

    browser.go(program_path + "/terms")
    page.get_by_label("Rate or amount").first.fill("10")
    browser.submit("Save a new version")
    assert "Version 1 saved" in page.content()
    browser.look("terms")

    browser.go(program_path)
    browser.submit("Activate the program")
    assert f"{brand['brand_name']} US is active." in page.content()

    partner, _, _ = world.partner("Trail Reviews")
    program_id = program_path.rsplit("/", 1)[1]
    partner.post(f"/v1/programs/{program_id}/applications")
    browser.go(program_path + "/partners")
    browser.look("partners-application")
    browser.submit("Approve Trail Reviews")
    assert "Trail Reviews is approved" in page.content()

    asin = world.api.with_key(key).get(f"/v1/programs/{program_id}/products")["products"][0]["asin"]
    link = partner.post(f"/v1/programs/{program_id}/links", {"asin": asin})
    world.wait_for_pulls(world.api.with_key(key), program_id)
    world.simulate_week([link["url"]])
    browser.go(program_path)  # a week later the session has been idle for more than 12 hours
    assert "/sign-in?next=" in page.url
    browser.sign_in_with_key(key, here=True)
    assert page.url.endswith(program_path)
    browser.submit("Pull now")
    wait_for_text(browser, "SUCCEEDED", timeout=180, reload=True)
    sales = page.locator(".figures div", has_text="Sales").locator("dd").inner_text()
    assert sales != "0.00 USD", page.content()[:2000]
    assert page.locator("svg[role=img] polyline").count() >= 2
    browser.look("overview-after-a-week")

    browser.go(program_path + "/reports?group_by=date")
    browser.look("reports-by-date")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download CSV").click()
    assert download.value.suggested_filename.startswith("performance-date-")
    for area in ("/reports?group_by=partner", "/ledger", "/catalog", "/webhooks", "/settings"):
        browser.go(program_path + area)
        browser.look(area.strip("/").split("?")[0] + ("-partner" if "partner" in area else ""))
    browser.go("/account")
    browser.look("account")
