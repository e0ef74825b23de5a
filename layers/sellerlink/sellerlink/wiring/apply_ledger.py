"""ApplyLedgerFunction (functions/attribution_pull, `ledger_handler`): appends the commission
ledger entries the staged rows imply, refreshes the facts, announces what changed.

AWS calls:
- DynamoDB, the table: GetItem, Query (staged pages, ledger, partners, terms, facts), UpdateItem
  (the ledger lease, the pull), TransactWriteItems (entries: conditional Put; PPV and the
  partners' earnings: Update), PutItem (locked-through date, data-as-of), BatchWriteItem (facts),
  BatchGetItem (the links that converted, for the SharedID of `action.*` events).
- SQS, the postbacks queue: SendMessage (as SendMessageBatch): `action.*`, `action.locked`,
  `statement.ready` (the postbacks function e-mails the statements: this step never waits on SES).
"""

from __future__ import annotations

from functools import cache

from pydantic import Field

from sellerlink.attribution.dal import FactStore
from sellerlink.ledger.dal import LedgerStore
from sellerlink.links.dal import LinkStore
from sellerlink.partners.dal import PartnerStore
from sellerlink.programs.dal import ProgramStore
from sellerlink.pulls.apply_ledger import ApplyLedger
from sellerlink.pulls.dal import PullStore
from sellerlink.settings import ClockSettings, FunctionSettings, QueueSettings, TableSettings
from sellerlink.terms.dal import TermsStore
from sellerlink.wiring import adapters


class Settings(FunctionSettings):
    table: TableSettings = Field(default_factory=TableSettings)
    clock: ClockSettings = Field(default_factory=ClockSettings)
    queue: QueueSettings = Field(default_factory=QueueSettings)


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
    )
