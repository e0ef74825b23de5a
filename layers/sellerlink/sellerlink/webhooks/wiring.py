"""Building the webhook services from settings, once per function (handlers call these)."""

from __future__ import annotations

from functools import cache
from typing import Any

import boto3

from sellerlink.clock import Clock, SystemClock
from sellerlink.connections.cipher import KmsEnvelopeCipher
from sellerlink.ledger.dal import LedgerStore
from sellerlink.partners.dal import PartnerStore
from sellerlink.programs.dal import ProgramStore
from sellerlink.settings import EventSettings, WebhookSettings
from sellerlink.table import Table
from sellerlink.webhooks.callbacks import CallbackReceiver
from sellerlink.webhooks.dal import CallbackStore, DeliveryStore, EndpointStore
from sellerlink.webhooks.delivery import Deliverer, RetryPolicy
from sellerlink.webhooks.endpoints import EndpointService
from sellerlink.webhooks.inbound_actions import InboundActions
from sellerlink.webhooks.models import WebhookEvent
from sellerlink.webhooks.queue import EventQueue, SqsEventQueue, UnconfiguredQueue
from sellerlink.webhooks.secretbox import SecretBox
from sellerlink.webhooks.targets import SystemResolver
from sellerlink.webhooks.transport import HttpTransport


@cache
def event_queue() -> EventQueue:
    """The postbacks queue for publishers anywhere (API, links, the attribution pull)."""
    url = EventSettings().webhook_queue_url
    return SqsEventQueue(boto3.client("sqs"), url) if url else UnconfiguredQueue()


def publish(events: list[WebhookEvent]) -> None:
    if events:
        event_queue().publish(events)


def _box(settings: WebhookSettings) -> SecretBox:
    return SecretBox(KmsEnvelopeCipher(boto3.client("kms"), settings.token_key_id))


def _queue(settings: WebhookSettings) -> EventQueue:
    return SqsEventQueue(boto3.client("sqs"), settings.webhook_queue_url)


def build_deliverer(settings: WebhookSettings, resource: Any = None) -> Deliverer:
    table = Table(settings.table_name, resource)
    policy = RetryPolicy(
        settings.webhook_retry_base_seconds,
        settings.webhook_retry_cap_seconds,
        settings.webhook_max_attempts,
        settings.webhook_disable_after,
    )
    return Deliverer(
        EndpointStore(table),
        DeliveryStore(table),
        _queue(settings),
        _box(settings),
        HttpTransport(),
        SystemResolver(),
        SystemClock(),
        settings.local_mode,
        policy,
    )


def build_endpoint_service(settings: WebhookSettings, table: Table, clock: Clock) -> EndpointService:
    return EndpointService(
        EndpointStore(table),
        DeliveryStore(table),
        _queue(settings),
        _box(settings),
        SystemResolver(),
        clock,
        settings.local_mode,
    )


def build_callback_receiver(
    settings: WebhookSettings, table: Table, clock: Clock, onboarding: Any
) -> CallbackReceiver:
    """`onboarding` is built on first use by the catalog refresh only (it needs Amazon)."""
    from sellerlink.onboarding.catalog_import import start_import

    programs, callbacks = ProgramStore(table), CallbackStore(table)
    actions = InboundActions(
        LedgerStore(table),
        PartnerStore(table),
        programs,
        callbacks,
        _queue(settings),
        clock,
        lambda program: start_import(onboarding(), program),
    )
    return CallbackReceiver(callbacks, programs, _box(settings), SystemClock(), actions.table())
