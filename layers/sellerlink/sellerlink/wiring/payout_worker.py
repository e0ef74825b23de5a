"""PayoutWorkerFunction (functions/payouts, `worker_handler`): builds payout runs and exports
their files, in the background (invoked asynchronously by the payouts and schedule functions).

AWS calls:
- DynamoDB, the table: GetItem, BatchGetItem (payout profiles), PutItem (runs, the floor),
  BatchWriteItem (payouts, carried partners), UpdateItem (the build lease), Query (the table:
  claims, payouts, memberships; GSI2: ledger entries by month), TransactWriteItems (claims:
  conditional Put; payouts moved to processing: conditional Put).
- KMS, the token key: Decrypt (opening payout details for the exported files, purpose
  payout-details).
- S3, the exports bucket: PutObject (the run's files).
- SQS, the postbacks queue: SendMessage (as SendMessageBatch): `payout.created`.
"""

from __future__ import annotations

from functools import cache

from pydantic import Field

from sellerlink.ledger.dal import LedgerStore
from sellerlink.partners.dal import PartnerStore
from sellerlink.payouts.dal import PayoutStore
from sellerlink.payouts.entries import LedgerPayableEntries
from sellerlink.payouts.export import RunExporter
from sellerlink.payouts.runs import RunBuilder
from sellerlink.payouts.storage import S3RunFiles
from sellerlink.programs.dal import ProgramStore
from sellerlink.settings import (
    ClockSettings,
    FunctionSettings,
    PayoutExportsSettings,
    QueueSettings,
    TableSettings,
    TokenKeySettings,
)
from sellerlink.wiring import adapters


class Settings(FunctionSettings):
    table: TableSettings = Field(default_factory=TableSettings)
    clock: ClockSettings = Field(default_factory=ClockSettings)
    queue: QueueSettings = Field(default_factory=QueueSettings)
    token_key: TokenKeySettings = Field(default_factory=TokenKeySettings)
    exports: PayoutExportsSettings = Field(default_factory=PayoutExportsSettings)


settings = cache(Settings)


@cache
def builder() -> RunBuilder:
    table, clock = adapters.table(settings().table), adapters.clock(settings().clock)
    entries = LedgerPayableEntries(LedgerStore(table), table)
    events = adapters.event_publisher(settings().queue)
    return RunBuilder(ProgramStore(table), PayoutStore(table), entries, clock, events)


@cache
def exporter() -> RunExporter:
    table, clock = adapters.table(settings().table), adapters.clock(settings().clock)
    files = S3RunFiles(adapters.s3_client(), settings().exports.payout_exports_bucket, clock)
    cipher = adapters.token_cipher(settings().token_key)
    return RunExporter(ProgramStore(table), PayoutStore(table), PartnerStore(table), cipher, files, clock)
