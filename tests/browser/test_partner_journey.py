"""A partner's first day in Chromium: sign in, add an address and sign in again with a one-time
link from the outbox, apply to a program by its id, build one link and 100 bulk links, download
them as CSV, and register a postback."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

from tests.browser.conftest import Browser
from tests.browser.setup import World


def sign_in_link(stack: Any, email: str) -> str:
    mail = [m for m in stack.outbox() if m["to"] == email][-1]
    return next(word for word in mail["text"].split() if "/sign-in/link?token=" in word)


def test_a_partners_first_day(browser: Browser, second_browser: Browser, stack: Any) -> None:
    world = World.of(stack)
    admin, program_id, asins = world.live_program(catalog_size=120)
    _, key, partner_id = world.partner("Trail Reviews")
    page = browser.page

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
    page.goto(sign_in_link(stack, email))
    browser.look("sign-in-link")
    browser.submit("Continue")
    assert page.url.endswith("/partner") and "Trail Reviews (partner)" in page.content()

    page.get_by_label("Program id").fill(program_id)
    browser.submit("Apply")
    assert "is pending" in page.content()
    browser.look("my-programs-applied")
    admin.post(f"/v1/programs/{program_id}/partners/{partner_id}/approve")

    browser.go(f"/partner/programs/{program_id}")
    page.get_by_label("ASIN or URL on amazon.com").fill(asins[0])
    page.get_by_label("SharedID (optional)").first.fill("youtube")
    browser.submit("Build the link")
    link = page.get_by_label(f"Your link for {asins[0]} (youtube)").input_value()
    assert "aa_creativeid=" in link and f"/dp/{asins[0]}" in link
    page.get_by_role("button", name="Copy").click()
    assert page.get_by_role("button", name="Copied").count() == 1
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

    second_browser.sign_in_with_key(key)  # a session of its own, in another browser
    assert second_browser.page.url.endswith("/partner")
