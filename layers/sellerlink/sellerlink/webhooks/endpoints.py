"""Registering, reading, rotating, enabling, testing and replaying endpoints, for brands (per
program) and partners (across their programs). Secrets are returned once, when created."""

from __future__ import annotations

import secrets as random
from dataclasses import dataclass
from datetime import timedelta

from sellerlink.accounts.models import Principal
from sellerlink.accounts.permissions import require_brand, require_editor, require_partner
from sellerlink.clock import Clock
from sellerlink.errors import Conflict, NotFound, Unprocessable
from sellerlink.programs.dal import ProgramStore, program_pk
from sellerlink.webhooks import postback
from sellerlink.webhooks.dal import DeliveryStore, EndpointStore, partner_owner
from sellerlink.webhooks.models import (
    PARTNER_EVENTS,
    Delivery,
    DeliveryList,
    DeliveryRef,
    DeliveryStatus,
    DeliveryView,
    Endpoint,
    EndpointCreate,
    EndpointCreated,
    EndpointKind,
    EndpointStatus,
    EndpointView,
    Replayed,
    ReplayRange,
    RotatedSecret,
    WebhookEvent,
)
from sellerlink.webhooks.publisher import EventPublisher
from sellerlink.webhooks.queue import EventQueue
from sellerlink.webhooks.secretbox import SecretBox
from sellerlink.webhooks.targets import Resolver, check

MAX_ENDPOINTS = 20
MAX_REPLAY = 1000


@dataclass(frozen=True)
class Owner:
    """Whose endpoints: a brand's program, or a partner."""

    key: str
    account_id: str | None = None
    program_id: str | None = None
    partner_id: str | None = None


def brand_owner(programs: ProgramStore, principal: Principal, program_id: str, *, change: bool) -> Owner:
    if change:
        require_editor(principal, "change the program's webhooks")
    account_id = require_brand(principal)
    if programs.get(account_id, program_id) is None:
        raise NotFound(f"There is no program {program_id} in your account.")
    return Owner(program_pk(account_id, program_id), account_id=account_id, program_id=program_id)


def partner_owner_of(principal: Principal) -> Owner:
    partner_id = require_partner(principal)
    return Owner(partner_owner(partner_id), partner_id=partner_id)


