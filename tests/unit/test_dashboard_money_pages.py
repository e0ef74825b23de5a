"""Dashboard pages of issue 18 built on the partner side, the numbers and payouts: Discover with a
program's required fields, memberships with balances, Earnings, Payouts with a masked profile, the
brand's marketplace listing and Statements and payouts (moto in-process, through the handler)."""

from __future__ import annotations

from typing import Any

import pytest

from sellerlink.accounts import logic as accounts
from sellerlink.accounts.dal import AccountStore
from sellerlink.accounts.models import Role
from sellerlink.clock import FixedClock
from sellerlink.partners import logic as partners
from sellerlink.partners.dal import PartnerStore
from sellerlink.payouts.dal import PayoutStore
from sellerlink.payouts.models import RunStatus
from sellerlink.table import Table
from tests.unit.dashboard_browser import Browser
from tests.unit.test_dashboard_pages import brand, local_mode, post_on, table, terms
from tests.unit.test_payout_flow import payout_functions

__all__ = ["brand", "local_mode", "payout_functions", "table"]  # fixtures shared with other tests


@pytest.fixture
def handed(payout_functions: dict[str, Any]) -> list[tuple[str, ...]]:
    """The payout worker's tasks, as handed over (no Lambda in unit tests)."""
    handed: list[tuple[str, ...]] = payout_functions["handed"]
    return handed


def listed(brand: dict[str, Any], **extra: Any) -> None:
    admin, base = brand["admin"], brand["program"]
    post_on(admin, base + "/terms", base + "/terms", terms())
    post_on(admin, base, base + "/status", {"to": "active"})
    fields = {
        "listed": "yes",
        "description": "Tents and stoves for long trails.",
        "categories": "outdoor, camping",
        "requirements": "Hikers with an audience.",
        "required_fields": ["website"],
        **extra,
    }
    saved = post_on(admin, base + "/settings", base + "/settings/listing", fields)
    assert "The marketplace listing is saved." in saved.text, saved.text[:2000]


def partner_browser(table: Table, clock: FixedClock, name: str = "Trail Reviews") -> tuple[Browser, str]:
    partner, key = partners.create_partner(PartnerStore(table), clock, name=name, website=None)
    browser = Browser()
    browser.sign_in(key.key)
    return browser, partner.partner_id


def test_a_listed_program_is_discovered_and_applied_to_with_its_required_fields(
    brand: dict[str, Any], table: Table, clock: FixedClock
) -> None:
    listed(brand)
    browser, _ = partner_browser(table, clock)
    found = browser.get("/partner/discover?category=camping")
    assert found.status == 200 and "Tents and stoves for long trails." in found.text
    assert "Website (required)" in found.text and "Hikers with an audience." in found.text
    assert "No listed program matches" in browser.get("/partner/discover?q=nothing-like-it").text
    fields = {"program_id": brand["program_id"], "audience_size": "12,000"}
    missing = post_on(browser, "/partner/discover", "/partner/discover/apply", fields)
    assert (
        missing.status == 422 and "asks every application for website; this one lacks website" in missing.text
    )
    bad = post_on(
        browser, "/partner/discover", "/partner/discover/apply", {**fields, "audience_size": "many"}
    )
    assert bad.status == 422 and "Audience size 'many' is not a whole number" in bad.text
    applied = post_on(
        browser,
        "/partner/discover",
        "/partner/discover/apply",
        {**fields, "website": "https://trail.example"},
    )
    assert applied.status == 200 and "is pending" in applied.text
    assert "Your membership is <strong>pending</strong>" in browser.get("/partner/discover").text
    mine = browser.get("/partner")
    assert "Acme Outdoor" in mine.text and "Pending" in mine.text and "Locked" in mine.text


def test_only_managers_change_the_listing(brand: dict[str, Any]) -> None:
    viewer = Browser()
    viewer.sign_in(brand["viewer"])
    page = viewer.get(brand["program"] + "/settings")
    assert "Listing in the marketplace" in page.text and "Save the listing" not in page.text
    refused = viewer.post(brand["program"] + "/settings/listing", {"listed": "yes"})
    assert refused.status == 403
    bad = post_on(
        brand["admin"],
        brand["program"] + "/settings",
        brand["program"] + "/settings/listing",
        {"logo_url": "not a url"},
    )
    assert bad.status == 422 and "logo_url" in bad.text


def test_earnings_show_a_chart_a_table_and_a_csv(table: Table, clock: FixedClock) -> None:
    browser, _ = partner_browser(table, clock)
    page = browser.get("/partner/earnings")
    assert page.status == 200 and "Commission per day" in page.text
    by_program = browser.get("/partner/earnings?group_by=program")
    assert by_program.status == 200 and "Nothing earned in this period yet." in by_program.text
    bad = browser.get("/partner/earnings?group_by=week")
    assert bad.status == 422 and "'week' is not a grouping; choose program, date or link." in bad.text
    wrong_day = browser.get("/partner/earnings?from=yesterday")
    assert wrong_day.status == 422 and "From 'yesterday' is not a date" in wrong_day.text
    csv = browser.get("/partner/earnings.csv?group_by=date")
    assert (
        csv.headers["Content-Type"].startswith("text/csv")
        and "attachment" in csv.headers["Content-Disposition"]
    )


