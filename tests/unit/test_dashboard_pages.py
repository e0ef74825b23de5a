"""Dashboard pages through the handler: what each role is offered, and every bad form input named on
the page with its status (moto in-process; the journeys in a real browser are tests/browser)."""

from __future__ import annotations

import base64
from typing import Any

import pytest

from sellerlink.accounts import logic as accounts
from sellerlink.accounts.dal import AccountStore
from sellerlink.accounts.models import Edition, Role
from sellerlink.catalog.dal import ProductStore
from sellerlink.catalog.models import Product
from sellerlink.clock import FixedClock
from sellerlink.partners import logic as partners
from sellerlink.partners.dal import PartnerStore
from sellerlink.programs.dal import ProgramStore
from sellerlink.programs.models import ConnectionState
from sellerlink.table import Table
from tests.unit.dashboard_browser import Browser

ASINS = ("B0ACME0001", "B0ACME0002")


@pytest.fixture(autouse=True)
def local_mode(monkeypatch: pytest.MonkeyPatch) -> None:
    """Webhook targets on loopback are allowed, as in the local stack (no DNS in unit tests)."""
    monkeypatch.setenv("SELLERLINK_LOCAL", "true")


@pytest.fixture
def table(functions: dict[str, dict[str, str]]) -> Table:
    return Table(functions["Table"]["Ref"])


@pytest.fixture
def brand(table: Table, clock: FixedClock) -> dict[str, Any]:
    """An account with a US program whose Amazon side is connected and catalog imported."""
    store = AccountStore(table)
    account, key = accounts.create_account(store, clock, name="Acme Outdoor", edition=Edition.PRO)
    admin = Browser()
    admin.sign_in(key.key)
    fields = {"marketplace": "US", "seller_type": "3P", "brand_name": "Acme Outdoor", "brand_registry": "yes"}
    created = admin.post("/programs", fields)
    program_id = created.location.rsplit("/", 1)[1]
    programs = ProgramStore(table)
    program = programs.get(account.account_id, program_id)
    assert program is not None
    onboarding = program.onboarding.model_copy(
        update={
            "amazon_ads": ConnectionState.CONNECTED,
            "ads_profile_id": "1",
            "advertiser_id": "ENTITY1",
            "tag_template": "maas=x&ref_=aa_maas&tag=maas&aa_campaignid={insertCampaignId}"
            "&aa_adgroupid={insertAdGroupId}&aa_creativeid={insertAdiD}",
            "selling_partner": ConnectionState.CONNECTED,
            "catalog_imported_at": clock.now(),
        }
    )
    programs.save(program.model_copy(update={"onboarding": onboarding}))
    products = [Product(asin=a, title=f"Product {a}", imported_at=clock.now()) for a in ASINS]
    ProductStore(table).upsert(account.account_id, program_id, products)
    viewer = accounts.issue_key(store, clock, account.account_id, role=Role.VIEWER, name="Vic")
    return {
        "admin": admin,
        "program": f"/programs/{program_id}",
        "program_id": program_id,
        "viewer": viewer.key,
    }


def post_on(browser: Browser, page: str, action: str, fields: dict[str, Any]) -> Any:
    browser.get(page)
    return browser.post(action, fields)


def test_every_brand_page_renders(brand: dict[str, Any]) -> None:
    admin, base = brand["admin"], brand["program"]
    for suffix in ("", "/partners", "/terms", "/catalog", "/reports", "/ledger", "/webhooks", "/settings"):
        page = admin.get(base + suffix)
        assert page.status == 200, (suffix, page.text[:400])
        assert page.headers["Content-Security-Policy"].startswith("default-src 'self'")
    assert admin.get("/account").status == 200
    assert "Sales, commission and BRB per day" in admin.get(base).text
    assert admin.get(base + "/reports.csv?group_by=date").headers["Content-Type"].startswith("text/csv")
    assert admin.get(base + "/ledger.csv").status == 200
    assert admin.get(base + "/import-progress").status == 200


