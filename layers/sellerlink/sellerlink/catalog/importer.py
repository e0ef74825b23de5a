"""Importing the brand's catalog from SP-API, in the background, resumable.

A seller's (3P) catalog comes from its merchant listings report: every ASIN it offers, however
many (`listings_import`). A vendor's (1P), or a seller's whose report Amazon could not make, comes
from catalog search, split by classification where one search would pass 1,000 results
(`search_import`). The job's position is saved after every page or chunk: throttling or a timeout
resumes where it stopped, never from the beginning. An import that finds nothing, leaves products
out of reach, or finds the seller's products under another brand name ends `incomplete`: the
checklist step stays open and `onboarding.problem` says why (`import_outcome`).

Starting an import (the API, Amazon's redirect, a brand's callback) only records the job and
hands it to the background function; running it (that function) reads Amazon.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol, TypeVar

from pydantic import SecretStr

from sellerlink.amazon.spapi import CatalogItem, CatalogPage
from sellerlink.amazon.transport import AmazonUnavailable
from sellerlink.catalog.dal import ProductStore
from sellerlink.catalog.import_jobs import ImportJob, ImportJobs, Part
from sellerlink.catalog.import_outcome import problem_of
from sellerlink.catalog.listings_import import ListingsImport, ListingsReports, NoListings
from sellerlink.catalog.models import Product
from sellerlink.catalog.search_import import CatalogSearch, SearchImport
from sellerlink.clock import Clock
from sellerlink.connections.models import ConnectionKind
from sellerlink.marketplaces import Region
from sellerlink.programs.dal import ProgramStore
from sellerlink.programs.models import CatalogImportProgress, Program, SellerType

MAX_RESUMES = 5
STEP = "import_catalog"
LISTINGS, SEARCH = "merchant_listings", "catalog_search"
Answer = TypeVar("Answer")


class AccessTokens(Protocol):
    """sellerlink.connections.tokens.TokenService: an expired token is refreshed and the call retried once."""

    def using(
        self, account_id: str, program_id: str, kind: ConnectionKind, call: Callable[[SecretStr], Answer]
    ) -> Answer: ...


class SellerCatalog(CatalogSearch, Protocol):
    """sellerlink.amazon.spapi.SellingPartnerClient: search, items by ASIN, brand names."""

    def items(self, token: SecretStr, marketplace_id: str, asins: list[str]) -> list[CatalogItem]: ...

    def brands_like(self, token: SecretStr, marketplace_id: str, words: list[str]) -> set[str]: ...


@dataclass(frozen=True)
class CatalogImportStarter:
    """Records a program's import and hands it to the background function (`hand_off`)."""

    jobs: ImportJobs
    programs: ProgramStore
    clock: Clock
    hand_off: Callable[[str, str], None]

    def start(self, program: Program) -> CatalogImportProgress:
        """A running import is left alone; a failed one resumes where it stopped."""
        job = self.jobs.get(program)
        if job is not None and job.progress.status == "running":
            return job.progress
        if job is None or job.progress.status != "failed":
            source = LISTINGS if program.seller_type is SellerType.SELLER else SEARCH
            progress = CatalogImportProgress(status="running", source=source, started_at=self.clock.now())
            job = ImportJob(parts=[Part()], progress=progress)
        job = job.model_copy(
            update={"progress": job.progress.model_copy(update={"status": "running", "error": None})}
        )
        self.jobs.save(program, job)
        self.programs.update_onboarding(program.account_id, program.program_id, catalog_import=job.progress)
        self.hand_off(program.account_id, program.program_id)
        return job.progress


