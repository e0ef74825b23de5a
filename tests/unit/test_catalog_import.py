"""The catalog import: a seller's listings report, a vendor's search, and how each ends for the brand."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from pydantic import SecretStr

from sellerlink.accounts.dal import AccountStore
from sellerlink.accounts.logic import create_account
from sellerlink.accounts.models import Edition, Principal, PrincipalKind, Role
from sellerlink.amazon.listings import ReportStatus
from sellerlink.amazon.spapi import CatalogItem, CatalogPage
from sellerlink.amazon.transport import AmazonUnavailable
from sellerlink.catalog.dal import ProductStore
from sellerlink.catalog.import_jobs import ImportJobs
from sellerlink.catalog.importer import MAX_RESUMES, CatalogImporter, CatalogImportStarter
from sellerlink.clock import FixedClock
from sellerlink.programs.dal import ProgramStore
from sellerlink.programs.logic import create_program
from sellerlink.programs.models import Program, ProgramCreate, SellerType
from sellerlink.table import Table

NOW = datetime(2026, 12, 10, 7, 0, tzinfo=UTC)
BRAND = "Acme Outdoors"


def items(count: int, prefix: str = "B0ITEM", classification: str = "c1") -> list[CatalogItem]:
    return [
        CatalogItem(
            asin=f"{prefix}{i:04d}", title=f"Item {i}", price=Decimal("9.99"), classification=classification
        )
        for i in range(count)
    ]


class Tokens:
    def using(self, account_id: str, program_id: str, kind: object, call: Any) -> Any:
        return call(SecretStr("Atza|t"))


class Catalog:
    """Catalog search over `by_class`, 20 a page, 1,000 results at most, refined by classification."""

    def __init__(self, by_class: dict[str, list[CatalogItem]], brand: str = BRAND) -> None:
        self.by_class, self.brand, self.brand_searches = by_class, brand, []

    def search_catalog(
        self, token: Any, marketplace_id: str, brand: str, classification: Any = None, page_token: Any = None
    ) -> CatalogPage:
        found = [i for c, group in self.by_class.items() if classification in (None, c) for i in group]
        found = found if brand == self.brand else []
        offset = int(page_token or 0)
        reachable = min(len(found), 1000)
        nxt = str(offset + 20) if offset + 20 < reachable else None
        classes = {c: len(g) for c, g in self.by_class.items()} if found else {}
        return CatalogPage(
            items=found[offset : min(offset + 20, reachable)],
            next_token=nxt,
            number_of_results=len(found),
            classifications=classes,
        )

    def items(self, token: Any, marketplace_id: str, asins: list[str]) -> list[CatalogItem]:
        return [CatalogItem(asin=a, title=a, brand=self.brand) for a in asins]

    def brands_like(self, token: Any, marketplace_id: str, words: list[str]) -> set[str]:
        self.brand_searches.append(words)
        return {self.brand}


class Reports:
    def __init__(self, listings: list[CatalogItem], statuses: list[str]) -> None:
        self.listings_, self.statuses = listings, statuses

    def request_listings(self, token: Any, marketplace_id: str) -> str:
        return "report-1"

    def status(self, token: Any, report_id: str) -> ReportStatus:
        status = self.statuses.pop(0) if len(self.statuses) > 1 else self.statuses[0]
        return ReportStatus(status=status, document_id="doc-1" if status == "DONE" else None)

    def listings(self, token: Any, document_id: str) -> list[CatalogItem]:
        return self.listings_


def setup(
    table_name: str, seller_type: SellerType, catalog: Catalog, reports: Reports
) -> tuple[CatalogImporter, Program, list[float]]:
    table, clock = Table(table_name), FixedClock(NOW)
    account, _ = create_account(AccountStore(table), clock, name="Acme", edition=Edition.PRO)
    admin = Principal(kind=PrincipalKind.BRAND, account_id=account.account_id, role=Role.ADMIN, key_id="k")
    request = ProgramCreate(marketplace="US", seller_type=seller_type, brand_name=BRAND, brand_registry=True)
    programs = ProgramStore(table)
    program = create_program(programs, clock, admin, account, request)
    CatalogImportStarter(ImportJobs(table), programs, clock, lambda *_: None).start(program)
    waits: list[float] = []
    importer = CatalogImporter(
        ImportJobs(table),
        programs,
        ProductStore(table),
        Tokens(),
        lambda r: catalog,
        lambda r: reports,
        clock,
        waits.append,
    )  # type: ignore[arg-type]
    return importer, program, waits


def after(importer: CatalogImporter, program: Program) -> Program:
    found = importer.programs.get(program.account_id, program.program_id)
    assert found is not None
    return found


def test_a_sellers_whole_listings_report_is_imported_in_chunks_after_amazon_makes_it(table_name: str) -> None:
    importer, program, waits = setup(
        table_name, SellerType.SELLER, Catalog({}), Reports(items(1200), ["IN_QUEUE", "DONE"])
    )
    assert importer.run(program, lambda: True) is True
    onboarding = after(importer, program).onboarding
    progress = onboarding.catalog_import
    assert progress is not None and (progress.status, progress.source) == ("succeeded", "merchant_listings")
    assert (progress.products_seen, progress.expected_total, progress.percent, progress.pages_read) == (
        1200,
        1200,
        100,
        3,
    )
    assert onboarding.catalog_imported_at == NOW and onboarding.problem is None and waits == [15.0]
    assert len(importer.products.all(program.account_id, program.program_id)) == 1200


def test_a_report_amazon_is_still_making_when_time_runs_out_is_read_later(table_name: str) -> None:
    importer, program, _ = setup(
        table_name, SellerType.SELLER, Catalog({}), Reports(items(3), ["IN_PROGRESS"])
    )
    assert importer.run(program, lambda: False) is False


def test_listings_under_another_brand_name_leave_the_step_open_naming_it(table_name: str) -> None:
    catalog = Catalog({}, brand="Acme Outdoor Co")
    importer, program, _ = setup(table_name, SellerType.SELLER, catalog, Reports(items(5), ["DONE"]))
    importer.run(program, lambda: True)
    onboarding = after(importer, program).onboarding
    assert onboarding.catalog_import is not None and onboarding.catalog_import.status == "incomplete"
    assert onboarding.catalog_imported_at is None and onboarding.problem_step == "import_catalog"
    assert (
        onboarding.problem is not None
        and "listed under 'Acme Outdoor Co', not 'Acme Outdoors'" in onboarding.problem
    )


def test_a_report_amazon_could_not_make_falls_back_to_search(table_name: str) -> None:
    catalog = Catalog({"c1": items(30)})
    importer, program, _ = setup(table_name, SellerType.SELLER, catalog, Reports([], ["FATAL"]))
    importer.run(program, lambda: True)
    progress = after(importer, program).onboarding.catalog_import
    assert progress is not None and (progress.source, progress.status, progress.products_seen) == (
        "catalog_search",
        "succeeded",
        30,
    )


def test_a_vendor_search_beyond_1000_in_one_classification_counts_what_stays_out_of_reach(
    table_name: str,
) -> None:
    catalog = Catalog({"c1": items(1100), "c2": items(40, "B0OTHR", "c2")})
    importer, program, _ = setup(table_name, SellerType.VENDOR, catalog, Reports([], ["DONE"]))
    importer.run(program, lambda: True)
    found = after(importer, program)
    progress = found.onboarding.catalog_import
    assert progress is not None and (progress.status, progress.unreachable, progress.products_seen) == (
        "incomplete",
        100,
        1040,
    )
    assert (progress.expected_total, progress.percent) == (1140, 91)
    step = next(s for s in found.checklist if s.step == "import_catalog")
    assert (step.title, step.done) == ("Import the catalog (100 products still out of reach)", False)


def test_nothing_found_names_the_brand_names_amazon_knows(table_name: str) -> None:
    catalog = Catalog({"c1": items(3)}, brand="Acme Outdoorz")
    importer, program, _ = setup(table_name, SellerType.VENDOR, catalog, Reports([], ["DONE"]))
    importer.run(program, lambda: True)
    onboarding = after(importer, program).onboarding
    assert onboarding.problem == (
        "Amazon's catalog has no products of brand 'Acme Outdoors' on amazon.com; "
        "Amazon knows 'Acme Outdoorz' for similar searches. "
        "Set the program's brand_name to the name Amazon uses (PATCH /v1/programs/{id}) "
        "and import the catalog again."
    )
    assert catalog.brand_searches == [["Acme", "Outdoors"]]


def test_an_empty_listings_report_says_the_seller_offers_nothing(table_name: str) -> None:
    importer, program, _ = setup(table_name, SellerType.SELLER, Catalog({}), Reports([], ["DONE"]))
    importer.run(program, lambda: True)
    problem = after(importer, program).onboarding.problem
    assert problem is not None and problem.startswith(
        "The seller that signed in offers no products on amazon.com"
    )


class Unavailable(Catalog):
    def search_catalog(self, *args: Any, **kwargs: Any) -> CatalogPage:
        raise AmazonUnavailable("search the catalog", 503, "gave up")


def test_amazon_unavailable_pauses_the_import_a_few_times_then_fails_it(table_name: str) -> None:
    importer, program, _ = setup(table_name, SellerType.VENDOR, Unavailable({}), Reports([], ["DONE"]))
    for _ in range(MAX_RESUMES):
        assert importer.run(program, lambda: True) is False
    assert importer.run(program, lambda: True) is True
    progress = after(importer, program).onboarding.catalog_import
    assert (
        progress is not None
        and progress.status == "failed"
        and "Start the import again later" in (progress.error or "")
    )
