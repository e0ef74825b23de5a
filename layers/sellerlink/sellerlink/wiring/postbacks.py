"""PostbacksFunction (functions/postbacks): the postbacks queue's consumer. Fans events out to
the endpoints that want them and delivers each delivery, signed, with retries; e-mails the
people each event concerns.

AWS calls:
- DynamoDB, the table: GetItem (endpoint, delivery; an account, partner, program or recipient's
  e-mail settings), Query (an owner's endpoints, an account's keys; GSI1: a partner's earnings of
  a statement's month), PutItem (conditional: a new delivery, an e-mail about to be sent; a
  delivery's attempt; a one-time link), UpdateItem (an endpoint's failures in a row, its
  disabling), DeleteItem (the claim of an e-mail SES did not take, so its retry sends it).
- SES: SendEmail from the stack's identity (EMAIL_SENDER) through its configuration set
  (EMAIL_CONFIGURATION_SET).
- KMS, the token key: Decrypt (opening an endpoint's signing secrets, once per container).
- SQS, the postbacks queue: SendMessage (as SendMessageBatch: deliveries, `webhook.disabled`),
  ChangeMessageVisibility (a failed delivery's next attempt). The event source mapping receives
  and deletes its messages (ReceiveMessage, DeleteMessage, GetQueueAttributes) with this role.
"""

from __future__ import annotations

from functools import cache

from pydantic import Field

from sellerlink.accounts.dal import AccountStore
from sellerlink.clock import SystemClock
from sellerlink.email.links import LinkTokens
from sellerlink.ledger.earnings import EarningsStore
from sellerlink.notifications.dal import NotificationStore
from sellerlink.notifications.notifier import Notifier, NotifierStores
from sellerlink.partners.dal import PartnerStore
from sellerlink.programs.dal import ProgramStore
from sellerlink.settings import (
    ClockSettings,
    EmailSettings,
    FunctionSettings,
    LocalModeSettings,
    QueueSettings,
    TableSettings,
    TokenKeySettings,
    WebhookRetrySettings,
)
from sellerlink.webhooks.dal import DeliveryStore, EndpointStore
from sellerlink.webhooks.delivery import Deliverer, DeliveryRetryPolicy
from sellerlink.webhooks.outbound import HttpSender
from sellerlink.webhooks.publisher import EventPublisher
from sellerlink.webhooks.secretbox import SecretBox
from sellerlink.webhooks.targets import SystemResolver
from sellerlink.wiring import adapters


class Settings(FunctionSettings):
    table: TableSettings = Field(default_factory=TableSettings)
    local: LocalModeSettings = Field(default_factory=LocalModeSettings)
    token_key: TokenKeySettings = Field(default_factory=TokenKeySettings)
    queue: QueueSettings = Field(default_factory=QueueSettings)
    retry: WebhookRetrySettings = Field(default_factory=WebhookRetrySettings)
    email: EmailSettings = Field(default_factory=EmailSettings)
    clock: ClockSettings = Field(default_factory=ClockSettings)


settings = cache(Settings)


@cache
def deliverer() -> Deliverer:
    table, queue, retry = (
        adapters.table(settings().table),
        adapters.event_queue(settings().queue),
        settings().retry,
    )
    policy = DeliveryRetryPolicy(
        retry.webhook_retry_base_seconds,
        retry.webhook_retry_cap_seconds,
        retry.webhook_max_attempts,
        retry.webhook_disable_after,
    )
    return Deliverer(
        EndpointStore(table),
        DeliveryStore(table),
        queue,
        EventPublisher(queue),
        SecretBox(adapters.token_cipher(settings().token_key)),
        HttpSender(),
        SystemResolver(),
        SystemClock(),  # signatures carry the wall-clock time receivers check
        settings().local.local_mode,
        policy,
    )


@cache
def notifier() -> Notifier:
    """E-mails (ses:SendEmail). Links in them expire by the stack's clock, the one the API checks."""
    table, email, clock = adapters.table(settings().table), settings().email, adapters.clock(settings().clock)
    stores = NotifierStores(
        AccountStore(table),
        PartnerStore(table),
        ProgramStore(table),
        EarningsStore(table),
        NotificationStore(table),
        LinkTokens(table, clock),
    )
    return Notifier(stores, adapters.email_sender(email), email.email_links_base_url, clock)
