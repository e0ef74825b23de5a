"""A pull: one program's reports over a date range, staged, then turned into ledger entries."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from pydantic import ConfigDict, Field

from sellerlink.attribution.models import ReportJob
from sellerlink.model import Model


class PullStatus(StrEnum):
    RUNNING = "RUNNING"
    SUCCEEDED = "SUCCEEDED"
    FAILED = "FAILED"


class PullTrigger(StrEnum):
    SCHEDULE = "schedule"
    API = "api"
    BACKFILL = "backfill"  # the history, after the first Amazon Ads connection


class PullRef(Model):
    """What the workflow carries from step to step for one program."""

    account_id: str
    program_id: str
    pull_id: str


class Pull(Model):
    pull_id: str
    account_id: str
    program_id: str
    trigger: PullTrigger
    status: PullStatus = PullStatus.RUNNING
    from_date: date
    to_date: date
    jobs: list[ReportJob] = Field(default_factory=list)
    pages_read: int = 0
    rows_read: int = 0
    jobs_read: int = Field(default=0, description="Report jobs (windows) read to their last page.")
    entries_appended: int = 0
    error: str | None = None
    started_at: datetime
    finished_at: datetime | None = None
    execution_arn: str | None = Field(default=None, description="The workflow execution running this pull.")

    @property
    def ref(self) -> PullRef:
        return PullRef(account_id=self.account_id, program_id=self.program_id, pull_id=self.pull_id)


class PullRequest(Model):
    """An on-demand pull; without dates, the scheduled window ending today."""

    model_config = ConfigDict(populate_by_name=True)

    from_date: date | None = Field(
        default=None,
        alias="from",
        description="First event date (YYYY-MM-DD); up to 13 months back (PRODUCTS: 90 days).",
    )
    to_date: date | None = Field(
        default=None, alias="to", description="Last event date; today at the latest."
    )


class PullView(Model):
    pull_id: str
    program_id: str
    trigger: PullTrigger
    status: PullStatus
    from_date: date
    to_date: date
    pages_read: int
    rows_read: int
    jobs_read: int = Field(description="Report windows read to their end.")
    jobs_total: int = Field(description="Report windows the pull reads (31 days each, per report).")
    entries_appended: int
    error: str | None = None
    started_at: datetime
    finished_at: datetime | None = None

    @classmethod
    def of(cls, pull: Pull) -> PullView:
        return cls.model_validate({**pull.model_dump(), "jobs_total": len(pull.jobs)})


class FetchState(Model):
    """Where reading stands: the job, Amazon's cursor in it, and the next staged page number."""

    pull: PullRef
    job: int = 0
    cursor: str = ""
    page: int = 0
    done: bool = False


class LedgerOutcome(Model):
    """What a program's pull ended with, as the workflow gathers it for the summary."""

    pull_id: str
    program_id: str
    status: PullStatus
    entries_appended: int = 0
    error: str | None = None


class LedgerShard(Model):
    """One shard of a program's ledger step: the slots `first_slot` to `last_slot` (inclusive)."""

    first_slot: int
    last_slot: int

    @property
    def slots(self) -> range:
        return range(self.first_slot, self.last_slot + 1)


class LedgerPlan(Model):
    """What the ledger step's first invocation decided: whether this pull's numbers apply (an
    older pull than the one applied has nothing to add), and the shards that apply them."""

    applies: bool
    shards: list[LedgerShard] = Field(default_factory=list)


class ShardOutcome(Model):
    """What one shard appended (this pull's entries of its slots, an earlier attempt's included)."""

    entries_appended: int = 0
