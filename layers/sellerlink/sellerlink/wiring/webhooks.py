"""WebhooksFunction (functions/webhooks): webhook endpoints, delivery logs and replays (brands and
partners), and the brands' signed inbound callbacks.

AWS calls:
- DynamoDB, the table: GetItem (the caller's API key first), PutItem (also conditional: a callback
  id claimed once, a new membership), DeleteItem (an endpoint; a refused callback's id),
  UpdateItem, Query (the table, GSI2 for a program's callback secrets and partner policy),
  BatchWriteItem (replayed deliveries), TransactWriteItems (a custom ledger entry with its PPV and
  the partner's earnings: Put and Update items).
- KMS, the token key: GenerateDataKey (sealing new signing secrets), Decrypt (opening callback
  secrets to verify a callback).
- SQS, the postbacks queue: SendMessage (as SendMessageBatch): replayed deliveries,
  `webhook.test`, `action.adjusted`, `partner.invited`, `partner.approved`.
- Lambda: InvokeFunction (asynchronous) on the catalog import function (CATALOG_IMPORT_FUNCTION),
  for `catalog.refresh`.
"""

from __future__ import annotations

from functools import cache

from pydantic import Field

from sellerlink.accounts.authentication import Authenticator
from sellerlink.accounts.dal import AccountStore
from sellerlink.api.dependencies import WebhookDependencies
from sellerlink.clock import SystemClock
from sellerlink.ledger.dal import LedgerStore
from sellerlink.partners.dal import PartnerStore
from sellerlink.programs.dal import ProgramStore
from sellerlink.settings import (
    CatalogImportSettings,
    ClockSettings,
    FunctionSettings,
    LocalModeSettings,
    QueueSettings,
    TableSettings,
    TokenKeySettings,
)
from sellerlink.webhooks.dal import CallbackStore, DeliveryStore, EndpointStore
from sellerlink.webhooks.endpoints import EndpointService
from sellerlink.webhooks.inbound import CallbackReceiver
from sellerlink.webhooks.inbound_actions import InboundActions
from sellerlink.webhooks.publisher import EventPublisher
from sellerlink.webhooks.secretbox import SecretBox
from sellerlink.webhooks.targets import SystemResolver
from sellerlink.wiring import adapters


class Settings(FunctionSettings):
    table: TableSettings = Field(default_factory=TableSettings)
    clock: ClockSettings = Field(default_factory=ClockSettings)
    local: LocalModeSettings = Field(default_factory=LocalModeSettings)
    token_key: TokenKeySettings = Field(default_factory=TokenKeySettings)
    queue: QueueSettings = Field(default_factory=QueueSettings)
    catalog_import: CatalogImportSettings = Field(default_factory=CatalogImportSettings)


settings = cache(Settings)


@cache
def dependencies() -> WebhookDependencies:
    table, clock = adapters.table(settings().table), adapters.clock(settings().clock)
    queue, box = (
        adapters.event_queue(settings().queue),
        SecretBox(adapters.token_cipher(settings().token_key)),
    )
    events, programs = EventPublisher(queue), ProgramStore(table)
    endpoints = EndpointService(
        EndpointStore(table),
        DeliveryStore(table),
        queue,
        events,
        box,
        SystemResolver(),
        clock,
        settings().local.local_mode,
    )
    catalog = adapters.catalog_import_starter(table, clock, settings().catalog_import)
    callbacks = CallbackStore(table)
    actions = InboundActions(
        LedgerStore(table), PartnerStore(table), programs, callbacks, events, clock, catalog.start
    )
    receiver = CallbackReceiver(callbacks, programs, box, SystemClock(), actions.table())
    return WebhookDependencies(
        authenticate=Authenticator(AccountStore(table)),
        endpoints=endpoints,
        receiver=receiver,
        programs=programs,
    )