@dataclass(frozen=True)
class EndpointService:
    endpoints: EndpointStore
    deliveries: DeliveryStore
    queue: EventQueue
    events: EventPublisher
    box: SecretBox
    resolver: Resolver
    clock: Clock
    local_mode: bool

    def register(self, owner: Owner, body: EndpointCreate) -> EndpointCreated:
        self._check_request(owner, body)
        if len(self.endpoints.of_owner(owner.key)) >= MAX_ENDPOINTS:
            raise Conflict(f"You have {MAX_ENDPOINTS} endpoints already; delete one before adding another.")
        now = self.clock.now()
        secret, sealed = self.box.issue(owner.key, now)
        endpoint = Endpoint(
            endpoint_id="whe_" + random.token_hex(8),
            owner=owner.key,
            account_id=owner.account_id,
            program_id=owner.program_id,
            partner_id=owner.partner_id,
            kind=body.kind,
            url=body.url,
            event_types=sorted(set(body.event_types)),
            description=body.description,
            secrets=[sealed],
            created_at=now,
            updated_at=now,
        )
        self.endpoints.save(endpoint)
        return EndpointCreated(endpoint=EndpointView.of(endpoint, now), secret=secret.get_secret_value())

    def of_owner(self, owner: Owner) -> list[EndpointView]:
        now = self.clock.now()
        return [EndpointView.of(e, now) for e in self.endpoints.of_owner(owner.key)]

    def view(self, owner: Owner, endpoint_id: str) -> EndpointView:
        return EndpointView.of(self._endpoint(owner, endpoint_id), self.clock.now())

    def delete(self, owner: Owner, endpoint_id: str) -> None:
        self._endpoint(owner, endpoint_id)
        self.endpoints.delete(owner.key, endpoint_id)

    def rotate(self, owner: Owner, endpoint_id: str, overlap_hours: int) -> RotatedSecret:
        """A new secret; the current ones keep signing for the overlap, then retire."""
        endpoint, now = self._endpoint(owner, endpoint_id), self.clock.now()
        retires = now + timedelta(hours=overlap_hours)
        kept = [
            s.model_copy(update={"retires_at": min(s.retires_at or retires, retires)})
            for s in endpoint.live_secrets(now)
        ]
        secret, sealed = self.box.issue(owner.key, now)
        self.endpoints.save(endpoint.model_copy(update={"secrets": [sealed, *kept], "updated_at": now}))
        return RotatedSecret(secret=secret.get_secret_value(), previous_retires_at=retires)

    def enable(self, owner: Owner, endpoint_id: str) -> EndpointView:
        endpoint, now = self._endpoint(owner, endpoint_id), self.clock.now()
        self._check_url(endpoint.kind, endpoint.url)
        enabled = endpoint.model_copy(
            update={
                "status": EndpointStatus.ACTIVE,
                "consecutive_failures": 0,
                "notice": None,
                "updated_at": now,
            }
        )
        self.endpoints.save(enabled)
        return EndpointView.of(enabled, now)

    def send_test(self, owner: Owner, endpoint_id: str) -> WebhookEvent:
        endpoint, now = self._endpoint(owner, endpoint_id), self.clock.now()
        if endpoint.status is EndpointStatus.DISABLED:
            raise Conflict("The endpoint is disabled; enable it before sending a test.")
        return self.events.webhook_test(endpoint, now)

    def delivery_log(self, owner: Owner, endpoint_id: str, limit: int, cursor: str | None) -> DeliveryList:
        self._endpoint(owner, endpoint_id)
        found, next_cursor = self.deliveries.page(owner.key, endpoint_id, limit, cursor)
        return DeliveryList(deliveries=[DeliveryView.of(d) for d in found], next_cursor=next_cursor)

    def delivery(self, owner: Owner, endpoint_id: str, delivery_id: str) -> Delivery:
        found = self.deliveries.get(owner.key, endpoint_id, delivery_id)
        if found is None:
            raise NotFound(f"There is no delivery {delivery_id} to endpoint {endpoint_id}.")
        return found

    def replay_one(self, owner: Owner, endpoint_id: str, delivery_id: str) -> Replayed:
        self._endpoint(owner, endpoint_id)
        return self._replay([self.delivery(owner, endpoint_id, delivery_id)])

    def replay_range(self, owner: Owner, endpoint_id: str, span: ReplayRange) -> Replayed:
        self._endpoint(owner, endpoint_id)
        if span.until < span.since:
            raise Unprocessable("`until` is before `since`; give the range oldest first.")
        first, last = (f"msg_{t.strftime('%Y%m%dT%H%M%S')}" for t in (span.since, span.until))
        found = self.deliveries.between(owner.key, endpoint_id, first, last)
        if len(found) > MAX_REPLAY:
            raise Unprocessable(
                f"The range holds {len(found)} deliveries; replay at most {MAX_REPLAY} at once."
            )
        return self._replay(found)

    def _replay(self, found: list[Delivery]) -> Replayed:
        pending = {"status": DeliveryStatus.PENDING, "error": None}
        self.deliveries.save_many([delivery.model_copy(update=pending) for delivery in found])
        self.queue.enqueue(
            [DeliveryRef(owner=d.owner, endpoint_id=d.endpoint_id, delivery_id=d.delivery_id) for d in found]
        )
        return Replayed(replayed=len(found), delivery_ids=[d.delivery_id for d in found])

    def _endpoint(self, owner: Owner, endpoint_id: str) -> Endpoint:
        found = self.endpoints.get(owner.key, endpoint_id)
        if found is None:
            raise NotFound(f"There is no webhook endpoint {endpoint_id} here.")
        return found

    def _check_request(self, owner: Owner, body: EndpointCreate) -> None:
        if owner.partner_id is None and body.kind is EndpointKind.POSTBACK:
            raise Unprocessable("Postback URL templates are for partners; brands register webhooks.")
        if owner.partner_id is not None:
            refused = sorted(t.value for t in set(body.event_types) - PARTNER_EVENTS)
            if refused:
                raise Unprocessable(
                    f"Partners cannot subscribe to {', '.join(refused)}. "
                    f"Partner event types: {', '.join(sorted(t.value for t in PARTNER_EVENTS))}."
                )
        self._check_url(body.kind, body.url)

    def _check_url(self, kind: EndpointKind, url: str) -> None:
        if kind is EndpointKind.POSTBACK:
            url = postback.render(postback.check_template(url), "webhook.test", {})
        check(url, local_mode=self.local_mode, resolver=self.resolver)
