"""The pull's fetch step: reads report pages from Amazon and stages them for the ledger step,
a bounded number per invocation; the workflow calls it again until every job is read.

A report page is retried inside the step for about a minute at most; longer outages are the
workflow's to wait out (ASL Retry on AmazonBusy). The step stops reading in time for one more
worst-case page, so it never outlives its Lambda, however many pages there are; it always reads
one page, so a step started short of time still moves the pull on.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol, TypeVar

from pydantic import SecretStr

from sellerlink.amazon.transport import AmazonError, AmazonUnavailable, RetryPolicy
from sellerlink.attribution.models import AttributionRow, ReportPage, ReportRequest
from sellerlink.clock import Clock
from sellerlink.connections.models import ConnectionKind
from sellerlink.marketplaces import MARKETPLACES, Region
from sellerlink.programs.dal import ProgramStore
from sellerlink.pulls.dal import PullStore, program_of
from sellerlink.pulls.models import FetchState, PullRef

PAGE_RETRIES = RetryPolicy(attempts=4, cap_seconds=10.0, timeout_seconds=10.0)
TIME_RESERVE_SECONDS = PAGE_RETRIES.worst_case_seconds + 5


class AmazonBusy(Exception):
    """Amazon kept answering 429, 5xx or nothing: the workflow retries the step later (ASL Retry)."""


class AmazonRefused(Exception):
    """Amazon refused the report (a 4xx other than 429): retrying will not help."""


Answer = TypeVar("Answer")


class AccessTokens(Protocol):
    """sellerlink.connections.tokens.TokenService: an expired token is refreshed and the call retried once."""

    def using(
        self, account_id: str, program_id: str, kind: ConnectionKind, call: Callable[[SecretStr], Answer]
    ) -> Answer: ...


class AttributionReports(Protocol):
    """Amazon's report API in one region (sellerlink.amazon.ads.AdsClient)."""

    def report(self, token: SecretStr, profile_id: str, request: ReportRequest) -> ReportPage: ...


class StagedPages(Protocol):
    """Where the fetch steps leave the rows for the ledger's shards (sellerlink.pulls.staging)."""

    def stage(self, ref: PullRef, page: int, rows: Sequence[AttributionRow]) -> None: ...


@dataclass(frozen=True)
class FetchReports:
    pulls: PullStore
    programs: ProgramStore
    tokens: AccessTokens
    amazon_reports: Callable[[Region], AttributionReports]
    clock: Clock
    staging: StagedPages
    pages_per_step: int = 10
    page_size: int = 5000

    def fetch(self, state: FetchState, seconds_left: Callable[[], float]) -> FetchState:
        """Reads pages until the job list ends, `pages_per_step` pages are read or time runs short."""
        pull, program = self.pulls.existing(state.pull), program_of(self.programs, state.pull)
        if state.job >= len(pull.jobs):
            return state.model_copy(update={"done": True})
        client, profile = self.amazon_reports(program.region), str(program.onboarding.ads_profile_id)

        def read(request: ReportRequest) -> ReportPage:
            return self.tokens.using(
                program.account_id,
                program.program_id,
                ConnectionKind.AMAZON_ADS,
                lambda token: client.report(token, profile, request),
            )

        minor = MARKETPLACES[program.marketplace].minor_unit
        pages = rows = 0
        first_job, first_page, read_rows = state.job, state.page, list[AttributionRow]()
        while (
            not state.done
            and pages < self.pages_per_step
            and (pages == 0 or seconds_left() > TIME_RESERVE_SECONDS)
        ):
            request = ReportRequest(pull.jobs[state.job], self.page_size, minor, state.cursor or None)
            try:
                page = _read(read, request)
            except AmazonBusy:
                if not pages:
                    raise  # nothing read: the workflow waits and tries again
                break  # keep the pages read; the next step resumes at this cursor
            read_rows.extend(page.rows)
            pages, rows = pages + 1, rows + len(page.rows)
            state = _advance(state, page.cursor or "", len(pull.jobs))
        # One object per slot for the step's pages, named by its first page: a retried step
        # (which starts at the same page) overwrites them.
        self.staging.stage(state.pull, first_page, read_rows)
        self.pulls.count_pages(state.pull, pages, rows, state.job - first_job)
        return state


def _read(read: Callable[[ReportRequest], ReportPage], request: ReportRequest) -> ReportPage:
    try:
        return read(request)
    except AmazonUnavailable as busy:
        raise AmazonBusy(str(busy)) from busy
    except AmazonError as refused:
        raise AmazonRefused(str(refused)) from refused


def _advance(state: FetchState, cursor: str, job_count: int) -> FetchState:
    if cursor:
        return state.model_copy(update={"cursor": cursor, "page": state.page + 1})
    job = state.job + 1
    return state.model_copy(
        update={"job": job, "cursor": "", "page": state.page + 1, "done": job >= job_count}
    )