@pytest.mark.parametrize(
    ("fields", "status", "sentence"),
    [
        (
            {"marketplace": "JP", "seller_type": "3P", "brand_name": "A", "brand_registry": "yes"},
            422,
            "Marketplace 'JP' is not supported",
        ),
        (
            {"marketplace": "DE", "seller_type": "3P", "brand_name": "A"},
            422,
            "enrolled in Amazon Brand Registry",
        ),
        (
            {"marketplace": "DE", "seller_type": "3P", "brand_name": "", "brand_registry": "yes"},
            422,
            "Brand name:",
        ),
        (
            {"marketplace": "US", "seller_type": "3P", "brand_name": "A", "brand_registry": "yes"},
            409,
            "already has a Seller program on US",
        ),
    ],
)
def test_a_bad_new_program_is_refused_on_the_page(
    brand: dict[str, Any], fields: dict[str, str], status: int, sentence: str
) -> None:
    answer = post_on(brand["admin"], "/programs", "/programs", fields)
    assert answer.status == status and sentence in answer.text


def terms(value: str = "8", kind: str = "percent", **extra: str) -> dict[str, str]:
    return {"default-type": kind, "default-value": value, "group-0-name": "", "promo-0-name": "", **extra}


@pytest.mark.parametrize(
    ("fields", "sentence"),
    [
        (terms("abc"), "is not a decimal"),
        (terms("8", "cpc"), "Seller programs support CPA only"),
        (
            terms(
                "8",
                **{
                    "group-0-name": "Hero",
                    "group-0-asins": "B0NOTINCAT",
                    "group-0-type": "percent",
                    "group-0-value": "12",
                },
            ),
            "B0NOTINCAT",
        ),
        (terms("8", effective_date="2020-01-01"), "is in the past"),
        (terms("8", effective_date="someday"), "Effective date:"),
    ],
)
def test_bad_terms_are_refused_on_the_page_and_kept_as_typed(
    brand: dict[str, Any], fields: dict[str, str], sentence: str
) -> None:
    answer = post_on(brand["admin"], brand["program"] + "/terms", brand["program"] + "/terms", fields)
    assert answer.status == 422 and sentence in answer.text, answer.text[answer.text.find('role="alert"') :][
        :300
    ]


def test_terms_are_saved_and_listed_in_the_history(brand: dict[str, Any]) -> None:
    base = brand["program"]
    group = {
        "group-0-name": "Hero",
        "group-0-asins": ASINS[0],
        "group-0-type": "per_unit",
        "group-0-value": "3",
    }
    answer = post_on(brand["admin"], base + "/terms", base + "/terms", terms("8", **group))
    assert answer.status == 200 and "Version 1 saved" in answer.text and "Hero (1 ASINs" in answer.text
    row = brand["admin"].get(base + "/terms/row?kind=promo&index=1")
    assert 'id="promo-1-name"' in row.text and 'hx-swap-oob="true"' in row.text
    activated = post_on(brand["admin"], base, base + "/status", {"to": "active"})
    assert "is active" in activated.text


def test_a_viewer_is_offered_no_form_and_its_posts_are_refused(brand: dict[str, Any]) -> None:
    viewer = Browser()
    viewer.sign_in(brand["viewer"])
    base = brand["program"]
    overview = viewer.get(base)
    assert "/connect/amazon-ads" not in overview.text and "Activate the program" not in overview.text
    assert "Save a new version" not in viewer.get(base + "/terms").text
    assert "Create the program" not in viewer.get("/programs").text
    refused = viewer.post(base + "/status", {"to": "active"})
    assert refused.status == 403 and "read-only" in refused.text
    assert viewer.post(base + "/terms", terms()).status == 403
    assert (
        viewer.post(base + "/webhooks", {"url": "https://x.example", "event_types": "pull.failed"}).status
        == 403
    )


def test_the_connect_button_sends_the_browser_to_the_consent_start_page(brand: dict[str, Any]) -> None:
    answer = post_on(brand["admin"], brand["program"], brand["program"] + "/connect/amazon-ads", {})
    # Sellerlink's start page first: it binds the browser by a cookie, then redirects to Amazon
    assert answer.status == 303 and "/oauth/amazon-ads/start?state=" in answer.location
    assert post_on(brand["admin"], brand["program"], brand["program"] + "/connect/nothing", {}).status == 404


