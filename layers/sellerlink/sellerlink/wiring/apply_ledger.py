"""ApplyLedgerFunction (functions/attribution_pull, `ledger_handler`): the ledger step's three parts
(begin, one shard of slots, end): appends the commission ledger entries the staged rows imply,
refreshes the facts, announces what changed.

AWS calls:
- DynamoDB, the table: GetItem, Query (ledger and facts of the shard's slots, partners, terms;
  GSI2: the entries that became final), UpdateItem (the ledger lease, the pull),
  TransactWriteItems (entries: conditional Put; PPV and the partners' earnings: Update), PutItem
  (locked-through date, data-as-of, the ledger's layout), BatchWriteItem (facts; a first-layout
  ledger moved to its slots: puts and deletes), BatchGetItem (the links that converted, for the
  SharedID of `action.*` events).
- S3, the pull results bucket: ListBucket (ListObjectsV2) and GetObject under `staged/` (the
  shard's staged rows).
- SQS, the postbacks queue: SendMessage (as SendMessageBatch): `action.*`, `action.locked`,
  `statement.ready` (the postbacks function e-mails the statements: this step never waits on SES).
"""

from __future__ import annotations

from functools import cache

import boto3
from pydantic import Field

from sellerlink.attribution.dal import FactStore
from sellerlink.ledger.dal import LedgerStore
from sellerlink.links.dal import LinkStore
from sellerlink.partners.dal import PartnerStore
from sellerlink.programs.dal import ProgramStore
from sellerlink.pulls.apply_ledger import ApplyLedger
from sellerlink.pulls.dal import PullStore
from sellerlink.pulls.staging import S3Staging
from sellerlink.settings import (
    ClockSettings,
    FunctionSettings,
    PullStagingSettings,
    QueueSettings,
    TableSettings,
)
from sellerlink.terms.dal import TermsStore
from sellerlink.wiring import adapters


class Settings(FunctionSettings):
    table: TableSettings = Field(default_factory=TableSettings)
    clock: ClockSettings = Field(default_factory=ClockSettings)
    queue: QueueSettings = Field(default_factory=QueueSettings)
    staging: PullStagingSettings = Field(default_factory=PullStagingSettings)


settings = cache(Settings)


@cache
def step() -> ApplyLedger:
    table = adapters.table(settings().table)
    return ApplyLedger(
        PullStore(table),
        ProgramStore(table),
        PartnerStore(table),
        TermsStore(table),
        LedgerStore(table),
        FactStore(table),
        LinkStore(table),
        adapters.clock(settings().clock),
        adapters.event_publisher(settings().queue),
        S3Staging(boto3.client("s3"), settings().staging.pull_staging_bucket),
    )
