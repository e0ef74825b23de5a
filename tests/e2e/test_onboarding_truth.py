"""Onboarding outcomes that tell the truth: the whole catalog or the count out of reach, a brand
name Amazon does not use, every refusal in `onboarding.problem`, progress with a total."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from tests.e2e.conftest import BrandFactory
from tests.e2e.onboarding_flow import Brand, SandboxAmazon, connect, onboard


@pytest.fixture
def amazon(stack: Any) -> Iterator[SandboxAmazon]:
    sandbox = SandboxAmazon(stack.sandbox_url)
    sandbox.control("PUT", "throttling", {"catalog": {"rate": 50, "burst": 50}})
    yield sandbox
    sandbox.control("PUT", "throttling", {"catalog": {"rate": 2, "burst": 2}})
    sandbox.control("PUT", "clock", {"now": datetime.now(UTC).isoformat()})


def one_classification(count: int, prefix: str) -> list[dict[str, Any]]:
    return [
        {"asin": f"{prefix}{i:05d}", "title": f"Mug {i}", "price": 12.5, "category": "Mugs"}
        for i in range(count)
    ]


def import_step(program: dict[str, Any]) -> dict[str, Any]:
    return next(step for step in program["checklist"] if step["step"] == "import_catalog")


def test_a_seller_with_more_than_1000_asins_in_one_classification_imports_every_one(
    new_brand: BrandFactory, amazon: SandboxAmazon
) -> None:
    # Given a seller with 1,500 products in one classification (a search reaches 1,000)
    brand = Brand(new_brand, amazon, catalog=one_classification(1500, "B0ONE"))
    # When it onboards
    program = onboard(brand.admin, brand.program_id, brand.login)
    # Then the merchant listings report brought every ASIN, with a total and a percentage
    progress = program["onboarding"]["catalog_import"]
    assert (progress["status"], progress["source"]) == ("succeeded", "merchant_listings")
    assert (progress["products_seen"], progress["expected_total"], progress["percent"]) == (1500, 1500, 100)
    assert progress["unreachable"] == 0 and import_step(program)["done"] is True
    assert program["onboarding"]["problem"] is None


def test_a_vendor_catalog_beyond_search_stays_open_with_the_count(
    new_brand: BrandFactory, amazon: SandboxAmazon
) -> None:
    # Given a vendor (1P) with 1,100 products in one classification: search is its only way in
    brand = Brand(
        new_brand,
        amazon,
        seller_type="1P",
        program_seller_type="1P",
        catalog=one_classification(1100, "B0VND"),
    )
    # When it onboards
    program = onboard(brand.admin, brand.program_id, brand.login)
    # Then 1,000 are in, the 100 out of reach are counted, and the checklist step stays open
    progress = program["onboarding"]["catalog_import"]
    assert (progress["status"], progress["products_seen"], progress["unreachable"]) == (
        "incomplete",
        1000,
        100,
    )
    assert (progress["expected_total"], progress["percent"]) == (1100, 90)
    assert import_step(program) == {
        "step": "import_catalog",
        "title": "Import the catalog (100 products still out of reach)",
        "done": False,
    }
    assert program["onboarding"]["problem"].startswith(
        f"Sellerlink imported 1,000 products, but 100 more of {brand.name} on amazon.com stay out of reach"
    )
    assert program["onboarding"]["problem_step"] == "import_catalog"


def test_a_vendor_brand_name_typo_is_a_problem_naming_amazons_brand_names(
    new_brand: BrandFactory, amazon: SandboxAmazon
) -> None:
    # Given a vendor whose program spells its brand wrong
    brand = Brand(new_brand, amazon, seller_type="1P", program_seller_type="1P")
    typo = brand.name.replace("Acme", "Acmee")
    brand.admin.patch(f"/v1/programs/{brand.program_id}", {"brand_name": typo})
    # When it onboards: the search finds nothing
    program = onboard(brand.admin, brand.program_id, brand.login)
    # Then nothing is ticked, and the problem names the brand Amazon knows
    assert program["onboarding"]["catalog_import"]["status"] == "incomplete"
    assert import_step(program)["done"] is False
    assert program["onboarding"]["problem"] == (
        f"Amazon's catalog has no products of brand '{typo}' on amazon.com; Amazon knows '{brand.name}' for "
        "similar searches. Set the program's brand_name to the name Amazon uses (PATCH /v1/programs/{id}) "
        "and import the catalog again."
    )


def test_a_seller_brand_name_typo_is_a_problem_naming_the_brand_of_its_listings(
    new_brand: BrandFactory, amazon: SandboxAmazon
) -> None:
    brand = Brand(new_brand, amazon)
    typo = brand.name + "s"
    brand.admin.patch(f"/v1/programs/{brand.program_id}", {"brand_name": typo})
    program = onboard(brand.admin, brand.program_id, brand.login)
    assert import_step(program)["done"] is False
    assert program["onboarding"]["problem"] == (
        f"The products this seller offers on amazon.com are listed under '{brand.name}', not '{typo}'. Set "
        "the program's brand_name to the name Amazon uses (PATCH /v1/programs/{id}) and import the catalog "
        "again."
    )


def test_every_refusal_at_amazon_lands_in_onboarding_problem(
    new_brand: BrandFactory, amazon: SandboxAmazon
) -> None:
    # Given a 3P program whose brand signs in at Amazon Ads with a Vendor Central user
    brand = Brand(new_brand, amazon, seller_type="1P")
    # When Amazon Ads is connected and refused, and consent is then denied at Seller Central
    refused = brand.connect("amazon-ads")
    onboarding = brand.current()["onboarding"]
    # Then the brand that closed the page reads the same sentence on the program
    assert refused.status_code == 400
    assert onboarding["problem"].startswith("Amazon Ads returned Vendor Central (1P) account")
    assert onboarding["problem"] in refused.text.replace("&#x27;", "'")
    assert onboarding["problem_step"] == "connect_amazon_ads"
    denied = connect(brand.admin, brand.program_id, "amazon-ads", brand.login, "deny")
    assert denied.status_code == 400
    assert brand.current()["onboarding"]["problem"].startswith("You declined access at Amazon")


def test_the_first_ads_connection_backfills_13_months_and_90_days_once(
    new_brand: BrandFactory, amazon: SandboxAmazon
) -> None:
    from sellerlink.pulls import windows

    # Given a brand connecting Amazon Ads for the first time
    brand = Brand(new_brand, amazon)
    assert brand.connect("amazon-ads").status_code == 200
    # When the background backfill has run
    deadline = time.monotonic() + 180
    program = brand.current()
    while program["backfill"]["status"] == "RUNNING" and time.monotonic() < deadline:
        time.sleep(1)
        program = brand.current()
    # Then it read everything Amazon keeps: 13 months of PERFORMANCE, 90 days of PRODUCTS
    backfill = program["backfill"]
    today = date.fromisoformat(backfill["to_date"])
    assert backfill["from_date"] == str(windows.earliest(today))
    jobs = windows.jobs(windows.earliest(today), today, today)
    products = [job for job in jobs if job.report.value == "products"]
    assert products[0].start == today - timedelta(days=windows.PRODUCTS_DAYS)
    assert (backfill["status"], backfill["jobs_total"], backfill["jobs_read"], backfill["percent"]) == (
        "SUCCEEDED",
        len(jobs),
        len(jobs),
        100,
    )
    # And connecting again starts no second backfill
    assert brand.connect("amazon-ads").status_code == 200
    pulls = brand.admin.get(f"/v1/programs/{brand.program_id}/pulls")["pulls"]
    assert [p["trigger"] for p in pulls] == ["backfill"]
