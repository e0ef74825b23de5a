"""Events, endpoints, deliveries and the shapes the webhook routes read and answer."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from pydantic import Field

from sellerlink.connections.models import EncryptedSecret
from sellerlink.model import Model


class EventType(StrEnum):
    ACTION_CREATED = "action.created"
    ACTION_ADJUSTED = "action.adjusted"
    ACTION_REVERSED = "action.reversed"
    ACTION_LOCKED = "action.locked"
    PARTNER_INVITED = "partner.invited"
    PARTNER_APPLIED = "partner.applied"
    PARTNER_APPROVED = "partner.approved"
    PARTNER_DECLINED = "partner.declined"
    LINK_CREATED = "link.created"
    LINKS_CREATED = "links.created"
    CONNECTION_NEEDS_REAUTH = "connection.needs_reauth"
    PULL_FAILED = "pull.failed"
    PAYOUT_CREATED = "payout.created"
    PAYOUT_PAID = "payout.paid"
    PAYOUT_FAILED = "payout.failed"
    STATEMENT_READY = "statement.ready"
    WEBHOOK_DISABLED = "webhook.disabled"
    WEBHOOK_TEST = "webhook.test"


# What a partner's endpoint may hear about: its own money, membership, links and statements.
PARTNER_EVENTS = frozenset(
    {
        EventType.ACTION_CREATED,
        EventType.ACTION_ADJUSTED,
        EventType.ACTION_REVERSED,
        EventType.ACTION_LOCKED,
        EventType.PARTNER_INVITED,
        EventType.PARTNER_APPROVED,
        EventType.PARTNER_DECLINED,
        EventType.LINK_CREATED,
        EventType.LINKS_CREATED,
        EventType.STATEMENT_READY,
        EventType.PAYOUT_CREATED,
        EventType.PAYOUT_PAID,
        EventType.PAYOUT_FAILED,
        EventType.WEBHOOK_DISABLED,
        EventType.WEBHOOK_TEST,
    }
)


class WebhookEvent(Model):
    """Something that happened, with who may hear of it: the program's brand, and its partner if any."""

    event_id: str = Field(description="Stable for the same happening, so a retried publish fans out once.")
    type: EventType
    timestamp: datetime
    account_id: str | None = None
    program_id: str | None = None
    partner_id: str | None = None
    endpoint_id: str | None = Field(default=None, description="Only this endpoint (tests, notices).")
    data: dict[str, Any] = Field(default_factory=dict)

    def payload(self) -> dict[str, Any]:
        """The JSON body every endpoint receives (Standard Webhooks: type, timestamp, data)."""
        return {"type": self.type.value, "timestamp": self.timestamp.isoformat(), "data": self.data}


class EndpointKind(StrEnum):
    WEBHOOK = "webhook"
    POSTBACK = "postback"


class EndpointStatus(StrEnum):
    ACTIVE = "active"
    DISABLED = "disabled"


class SigningSecret(Model):
    """One sealed signing secret; an old one keeps signing until `retires_at` (rotation overlap)."""

    secret_id: str
    sealed: EncryptedSecret
    created_at: datetime
    retires_at: datetime | None = None


class Endpoint(Model):
    """A registered receiver: a brand's (per program) or a partner's (all its programs)."""

    endpoint_id: str
    owner: str = Field(description="The table partition of its owner: a program or a partner.")
    account_id: str | None = None
    program_id: str | None = None
    partner_id: str | None = None
    kind: EndpointKind
    url: str
    event_types: list[EventType]
    description: str = ""
    status: EndpointStatus = EndpointStatus.ACTIVE
    consecutive_failures: int = 0
    notice: str | None = None
    secrets: list[SigningSecret]
    created_at: datetime
    updated_at: datetime

    def live_secrets(self, now: datetime) -> list[SigningSecret]:
        return [s for s in self.secrets if s.retires_at is None or s.retires_at > now]


class EndpointCreate(Model):
    url: str = Field(
        max_length=2000,
        description="https URL (http only in local mode). A postback URL may hold macros such as {amount}.",
    )
    event_types: list[EventType] = Field(min_length=1, description="The event types to deliver.")
    kind: EndpointKind = Field(
        default=EndpointKind.WEBHOOK,
        description="`webhook` (signed JSON POST) or `postback` (GET of the URL template, partners).",
    )
    description: str = Field(default="", max_length=200)


class EndpointView(Model):
    endpoint_id: str
    kind: EndpointKind
    url: str
    event_types: list[EventType]
    description: str
    status: EndpointStatus
    consecutive_failures: int
    notice: str | None = Field(default=None, description="Why the endpoint was disabled, and what to do.")
    secret_count: int = Field(description="Secrets signing now: 2 during a rotation's overlap.")
    created_at: datetime
    updated_at: datetime

    @classmethod
    def of(cls, endpoint: Endpoint, now: datetime) -> EndpointView:
        fields = endpoint.model_dump(exclude={"secrets"})
        return cls.model_validate({**fields, "secret_count": len(endpoint.live_secrets(now))})


class EndpointCreated(Model):
    endpoint: EndpointView
    secret: str = Field(
        description="The signing secret (`whsec_...`), shown once; Sellerlink keeps it encrypted."
    )


class EndpointList(Model):
    endpoints: list[EndpointView]


class SecretRotation(Model):
    overlap_hours: int = Field(
        default=24, ge=0, le=168, description="How long the old secret keeps signing next to the new one."
    )


class RotatedSecret(Model):
    secret: str = Field(description="The new signing secret, shown once.")
    previous_retires_at: datetime


class DeliveryStatus(StrEnum):
    PENDING = "pending"
    DELIVERED = "delivered"
    FAILING = "failing"
    DEAD = "dead"
    SKIPPED = "skipped"


class Delivery(Model):
    """One event for one endpoint; `delivery_id` is the `webhook-id` the receiver sees, every attempt."""

    delivery_id: str
    endpoint_id: str
    owner: str
    event_id: str
    event_type: EventType
    body: str = Field(description="The exact JSON sent (signed as is; a replay sends the same bytes).")
    status: DeliveryStatus = DeliveryStatus.PENDING
    attempts: int = 0
    created_at: datetime
    last_attempt_at: datetime | None = None
    latency_ms: int | None = None
    response_status: int | None = None
    response_body: str | None = Field(default=None, description="The first 1 KB of the endpoint's answer.")
    error: str | None = None


class DeliveryView(Delivery):
    """A delivery as its endpoint's owner reads it: without Sellerlink's internal owner key."""

    owner: str = Field(exclude=True)

    @classmethod
    def of(cls, delivery: Delivery) -> DeliveryView:
        return cls.model_validate(delivery.model_dump())


class DeliveryList(Model):
    deliveries: list[DeliveryView]
    next_cursor: str | None = None


class ReplayRange(Model):
    since: datetime = Field(description="Replay deliveries created at or after this moment.")
    until: datetime = Field(description="... and at or before this one.")


class Replayed(Model):
    replayed: int
    delivery_ids: list[str]


class DeliveryRef(Model):
    """What a delivery message on the queue carries."""

    owner: str
    endpoint_id: str
    delivery_id: str
