"""FinishPullFunction (functions/attribution_pull, `fail_handler`): records why a program's pull
failed and tells the brand.

AWS calls:
- DynamoDB, the table: UpdateItem (the pull: FAILED, with the reason; the ledger lease released).
- SQS, the postbacks queue: SendMessage (as SendMessageBatch): `pull.failed`.
"""

from __future__ import annotations

from functools import cache

from pydantic import Field

from sellerlink.ledger.dal import LedgerStore
from sellerlink.pulls.dal import PullStore
from sellerlink.pulls.finish import FinishPull
from sellerlink.settings import ClockSettings, FunctionSettings, QueueSettings, TableSettings
from sellerlink.wiring import adapters


class Settings(FunctionSettings):
    table: TableSettings = Field(default_factory=TableSettings)
    clock: ClockSettings = Field(default_factory=ClockSettings)
    queue: QueueSettings = Field(default_factory=QueueSettings)


settings = cache(Settings)


@cache
def step() -> FinishPull:
    table, clock = adapters.table(settings().table), adapters.clock(settings().clock)
    return FinishPull(PullStore(table), clock, adapters.event_publisher(settings().queue), LedgerStore(table))