@pytest.mark.parametrize(
    ("action", "fields", "status", "sentence"),
    [
        ("/partners", {"partner_id": ""}, 422, "Enter the partner's id"),
        ("/partners", {"partner_id": "ptr_nobody"}, 422, "ptr_nobody"),
        ("/partners/ptr_x/decide", {"action": "fly"}, 422, "Choose approve, decline, suspend or terminate."),
        ("/webhooks", {"url": "https://hooks.example/x"}, 422, "Choose at least one event to deliver."),
        ("/webhooks", {"url": "ftp://x", "event_types": "pull.failed"}, 422, "https"),
        ("/settings", {"lock_period_days": "3"}, 422, "Lock period:"),
        ("/settings", {"return_url": "not a url"}, 422, "return_url"),
    ],
)
def test_bad_program_forms_are_refused_on_the_page(
    brand: dict[str, Any], action: str, fields: dict[str, str], status: int, sentence: str
) -> None:
    base = brand["program"]
    answer = post_on(
        brand["admin"], base + action.split("/decide")[0].rsplit("/ptr_x", 1)[0], base + action, fields
    )
    assert answer.status == status and sentence in answer.text, answer.text[
        answer.text.find('role="alert"') :
    ][:300]


@pytest.mark.parametrize(
    ("query", "sentence"),
    [
        ("/reports?from=yesterday", "From 'yesterday' is not a date"),
        ("/reports?group_by=color", "'color' is not a grouping"),
        ("/ledger?kind=gift", "'gift' is not a kind of entry"),
        ("/reports?from=2026-03-02&to=2026-03-01", "swap them"),
    ],
)
def test_bad_report_filters_are_named_on_the_page(brand: dict[str, Any], query: str, sentence: str) -> None:
    answer = brand["admin"].get(brand["program"] + query)
    assert answer.status == 422 and sentence in answer.text


@pytest.mark.parametrize(
    ("action", "fields", "sentence"),
    [
        ("/account/keys", {"role": "viewer", "name": ""}, "name:"),
        ("/account/keys", {"role": "boss", "name": "B"}, "role:"),
        ("/account/people", {"email": "nope", "role": "viewer"}, "Enter an e-mail address"),
        ("/account/people", {"email": "a@b.example", "role": "boss"}, "Choose the person's role"),
        ("/account/people/remove", {"email": "a@b.example"}, "may not sign in here"),
    ],
)
def test_bad_account_forms_are_refused_on_the_page(
    brand: dict[str, Any], action: str, fields: dict[str, str], sentence: str
) -> None:
    answer = post_on(brand["admin"], "/account", action, fields)
    assert answer.status in (404, 422) and sentence in answer.text


def test_a_key_is_shown_once_and_revoked_from_the_account_page(brand: dict[str, Any]) -> None:
    created = post_on(brand["admin"], "/account", "/account/keys", {"role": "manager", "name": "Dana"})
    assert "it is shown once" in created.text and 'value="slk.' in created.text
    key_id = created.text.split('action="/account/keys/')[1].split("/revoke")[0]
    revoked = brand["admin"].post(f"/account/keys/{key_id}/revoke")
    assert "is revoked" in revoked.text


def test_a_webhook_endpoint_is_registered_tested_and_rotated(brand: dict[str, Any]) -> None:
    base = brand["program"] + "/webhooks"
    admin = brand["admin"]
    created = post_on(admin, base, base, {"url": "http://127.0.0.1:9/in", "event_types": ["pull.failed"]})
    assert created.status == 200 and "whsec_" in created.text, created.text[
        created.text.find('role="alert"') :
    ][:300]
    endpoint = created.text.split(f'href="{base}/')[1].split('"')[0]
    for action, sentence in (
        ("test", "webhook.test delivery is on its way"),
        ("rotate", "A new signing secret"),
        ("fly", "Choose test"),
    ):
        answer = post_on(admin, f"{base}/{endpoint}", f"{base}/{endpoint}", {"action": action})
        assert sentence in answer.text
    assert (
        "is deleted" in post_on(admin, f"{base}/{endpoint}", f"{base}/{endpoint}", {"action": "delete"}).text
    )