@dataclass(frozen=True)
class CatalogImporter:
    """Runs imports in the background function: reads SP-API, writes products."""

    jobs: ImportJobs
    programs: ProgramStore
    products: ProductStore
    tokens: AccessTokens
    catalog_for: Callable[[Region], SellerCatalog]
    reports_for: Callable[[Region], ListingsReports]
    clock: Clock
    wait: Callable[[float], None] = field(default=time.sleep)

    def run(self, program: Program, has_time: Callable[[], bool]) -> bool:
        """Imports while there is time; True once the import has ended."""
        job = self.jobs.get(program)
        if job is None:
            return True
        try:
            done = self._read(program, job, has_time)
        except AmazonUnavailable as unavailable:
            return self._pause(program, job, str(unavailable))
        if done:
            self._complete(program, job)
        return done

    def _read(self, program: Program, job: ImportJob, has_time: Callable[[], bool]) -> bool:
        def with_token(call: Callable[[SecretStr], Any]) -> Any:
            return self.tokens.using(
                program.account_id, program.program_id, ConnectionKind.SELLING_PARTNER, call
            )

        if job.progress.source == LISTINGS:
            listings = ListingsImport(self.reports_for(program.region), self._save, self._write, self.wait)
            try:
                return listings.read(program, job, with_token, has_time)
            except NoListings:
                job.progress.source, job.parts = SEARCH, [Part()]
        search = SearchImport(self.catalog_for(program.region), self._save, self._take)
        return search.read(program, job, with_token, has_time)

    def _save(self, program: Program, job: ImportJob) -> None:
        self.jobs.save(program, job)
        self.programs.update_onboarding(program.account_id, program.program_id, catalog_import=job.progress)

    def _take(self, program: Program, job: ImportJob, page: CatalogPage) -> None:
        self._write(program, job, page.items)

    def _write(self, program: Program, job: ImportJob, items: list[CatalogItem]) -> None:
        now = self.clock.now()
        products = [Product(**item.model_dump(), active=True, imported_at=now) for item in items]
        self.products.upsert(program.account_id, program.program_id, products)
        job.progress.products_seen += len(products)

    def _complete(self, program: Program, job: ImportJob) -> None:
        """Products this import did not see have vanished from Amazon: they become inactive. Then
        the import succeeds, or ends incomplete with the reason in `onboarding.problem`."""
        started, now = job.progress.started_at, self.clock.now()
        products = self.products.all(program.account_id, program.program_id)
        vanished = [
            p.model_copy(update={"active": False}) for p in products if p.imported_at < started and p.active
        ]
        self.products.upsert(program.account_id, program.program_id, vanished)
        seen = [p.asin for p in products if p.imported_at >= started]
        problem = problem_of(program, job.progress, len(seen), self._brands(program, job, seen))
        status = "incomplete" if problem else "succeeded"
        finished = job.progress.model_copy(
            update={"status": status, "finished_at": now, "products_seen": len(seen)}
        )
        self.jobs.finish(program)
        ids, count = (program.account_id, program.program_id), len(seen)
        # The final status is written with its outcome in one update: whoever sees it finished
        # reads the problem (or the ticked step) with it.
        if problem:
            self.programs.update_onboarding(
                *ids, catalog_import=finished, product_count=count, problem=problem, problem_step=STEP
            )
            return
        self.programs.clear_problem(*ids, STEP)
        self.programs.update_onboarding(
            *ids, catalog_import=finished, product_count=count, catalog_imported_at=now
        )

    def _brands(self, program: Program, job: ImportJob, seen: list[str]) -> set[str]:
        """The brand names Amazon has: of a sample of the seller's listings, or like the program's name."""
        catalog = self.catalog_for(program.region)

        def ask(call: Callable[[SecretStr], Any]) -> Any:
            return self.tokens.using(
                program.account_id, program.program_id, ConnectionKind.SELLING_PARTNER, call
            )

        if job.progress.source == LISTINGS and seen:
            sample = seen[:20]
            return {
                i.brand for i in ask(lambda t: catalog.items(t, program.marketplace_id, sample)) if i.brand
            }
        if not seen:
            words = [w for w in program.brand_name.split() if len(w) >= 3] or [program.brand_name]
            return set(ask(lambda t: catalog.brands_like(t, program.marketplace_id, words)))
        return set()

    def _pause(self, program: Program, job: ImportJob, reason: str) -> bool:
        """Amazon kept refusing: keep the position and resume later, a few times, then give up."""
        job.resumes += 1
        if job.resumes <= MAX_RESUMES:
            self.jobs.save(program, job)
            return False
        failed = job.progress.model_copy(
            update={
                "status": "failed",
                "finished_at": self.clock.now(),
                "error": (
                    f"Amazon kept throttling or failing the catalog search ({reason}). Start the import "
                    "again later: it continues from the products already imported."
                ),
            }
        )
        self.jobs.save(program, job.model_copy(update={"resumes": 0, "progress": failed}))
        self.programs.update_onboarding(program.account_id, program.program_id, catalog_import=failed)
        return True
