"""PayoutsFunction (functions/payouts, `lambda_handler`): payout profiles and settings, runs,
files, results, partner payouts.

AWS calls:
- DynamoDB, the table: GetItem (the caller's API key first), BatchGetItem (payout profiles, paid
  totals), PutItem (some conditional: profiles, settings, runs), UpdateItem (the floor, claims
  released), Query (the table; GSI1 for a partner's payouts; GSI2 for a payout's entries),
  TransactWriteItems (payouts moved: conditional Put; paid totals and PPV: Update; released
  claims: Update).
- KMS, the token key: GenerateDataKey (sealing a partner's payout details, purpose payout-details).
- SQS, the postbacks queue: SendMessage (as SendMessageBatch): `payout.paid`, `payout.failed`.
- Lambda: InvokeFunction (asynchronous) on the payout worker (PAYOUT_WORKER_FUNCTION).
- S3, the exports bucket: GetObject, through the pre-signed URLs it signs (no call of its own).
"""

from __future__ import annotations

from functools import cache

from pydantic import Field

from sellerlink.accounts.authentication import Authenticator
from sellerlink.accounts.dal import AccountStore
from sellerlink.api.dependencies import PayoutDependencies
from sellerlink.clock import Clock
from sellerlink.connections.cipher import KmsEnvelopeCipher
from sellerlink.payouts.dal import PayoutStore
from sellerlink.payouts.results import Reconciliation
from sellerlink.payouts.storage import S3RunFiles
from sellerlink.programs.dal import ProgramStore
from sellerlink.settings import (
    ClockSettings,
    FunctionSettings,
    PayoutExportsSettings,
    PayoutWorkerSettings,
    QueueSettings,
    TableSettings,
    TokenKeySettings,
)
from sellerlink.table import Table
from sellerlink.wiring import adapters


class Settings(FunctionSettings):
    table: TableSettings = Field(default_factory=TableSettings)
    clock: ClockSettings = Field(default_factory=ClockSettings)
    queue: QueueSettings = Field(default_factory=QueueSettings)
    token_key: TokenKeySettings = Field(default_factory=TokenKeySettings)
    worker: PayoutWorkerSettings = Field(default_factory=PayoutWorkerSettings)
    exports: PayoutExportsSettings = Field(default_factory=PayoutExportsSettings)


settings = cache(Settings)


@cache
def table() -> Table:
    return adapters.table(settings().table)


@cache
def clock() -> Clock:
    return adapters.clock(settings().clock)


@cache
def cipher() -> KmsEnvelopeCipher:
    return adapters.token_cipher(settings().token_key)


@cache
def files() -> S3RunFiles:
    return adapters.payout_files(settings().exports, clock())


@cache
def reconciliation() -> Reconciliation:
    return adapters.payout_reconciliation(table(), clock(), dependencies().review, settings().queue)


@cache
def dependencies() -> PayoutDependencies:
    t = table()
    return PayoutDependencies(
        authenticate=Authenticator(AccountStore(t)),
        clock=clock(),
        programs=ProgramStore(t),
        payouts=PayoutStore(t),
        requests=adapters.payout_requests(t, clock(), settings().worker),
        review=adapters.payout_review(t, clock(), settings().worker),
        reconciliation=reconciliation,
        cipher=cipher,
        links=files,
    )
