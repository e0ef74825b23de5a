"""PostbacksFunction (functions/postbacks): the postbacks queue's consumer. Fans events out to
the endpoints that want them and delivers each delivery, signed, with retries.

AWS calls:
- DynamoDB, the table: GetItem (endpoint, delivery), Query (an owner's endpoints), PutItem
  (conditional: a new delivery; a delivery's attempt), UpdateItem (an endpoint's failures in a
  row, its disabling).
- KMS, the token key: Decrypt (opening an endpoint's signing secrets, once per container).
- SQS, the postbacks queue: SendMessage (as SendMessageBatch: deliveries, `webhook.disabled`),
  ChangeMessageVisibility (a failed delivery's next attempt). The event source mapping receives
  and deletes its messages (ReceiveMessage, DeleteMessage, GetQueueAttributes) with this role.
"""

from __future__ import annotations

from functools import cache

from pydantic import Field

from sellerlink.clock import SystemClock
from sellerlink.settings import (
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
