"""FetchReportsFunction (functions/attribution_pull, `fetch_handler`): reads a bounded number of
Attribution report pages from Amazon and stages them.

AWS calls:
- DynamoDB, the table: GetItem (pull, program, connection),
  UpdateItem (pages counted; a connection Amazon no longer accepts, and its program's checklist).
- KMS, the token key: Decrypt (opening the Amazon Ads refresh token).
- Secrets Manager: GetSecretValue on the Amazon app secret (AMAZON_APP_SECRET_ARN).
- S3, the pull results bucket: PutObject under `staged/` (the report pages read, by slot).
- SQS, the postbacks queue: SendMessage (as SendMessageBatch): `connection.needs_reauth`.
"""

from __future__ import annotations

from functools import cache

import boto3
from pydantic import Field

from sellerlink.programs.dal import ProgramStore
from sellerlink.pulls.dal import PullStore
from sellerlink.pulls.fetch import PAGE_RETRIES, FetchReports
from sellerlink.pulls.staging import S3Staging
from sellerlink.settings import (
    AmazonSettings,
    ClockSettings,
    FunctionSettings,
    PullStagingSettings,
    QueueSettings,
    ReportPagingSettings,
    TableSettings,
    TokenKeySettings,
)
from sellerlink.wiring import adapters


class Settings(FunctionSettings):
    table: TableSettings = Field(default_factory=TableSettings)
    clock: ClockSettings = Field(default_factory=ClockSettings)
    amazon: AmazonSettings = Field(default_factory=AmazonSettings)
    token_key: TokenKeySettings = Field(default_factory=TokenKeySettings)
    queue: QueueSettings = Field(default_factory=QueueSettings)
    paging: ReportPagingSettings = Field(default_factory=ReportPagingSettings)
    staging: PullStagingSettings = Field(default_factory=PullStagingSettings)


settings = cache(Settings)


@cache
def step() -> FetchReports:
    table, clock = adapters.table(settings().table), adapters.clock(settings().clock)
    amazon = adapters.amazon_clients(settings().amazon, PAGE_RETRIES)
    tokens = adapters.token_service(
        table, clock, amazon, settings().token_key, events=adapters.event_publisher(settings().queue)
    )
    paging = settings().paging
    return FetchReports(
        PullStore(table),
        ProgramStore(table),
        tokens,
        amazon.ads,
        clock,
        S3Staging(boto3.client("s3"), settings().staging.pull_staging_bucket),
        pages_per_step=paging.pull_pages_per_step,
        page_size=paging.pull_page_size,
    )