def test_a_partner_applies_builds_links_and_registers_a_postback(
    brand: dict[str, Any], table: Table, clock: FixedClock
) -> None:
    admin, base, program_id = brand["admin"], brand["program"], brand["program_id"]
    post_on(admin, base + "/terms", base + "/terms", terms())
    post_on(admin, base, base + "/status", {"to": "active"})
    partner, key = partners.create_partner(PartnerStore(table), clock, name="Trail Reviews", website=None)
    browser = Browser()
    browser.sign_in(key.key)
    assert "Enter the program's id" in browser.post("/partner/apply", {"program_id": ""}).text
    assert browser.post("/partner/apply", {"program_id": program_id}).status == 200
    assert (
        "Links can be built once the brand approves you"
        in browser.get(f"/partner/programs/{program_id}").text
    )
    post_on(admin, base + "/partners", f"{base}/partners/{partner.partner_id}/decide", {"action": "approve"})
    page = f"/partner/programs/{program_id}"
    link = post_on(browser, page, page + "/links", {"target": ASINS[0], "shared_id": "youtube"})
    assert "aa_creativeid=" in link.text and 'data-copy="new-link"' in link.text
    bad = post_on(browser, page, page + "/links", {"target": "B0NOTINCAT"})
    assert bad.status == 422 and "B0NOTINCAT" in bad.text
    empty = post_on(browser, page, page + "/links/bulk", {"asins": ""})
    assert empty.status == 422 and "Paste ASINs or upload a CSV file" in empty.text
    bulk = post_on(browser, page, page + "/links/bulk", {"asins": f"{ASINS[0]}, {ASINS[1]} B0NOTINCAT"})
    assert "2 links built, 1 refused." in bulk.text
    csv = post_on(browser, page, page + "/links/bulk.csv", {"asins": " ".join(ASINS)})
    assert csv.headers["Content-Type"].startswith("text/csv") and csv.text.startswith("asin,shared_id,url")
    hooks = "/partner/postbacks"
    created = post_on(
        browser,
        hooks,
        hooks,
        {"url": "http://127.0.0.1:9/?a={amount}", "kind": "postback", "event_types": "action.created"},
    )
    assert "whsec_" in created.text
    assert "partner id is" in browser.get("/partner/settings").text
    assert (
        "may now sign in by e-mail"
        in post_on(
            browser, "/partner/settings", "/partner/settings/people", {"email": "t@trail.example"}
        ).text
    )


def test_a_csv_upload_makes_bulk_links_and_a_bad_file_is_named(
    brand: dict[str, Any], table: Table, clock: FixedClock
) -> None:
    admin, base, program_id = brand["admin"], brand["program"], brand["program_id"]
    post_on(admin, base + "/terms", base + "/terms", terms())
    post_on(admin, base, base + "/status", {"to": "active"})
    partner, key = partners.create_partner(PartnerStore(table), clock, name="Deal Hunters", website=None)
    browser = Browser()
    browser.sign_in(key.key)
    browser.post("/partner/apply", {"program_id": program_id})
    post_on(admin, base + "/partners", f"{base}/partners/{partner.partner_id}/decide", {"action": "approve"})
    page = f"/partner/programs/{program_id}"
    browser.get(page)
    csrf = browser.last.csrf() if browser.last else ""
    for content, sentence in (
        (f"asin\n{ASINS[0]}\n{ASINS[1]}\n".encode(), "2 links built"),
        (b"\xff\xfe\x00", "not UTF-8"),
    ):
        body = (
            (
                f'--B\r\nContent-Disposition: form-data; name="csrf"\r\n\r\n{csrf}\r\n'
                '--B\r\nContent-Disposition: form-data; name="asins"\r\n\r\n\r\n'
                '--B\r\nContent-Disposition: form-data; name="file"; filename="asins.csv"\r\n'
                "Content-Type: text/csv\r\n\r\n"
            ).encode()
            + content
            + b"\r\n--B--\r\n"
        )
        answer = browser.request(
            "POST",
            page + "/links/bulk",
            base64.b64encode(body).decode(),
            encoded=True,
            content_type="multipart/form-data; boundary=B",
        )
        assert sentence in answer.text
