"""The catalog import through catalog search (Vendor Central programs, and sellers whose listings
report Amazon could not make): one search reaches at most 1,000 results, so a larger catalog is
split along the classifications Amazon returns in `refinements` until every part fits; what still
does not fit is counted as unreachable."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from pydantic import SecretStr

from sellerlink.amazon.spapi import CatalogPage
from sellerlink.catalog.import_jobs import ImportJob, Part
from sellerlink.programs.models import Program

SEARCH_LIMIT = 1000


class CatalogSearch(Protocol):
    """sellerlink.amazon.spapi.SellingPartnerClient."""

    def search_catalog(
        self,
        token: SecretStr,
        marketplace_id: str,
        brand: str,
        classification: str | None = None,
        page_token: str | None = None,
    ) -> CatalogPage: ...


WithToken = Callable[[Callable[[SecretStr], CatalogPage]], CatalogPage]
Take = Callable[[Program, ImportJob, CatalogPage], None]


@dataclass(frozen=True)
class SearchImport:
    catalog: CatalogSearch
    save: Callable[[Program, ImportJob], None]
    take: Take

    def read(
        self, program: Program, job: ImportJob, with_token: WithToken, has_time: Callable[[], bool]
    ) -> bool:
        """Pages while there is time; True once every part is read."""
        while job.parts and has_time():
            part = job.parts[0]
            page = with_token(self._search(program, part))
            if part.classification is None and not part.started:
                job.progress.expected_total = page.number_of_results
            narrower = _narrower(job, part, page)
            if narrower:
                job.queued += narrower
                job.parts[0:1] = [Part(classification=c) for c in narrower]
            else:
                self.take(program, job, page)
                _advance(job, part, page)
            self.save(program, job)
        return not job.parts

    def _search(self, program: Program, part: Part) -> Callable[[SecretStr], CatalogPage]:
        return lambda token: self.catalog.search_catalog(
            token, program.marketplace_id, program.brand_name, part.classification, part.next_token
        )


def _advance(job: ImportJob, part: Part, page: CatalogPage) -> None:
    part.started, part.next_token = True, page.next_token
    job.progress.pages_read += 1
    if page.next_token is None:
        job.parts.pop(0)
        job.progress.unreachable += max(0, page.number_of_results - SEARCH_LIMIT)


def _narrower(job: ImportJob, part: Part, page: CatalogPage) -> list[str]:
    """The classifications to search instead of a part too large for one search: those Amazon
    refines it into that were never queued; none when the part fits, or nothing new is offered."""
    if part.started or page.number_of_results <= SEARCH_LIMIT:
        return []
    return [c for c in page.classifications if c != part.classification and c not in job.queued]
