"""Onboarding through the local stack and the Amazon sandbox: consent, callback, profile
choice, catalog import, activation, and every failure a brand meets on the way."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, urlsplit

from sellerlink_local.drivers.client import SellerlinkClient
from tests.e2e.conftest import BrandFactory, assert_problem
from tests.e2e.onboarding_flow import Brand, SandboxAmazon, callback_url, onboard, wait_for_catalog


def test_the_whole_onboarding_activates_the_program(new_brand: BrandFactory, amazon: SandboxAmazon) -> None:
    # Given a brand at Amazon with one Seller Central profile and 30 products
    brand = Brand(new_brand, amazon)
    # When it connects both accounts, sets default terms and activates
    program = onboard(brand.admin, brand.program_id, brand.login)
    today = amazon.control("GET", "clock")["now"][:10]
    brand.admin.call(
        "PUT",
        f"/v1/programs/{brand.program_id}/terms",
        json={"default": {"type": "percent", "value": "10"}, "effective_date": today},
    )
    activated = brand.admin.post(f"/v1/programs/{brand.program_id}/activate")
    # Then every checklist step is done, measurement is on and the catalog is in
    assert program["onboarding"]["ads_profile_id"] == str(brand.amazon["profiles"][0]["profileId"])
    assert program["onboarding"]["tag_template"].startswith("maas=maas_adg_api_")
    assert program["onboarding"]["catalog_import"]["products_seen"] == 30
    assert activated["status"] == "active" and all(step["done"] for step in activated["checklist"])
    products = brand.admin.get(f"/v1/programs/{brand.program_id}/products?limit=50")["products"]
    assert sorted(p["asin"] for p in products) == sorted(item["asin"] for item in brand.amazon["catalog"])
    assert all(p["title"] and p["price"] and p["image_url"] for p in products)


def test_the_consent_urls_follow_the_programs_region_and_central(
    new_brand: BrandFactory, amazon: SandboxAmazon, stack: Any
) -> None:
    brand = Brand(new_brand, amazon, "DE", marketplaces=["DE"], seller_type="1P", program_seller_type="1P")
    ads_link, selling_link = brand.consent("amazon-ads"), brand.consent("selling-partner")
    assert ads_link.startswith(f"{stack.api_url}/oauth/amazon-ads/start?state=")
    assert selling_link.startswith(f"{stack.api_url}/oauth/selling-partner/start?state=")
    ads, selling = urlsplit(brand.browser.start(ads_link)), urlsplit(brand.browser.start(selling_link))
    ads_query = parse_qs(ads.query)
    assert ads.path == "/eu/ap/oa" and ads_query["scope"] == ["advertising::campaign_management"]
    assert ads_query["code_challenge_method"] == ["S256"] and ads_query["redirect_uri"] == [
        f"{stack.api_url}/oauth/amazon-ads/callback"
    ]
    assert selling.path == "/eu/vendor/apps/authorize/consent"
    assert parse_qs(selling.query)["version"] == ["beta"]


def test_a_viewer_cannot_start_a_connection(
    api: SellerlinkClient, new_brand: BrandFactory, amazon: SandboxAmazon
) -> None:
    brand = Brand(new_brand, amazon)
    viewer = api.with_key(brand.admin.post("/v1/keys", {"role": "viewer", "name": "auditor"})["key"])
    answer = viewer.request("GET", f"/v1/programs/{brand.program_id}/connect/amazon-ads")
    assert_problem(answer, 403, "read-only")


def test_consent_denied_at_amazon_connects_nothing(new_brand: BrandFactory, amazon: SandboxAmazon) -> None:
    brand = Brand(new_brand, amazon)
    landed = brand.connect("amazon-ads", decision="deny")
    assert landed.status_code == 400 and "You declined access at Amazon" in landed.text
    assert brand.current()["onboarding"]["amazon_ads"] == "not_connected"


def test_no_profile_for_the_marketplace_says_which_access_is_missing(
    new_brand: BrandFactory, amazon: SandboxAmazon
) -> None:
    brand = Brand(new_brand, amazon, "US", marketplaces=["CA"])
    landed = brand.connect("amazon-ads")
    assert landed.status_code == 400
    assert "no Amazon Ads profile for amazon.com" in landed.text and "Admin access" in landed.text


def test_a_user_without_admin_access_is_told_where_to_grant_it(
    new_brand: BrandFactory, amazon: SandboxAmazon
) -> None:
    brand = Brand(new_brand, amazon, user_role="limited")
    landed = brand.connect("amazon-ads")
    assert (
        landed.status_code == 400 and "lacks Admin access" in landed.text and "User management" in landed.text
    )
    assert brand.current()["onboarding"]["problem"].startswith("Amazon Attribution refused the profile")


def test_a_vendor_account_for_a_seller_program_is_explained(
    new_brand: BrandFactory, amazon: SandboxAmazon
) -> None:
    brand = Brand(new_brand, amazon, seller_type="1P")
    landed = brand.connect("amazon-ads")
    assert landed.status_code == 400
    assert "Vendor Central (1P) account" in landed.text and "Seller Central (3P)" in landed.text
    assert "Sign out of Amazon" in landed.text


def test_a_seller_account_for_a_vendor_program_is_explained(
    new_brand: BrandFactory, amazon: SandboxAmazon
) -> None:
    brand = Brand(new_brand, amazon, seller_type="3P", program_seller_type="1P")
    landed = brand.connect("amazon-ads")
    assert landed.status_code == 400 and "Seller Central (3P) account" in landed.text


def test_no_brand_registry_is_said_plainly(
    new_brand: BrandFactory, amazon: SandboxAmazon, raw_table: Any
) -> None:
    brand = Brand(new_brand, amazon, brand_registry=False)
    landed = brand.connect("amazon-ads")
    assert landed.status_code == 400 and "not enrolled in Amazon Brand Registry" in landed.text
    assert_nothing_kept(brand, "amazon-ads", raw_table)


def test_seller_and_vendor_profiles_are_offered_never_guessed(
    new_brand: BrandFactory, amazon: SandboxAmazon
) -> None:
    # Given a user with a Seller and a Vendor profile on the program's marketplace
    brand = Brand(new_brand, amazon, also_vendor=True)
    # When Amazon Ads is connected
    landed = brand.connect("amazon-ads")
    onboarding = brand.current()["onboarding"]
    # Then the program waits for the brand's choice between both candidates
    assert landed.status_code == 200 and onboarding["ads_profile_id"] is None
    by_type = {c["account_type"]: c["profile_id"] for c in onboarding["profile_candidates"]}
    assert set(by_type) == {"seller", "vendor"}
    path = f"/v1/programs/{brand.program_id}/amazon/profile"
    wrong = brand.admin.request("PUT", path, json={"profile_id": by_type["vendor"]})
    assert_problem(wrong, 422, "this program is for Seller Central (3P)")
    unknown = brand.admin.request("PUT", path, json={"profile_id": "123"})
    assert_problem(unknown, 422, "not one of this program's candidates")
    chosen = brand.admin.call("PUT", path, json={"profile_id": by_type["seller"]})
    assert (
        chosen["onboarding"]["ads_profile_id"] == by_type["seller"] and chosen["onboarding"]["tag_template"]
    )


def test_the_brand_lands_on_its_own_page_when_it_set_one(
    new_brand: BrandFactory, amazon: SandboxAmazon
) -> None:
    brand = Brand(new_brand, amazon)
    brand.admin.patch(f"/v1/programs/{brand.program_id}", {"return_url": "https://brand.example/onboarding"})
    landed = brand.connect("amazon-ads")
    location = urlsplit(landed.headers["Location"])
    query = parse_qs(location.query)
    assert landed.status_code == 302 and location.netloc == "brand.example"
    assert (query["connection"], query["outcome"]) == (["amazon-ads"], ["ok"])


def test_a_large_catalog_imports_whole_through_throttling_and_faults(
    new_brand: BrandFactory, restore_sandbox: SandboxAmazon
) -> None:
    # Given 5,000 products (five times what one search can reach) and Amazon throttling and failing
    brand = Brand(new_brand, restore_sandbox, catalog_size=5000)
    restore_sandbox.control("PUT", "throttling", {"catalog": {"rate": 40, "burst": 4}})
    restore_sandbox.control(
        "PUT",
        "faults",
        {
            "seed": 7,
            "rules": [
                {"path_prefix": "/catalog", "kind": "429", "rate": 0.1, "retry_after": 0},
                {"path_prefix": "/catalog", "kind": "500", "rate": 0.1},
            ],
        },
    )
    # When the catalog is imported
    program = onboard(brand.admin, brand.program_id, brand.login)
    # Then every product is in
    progress = program["onboarding"]["catalog_import"]
    assert progress["status"] == "succeeded" and progress["products_seen"] == 5000
    assert progress["unreachable"] == 0


def test_a_reimport_updates_products_and_marks_vanished_ones_inactive(
    new_brand: BrandFactory, amazon: SandboxAmazon, table: Any
) -> None:
    from sellerlink.catalog.dal import ProductStore
    from sellerlink.catalog.models import Product

    brand = Brand(new_brand, amazon, catalog_size=5)
    onboard(brand.admin, brand.program_id, brand.login)
    products = ProductStore(table)
    account_id = brand.admin.account_id  # type: ignore[attr-defined]
    existing = products.all(account_id, brand.program_id)[0]
    stale = existing.model_copy(update={"title": "an old title"})
    gone = Product(asin="B0GONE0000", title="no longer sold", imported_at=existing.imported_at)
    products.upsert(account_id, brand.program_id, [stale, gone])
    assert brand.admin.request("POST", f"/v1/programs/{brand.program_id}/catalog/import").status_code == 202
    wait_for_catalog(brand.admin, brand.program_id)
    after = {p.asin: p for p in products.all(account_id, brand.program_id)}
    assert after[existing.asin].title == existing.title and after[existing.asin].active
    assert after["B0GONE0000"].active is False


def test_no_token_is_stored_in_plain_text(
    new_brand: BrandFactory, amazon: SandboxAmazon, raw_table: Any
) -> None:
    brand = Brand(new_brand, amazon)
    onboard(brand.admin, brand.program_id, brand.login)
    table = raw_table
    items, page = [], table.scan()
    items.extend(page["Items"])
    while "LastEvaluatedKey" in page:
        page = table.scan(ExclusiveStartKey=page["LastEvaluatedKey"])
        items.extend(page["Items"])
    dump = repr(items)
    assert "Atzr|" not in dump and "Atza|" not in dump
    assert "refresh_token" in dump  # the sealed form is there


def test_disconnecting_deletes_the_tokens_and_reopens_the_checklist(
    new_brand: BrandFactory, amazon: SandboxAmazon, raw_table: Any
) -> None:
    brand = Brand(new_brand, amazon)
    brand.connect("amazon-ads")
    program = brand.admin.delete(f"/v1/programs/{brand.program_id}/connections/amazon-ads")
    assert program["onboarding"]["amazon_ads"] == "not_connected"
    assert not program["checklist"][0]["done"]
    table = raw_table
    account_id = brand.admin.account_id  # type: ignore[attr-defined]
    key = {"PK": f"ACCOUNT#{account_id}#PROGRAM#{brand.program_id}", "SK": "CONNECTION#amazon-ads"}
    assert "Item" not in table.get_item(Key=key)


def test_an_unknown_connection_kind_is_422(new_brand: BrandFactory, amazon: SandboxAmazon) -> None:
    brand = Brand(new_brand, amazon)
    assert_problem(brand.admin.request("GET", f"/v1/programs/{brand.program_id}/connect/ebay"), 422, "kind")


def assert_nothing_kept(brand: Brand, kind: str, table: Any) -> None:
    """A refused sign-in leaves no connection, no token and no ticked step behind."""
    field = "amazon_ads" if kind == "amazon-ads" else "selling_partner"
    assert brand.current()["onboarding"][field] == "not_connected"
    account_id = brand.admin.account_id  # type: ignore[attr-defined]
    key = {"PK": f"ACCOUNT#{account_id}#PROGRAM#{brand.program_id}", "SK": f"CONNECTION#{kind}"}
    assert "Item" not in table.get_item(Key=key)


def test_a_wrong_account_type_keeps_nothing(
    new_brand: BrandFactory, amazon: SandboxAmazon, raw_table: Any
) -> None:
    brand = Brand(new_brand, amazon, seller_type="1P")
    assert brand.connect("amazon-ads").status_code == 400
    assert_nothing_kept(brand, "amazon-ads", raw_table)


def test_a_seller_account_not_selling_on_the_marketplace_is_explained(
    new_brand: BrandFactory, amazon: SandboxAmazon, raw_table: Any
) -> None:
    brand = Brand(new_brand, amazon, "US", marketplaces=["CA"])
    landed = brand.connect("selling-partner")
    assert landed.status_code == 400 and "does not sell on amazon.com" in landed.text
    assert_nothing_kept(brand, "selling-partner", raw_table)


def test_amazon_failing_the_code_exchange_is_a_page_not_a_crash(
    new_brand: BrandFactory, restore_sandbox: SandboxAmazon, raw_table: Any
) -> None:
    brand = Brand(new_brand, restore_sandbox)
    url = callback_url(brand)
    rule = {"path_prefix": "/auth", "kind": "429", "rate": 1.0, "retry_after": 0}
    restore_sandbox.control("PUT", "faults", {"seed": 1, "rules": [rule]})
    landed = brand.browser.open(url)
    assert landed.status_code == 400 and "Try again in a few minutes" in landed.text
    assert_nothing_kept(brand, "amazon-ads", raw_table)
