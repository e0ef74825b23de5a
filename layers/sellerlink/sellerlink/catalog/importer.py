"""Importing the brand's catalog from SP-API, in the background, resumable page by page.

One search reaches at most 1,000 results, so a larger catalog is split along the
classifications Amazon returns in `refinements` until every part fits. The job's position
(the parts left and each part's page token) is saved after every page: throttling or a
timeout resumes where it stopped, never from the beginning.

Starting an import (the API, Amazon's redirect, a brand's callback) only records the job and
hands it to the background function; running it (that function) reads Amazon.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from pydantic import SecretStr

from sellerlink.amazon.spapi import CatalogPage
from sellerlink.amazon.transport import AmazonUnavailable
from sellerlink.catalog.dal import ProductStore
from sellerlink.catalog.import_jobs import ImportJob, ImportJobs, Part
from sellerlink.catalog.models import Product
from sellerlink.clock import Clock
from sellerlink.connections.models import ConnectionKind
from sellerlink.marketplaces import Region
from sellerlink.programs.dal import ProgramStore
from sellerlink.programs.models import CatalogImportProgress, Program

SEARCH_LIMIT = 1000
MAX_RESUMES = 5


class AccessTokens(Protocol):
    def access_token(self, account_id: str, program_id: str, kind: ConnectionKind) -> SecretStr: ...


class CatalogSearch(Protocol):
    def search_catalog(
        self,
        token: SecretStr,
        marketplace_id: str,
        brand: str,
        classification: str | None = None,
        page_token: str | None = None,
    ) -> CatalogPage: ...


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
            job = ImportJob(
                parts=[Part()], progress=CatalogImportProgress(status="running", started_at=self.clock.now())
            )
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
    catalog_for: Callable[[Region], CatalogSearch]
    clock: Clock

    def run(self, program: Program, has_time: Callable[[], bool]) -> bool:
        """Imports pages while there is time; True once the whole catalog is in."""
        job = self.jobs.get(program)
        if job is None:
            return True
        try:
            self._read_pages(program, job, has_time)
        except AmazonUnavailable as unavailable:
            return self._pause(program, job, str(unavailable))
        if job.parts:
            return False
        self._complete(program, job)
        return True

    def _read_pages(self, program: Program, job: ImportJob, has_time: Callable[[], bool]) -> None:
        catalog = self.catalog_for(program.region)
        while job.parts and has_time():
            token = self.tokens.access_token(
                program.account_id, program.program_id, ConnectionKind.SELLING_PARTNER
            )
            part = job.parts[0]
            page = catalog.search_catalog(
                token, program.marketplace_id, program.brand_name, part.classification, part.next_token
            )
            if not part.started and page.number_of_results > SEARCH_LIMIT and _splits(part, page):
                job.parts[0:1] = [Part(classification=c) for c in page.classifications]
            else:
                self._take(program, job, part, page)
            self.jobs.save(program, job)
            self.programs.update_onboarding(
                program.account_id, program.program_id, catalog_import=job.progress
            )

    def _take(self, program: Program, job: ImportJob, part: Part, page: CatalogPage) -> None:
        now = self.clock.now()
        products = [Product(**item.model_dump(), active=True, imported_at=now) for item in page.items]
        self.products.upsert(program.account_id, program.program_id, products)
        part.started, part.next_token = True, page.next_token
        job.progress.pages_read += 1
        job.progress.products_seen += len(products)
        if page.next_token is None:
            job.parts.pop(0)
            job.progress.unreachable += max(0, page.number_of_results - SEARCH_LIMIT)

    def _complete(self, program: Program, job: ImportJob) -> None:
        """Products this import did not see have vanished from Amazon: they become inactive."""
        started = job.progress.started_at
        products = self.products.all(program.account_id, program.program_id)
        vanished = [
            p.model_copy(update={"active": False}) for p in products if p.imported_at < started and p.active
        ]
        self.products.upsert(program.account_id, program.program_id, vanished)
        seen = sum(1 for p in products if p.imported_at >= started)
        finished = job.progress.model_copy(
            update={"status": "succeeded", "finished_at": self.clock.now(), "products_seen": seen}
        )
        self.jobs.finish(program)
        self.programs.update_onboarding(
            program.account_id,
            program.program_id,
            catalog_import=finished,
            catalog_imported_at=self.clock.now(),
            product_count=seen,
        )

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


def _splits(part: Part, page: CatalogPage) -> bool:
    return bool(page.classifications) and set(page.classifications) != {part.classification}