def test_a_payout_profile_is_saved_sealed_and_shown_masked_only(table: Table, clock: FixedClock) -> None:
    browser, _ = partner_browser(table, clock)
    page = browser.get("/partner/payouts")
    assert "No payout yet." in page.text and "Save the payout profile" in page.text
    bad = browser.post("/partner/payouts/profile", {"method": "paypal", "country": "US", "currency": "USD"})
    assert bad.status == 422 and "PayPal needs paypal_email" in bad.text
    nothing = browser.post("/partner/payouts/profile", {"method": "cheque"})
    assert nothing.status == 422 and "Choose how you are paid" in nothing.text
    fields = {
        "method": "paypal",
        "country": "us",
        "currency": "usd",
        "paypal_email": "jo.payee@trail.example",
    }
    saved = browser.post("/partner/payouts/profile", fields)
    assert saved.status == 200 and "shown masked only" in saved.text
    assert "jo.payee@trail.example" not in saved.text and "@trail.example" in saved.text


def test_a_brand_page_is_refused_to_a_partner_and_a_partner_page_to_a_brand(
    brand: dict[str, Any], table: Table, clock: FixedClock
) -> None:
    browser, _ = partner_browser(table, clock)
    assert browser.get(brand["program"] + "/payouts").status == 403
    for path in ("/partner/discover", "/partner/earnings", "/partner/payouts"):
        assert brand["admin"].get(path).status == 403


def test_statements_and_payouts_admins_run_viewers_read(
    brand: dict[str, Any], table: Table, handed: list[tuple[str, ...]]
) -> None:
    admin, base, program_id = brand["admin"], brand["program"], brand["program_id"]
    page = admin.get(base + "/payouts")
    assert page.status == 200 and "Statement" in page.text and "No payout run yet." in page.text
    bad = post_on(admin, base + "/payouts", base + "/payouts", {"month": "May"})
    assert bad.status == 422 and "Check these fields" in bad.text
    started = post_on(admin, base + "/payouts", base + "/payouts", {"month": "2026-10"})
    assert started.status == 303 and started.location == f"{base}/payouts/2026-10"
    assert handed == [("build", program_id, "2026-10")]
    run_page = admin.follow(started)
    assert "Status <strong>building</strong>" in run_page.text
    early = post_on(admin, run_page_path(base), run_page_path(base) + "/approve", {})
    assert early.status == 409 and "only a draft can be approved" in early.text
    store = PayoutStore(table)
    (run,) = store.runs(str(_account(table, brand)), program_id)
    store.move_run(run, {RunStatus.BUILDING}, status=RunStatus.DRAFT)
    approved = post_on(admin, run_page_path(base), run_page_path(base) + "/approve", {})
    assert "is approved; export it" in approved.text
    exported = post_on(admin, run_page_path(base), run_page_path(base) + "/export", {})
    assert "The files are being written" in exported.text and handed[-1] == ("export", program_id, "2026-10")
    no_file = admin.get(run_page_path(base) + "/files/paypal")
    assert no_file.status == 409 and "has no paypal file yet" in no_file.text
    odd = admin.get(run_page_path(base) + "/files/excel")
    assert odd.status == 422 and "'excel' is not a payout file" in odd.text
    settings = post_on(
        admin, base + "/payouts", base + "/payouts/settings", {"minimum_payout": "25.00", "payout_day": "40"}
    )
    assert settings.status == 422 and "payout_day" in settings.text
    viewer = Browser()
    viewer.sign_in(brand["viewer"])
    read = viewer.get(run_page_path(base))
    assert read.status == 200 and "Export the files" not in read.text
    assert "Prepare the payout run" not in viewer.get(base + "/payouts").text
    assert viewer.post(run_page_path(base) + "/export", {}).status == 403
    refused = post_on(viewer, base + "/payouts", base + "/payouts", {"month": "2026-09"})
    assert refused.status == 403 and "admin" in refused.text


def run_page_path(base: str) -> str:
    return f"{base}/payouts/2026-10"


def _account(table: Table, brand: dict[str, Any]) -> str:
    key = brand["viewer"]
    return key.split(".")[1]


def test_a_manager_is_not_offered_payout_actions(
    brand: dict[str, Any], table: Table, clock: FixedClock
) -> None:
    account_id = _account(table, brand)
    manager = accounts.issue_key(AccountStore(table), clock, account_id, role=Role.MANAGER, name="Mia")
    browser = Browser()
    browser.sign_in(manager.key)
    page = browser.get(brand["program"] + "/payouts")
    assert page.status == 200 and "Prepare the payout run" not in page.text


def test_a_member_reads_its_terms_and_products_with_its_commission(
    brand: dict[str, Any], table: Table, clock: FixedClock
) -> None:
    listed(brand, required_fields=[])
    browser, partner_id = partner_browser(table, clock)
    page = f"/partner/programs/{brand['program_id']}"
    post_on(browser, "/partner", "/partner/apply", {"program_id": brand["program_id"]})
    assert "Your terms" not in browser.get(page).text  # not before the brand approves
    base = brand["program"]
    post_on(brand["admin"], base + "/partners", f"{base}/partners/{partner_id}/decide", {"action": "approve"})
    shown = browser.get(page).text
    assert "The program's terms (version 1" in shown and "8% of sales by default" in shown
    assert "Products and your commission" in shown and "B0ACME0001" in shown
