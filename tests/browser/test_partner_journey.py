"""A partner's first day in Chromium: sign in, add an address and sign in again with the one-time
link e-mailed to it (read from the stack's outbox), find the brand's listed program in Discover and
apply with the field it requires, build one link and 100 bulk links, download them as CSV, register
a postback, and after a week of shoppers and a pull see earnings (chart, table, CSV), memberships
with balances and the payouts page with a masked payout profile. The brand lists its program and
reads Statements and payouts in its own dashboard."""

from __future__ import annotations

import csv
import io
import time
from pathlib import Path
from typing import Any

from sellerlink_local.drivers.dashboard import sign_in_link
from sellerlink_local.drivers.outbox import Outbox
from tests.browser.conftest import Browser
from tests.browser.setup import World


def test_a_partners_first_day(browser: Browser, second_browser: Browser, stack: Any) -> None:
    world = World.of(stack)
    admin, program_id, asins = world.live_program(catalog_size=120)
    _, key, partner_id = world.partner("Trail Reviews")
    page = browser.page
    program_name = admin.get(f"/v1/programs/{program_id}")["name"]

    brand = second_browser  # the brand lists its program in its own dashboard
    brand.sign_in_with_key(str(admin.key))
    brand.go(f"/programs/{program_id}/settings")
    brand.page.get_by_label("List this program: every partner can find it in Discover and apply").check()
    brand.page.get_by_label("Description (up to 500 characters)").fill("Tents and stoves for long trails.")
    brand.page.get_by_label("Categories, separated by commas").fill("outdoor, camping")
    brand.page.get_by_label("Website", exact=True).check()
    brand.submit("Save the listing")
    assert "The marketplace listing is saved." in brand.page.content()
    brand.look("listing")

    browser.sign_in_with_key(key)
    assert page.url.endswith("/partner")
    browser.look("my-programs-empty")
    browser.go("/partner/settings")
    email = f"{partner_id}@trail.example"
    page.get_by_label("E-mail address").fill(email)
    browser.submit("Let this address sign in")
    browser.look("settings")
    browser.submit("Sign out")
    assert "/sign-in" in page.url

    page.get_by_label("E-mail address").fill(email)
    browser.submit("E-mail me a link")
    assert "a link is on its way" in page.content()
    browser.look("sign-in-link-sent")
    page.goto(sign_in_link(Outbox(stack.api_url), email))
    browser.look("sign-in-link")
    browser.submit("Continue")
    assert page.url.endswith("/partner") and "Trail Reviews (partner)" in page.content()

    browser.go("/partner/discover")
    page.get_by_label("Category").fill("camping")
    browser.submit("Search")
    assert "Tents and stoves for long trails." in page.content()
    browser.look("discover")
    # Its own card: the other tests of this process list programs of the same name and category
    card = page.locator("details").filter(has=page.locator(f"[id='{program_id}-website']"))
    card.locator("summary", has_text=f"Apply to {program_name}").click()  # the card's form opens
    card.get_by_label("Website (required)").fill("https://trail.example")
    card.get_by_label("How you promote (separated by commas) (optional)").fill("YouTube reviews, blog")
    with page.expect_navigation():
        card.get_by_role("button", name=f"Apply to {program_name}", exact=True).click()
    assert "is pending" in page.content()
    browser.look("discover-applied")
    admin.post(f"/v1/programs/{program_id}/partners/{partner_id}/approve")
    browser.go("/partner")
    assert "approved" in page.content() and "Locked" in page.content()
    browser.look("my-programs")

    browser.go(f"/partner/programs/{program_id}")
    page.get_by_label("ASIN or URL on amazon.com").fill(asins[0])
    page.get_by_label("SharedID (optional)").first.fill("youtube")
    browser.submit("Build the link")
    link = page.get_by_label(f"Your link for {asins[0]} (youtube)").input_value()
    assert "aa_creativeid=" in link and f"/dp/{asins[0]}" in link
    page.get_by_role("button", name="Copy").click()
    page.get_by_role("button", name="Copied").wait_for(timeout=5000)  # the clipboard answers later
    browser.look("link-built")

    page.get_by_label("ASINs, separated by spaces, commas or new lines").fill("\n".join(asins[:100]))
    browser.submit("Build the links")
    assert "100 links built." in page.content()
    browser.look("bulk-links")
    with page.expect_download() as download:
        page.get_by_role("button", name="Download these links as CSV").click()
    rows = list(csv.DictReader(io.StringIO(Path(download.value.path()).read_text())))
    assert len(rows) == 100 and all("aa_creativeid=" in row["url"] for row in rows)

    browser.go("/partner/postbacks")
    page.get_by_label("URL", exact=True).fill(stack.api_url + "/postback?amount={amount}")
    page.get_by_label("Postback: a GET of the URL with its macros filled in").check()
    page.get_by_label("action.created").check()
    browser.submit("Register")
    assert "it is shown once" in page.content()
    browser.look("postbacks")

    # A week of shoppers on the link, and the brand's pull: the partner sees what it earned
    world.wait_for_pulls(admin, program_id)
    world.simulate_week([link])
    started = admin.request("POST", f"/v1/programs/{program_id}/pulls")
    assert started.status_code == 202, started.text
    pull_path = f"/v1/programs/{program_id}/pulls/{started.json()['pull_id']}"
    deadline = time.monotonic() + 180
    while admin.get(pull_path)["status"] == "RUNNING":
        assert time.monotonic() < deadline, "the pull did not finish"
        time.sleep(0.5)
    browser.go("/partner/earnings?group_by=date")  # a week later: idle for more than 12 hours
    assert "/sign-in?next=" in page.url
    browser.sign_in_with_key(key, here=True)
    assert "/partner/earnings" in page.url
    assert page.locator("svg[role=img] polyline").count() >= 1
    assert "Nothing earned in this period yet." not in page.content(), page.inner_text("main")[:2000]
    browser.look("earnings")
    with page.expect_download() as earned:
        page.get_by_role("link", name="Download CSV").click()
    assert earned.value.suggested_filename.startswith("earnings-date-")
    browser.go("/partner")
    browser.look("my-programs-with-balances")

    browser.go("/partner/payouts")
    page.get_by_label("Method").select_option("paypal")
    page.get_by_label("Country (two letters, e.g. US)").fill("US")
    page.get_by_label("Currency (e.g. USD)").fill("USD")
    page.get_by_label("PayPal e-mail address (PayPal)").fill("payee.jo@trail.example")
    browser.submit("Save the payout profile")
    assert "shown masked only" in page.content() and "payee.jo@trail.example" not in page.content()
    browser.look("payouts")

    brand.go("/")  # the brand's session has been idle for a week too
    brand.sign_in_with_key(str(admin.key), here=True)
    brand.go(f"/programs/{program_id}/payouts")
    assert "Payout runs" in brand.page.content()
    brand.look("statements-and-payouts")
