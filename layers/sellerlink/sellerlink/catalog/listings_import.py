"""The catalog import of a seller (3P): the merchant listings report lists every ASIN the seller
offers, however many, so nothing stays beyond the catalog search's 1,000 results. The report is
made by Amazon in the background: the import asks for it, waits while Amazon makes it, then writes
its products a chunk at a time, saving its place after each."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from pydantic import SecretStr

from sellerlink.amazon.listings import ReportStatus
from sellerlink.amazon.spapi import CatalogItem
from sellerlink.catalog.import_jobs import ImportJob
from sellerlink.programs.models import Program

CHUNK = 500
POLL_SECONDS = 15.0


class ListingsReports(Protocol):
    """sellerlink.amazon.listings.SellerReports."""

    def request_listings(self, token: SecretStr, marketplace_id: str) -> str: ...

    def status(self, token: SecretStr, report_id: str) -> ReportStatus: ...

    def listings(self, token: SecretStr, document_id: str) -> list[CatalogItem]: ...


WithToken = Callable[[Callable[[SecretStr], Any]], Any]


class NoListings(Exception):
    """Amazon could not make the report (FATAL, CANCELLED): the import searches the catalog instead."""


@dataclass(frozen=True)
class ListingsImport:
    reports: ListingsReports
    save: Callable[[Program, ImportJob], None]
    take: Callable[[Program, ImportJob, list[CatalogItem]], None]
    wait: Callable[[float], None]

    def read(
        self, program: Program, job: ImportJob, with_token: WithToken, has_time: Callable[[], bool]
    ) -> bool:
        """True once every listing is written; False to go on later; NoListings when there is none."""
        if job.report_id is None:
            job.report_id = with_token(
                lambda token: self.reports.request_listings(token, program.marketplace_id)
            )
            self.save(program, job)
        report_id = job.report_id
        status = with_token(lambda token: self.reports.status(token, report_id))
        while status.pending and has_time():
            self.wait(POLL_SECONDS)
            status = with_token(lambda token: self.reports.status(token, report_id))
        if status.pending:
            return False
        document = status.document_id
        if status.status != "DONE" or document is None:
            raise NoListings(f"Amazon ended the merchant listings report {status.status}")
        items = with_token(lambda token: self.reports.listings(token, document))
        job.progress.expected_total = len(items)
        while job.offset < len(items) and has_time():
            chunk = items[job.offset : job.offset + CHUNK]
            self.take(program, job, chunk)
            job.offset += len(chunk)
            job.progress.pages_read += 1
            self.save(program, job)
        return job.offset >= len(items)
