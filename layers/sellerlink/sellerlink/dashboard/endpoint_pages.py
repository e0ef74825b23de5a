"""Webhook endpoints as pages, for a brand's program (Webhooks) and a partner (Postbacks): the list
with a form to register one (its secret shown once), and one endpoint with its delivery log and
its actions (test, rotate the secret, enable, replay a delivery, delete)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from aws_lambda_powertools.event_handler import Response

from sellerlink.dashboard.forms import parse
from sellerlink.dashboard.page import Page
from sellerlink.errors import SellerlinkError, Unprocessable
from sellerlink.webhooks.endpoints import Owner
from sellerlink.webhooks.models import PARTNER_EVENTS, EndpointCreate, EndpointKind, EventType

DELIVERIES_SHOWN = 50
ACTIONS = ("test", "rotate", "enable", "replay", "delete")


@dataclass(frozen=True)
class EndpointPages:
    """`owner(change)`: whose endpoints, checking the person may change them when `change`."""

    page: Page
    owner: Callable[[bool], Owner]
    base: str  # /programs/<id>/webhooks or /partner/postbacks
    partner: bool
    context: dict[str, Any]

    def listing(self, status: int = 200, **extra: Any) -> Response[str]:
        endpoints = self.page.deps.endpoints().of_owner(self.owner(False))
        events = sorted(PARTNER_EVENTS if self.partner else EventType, key=lambda e: e.value)
        return self.page.render(
            "endpoints.html",
            status,
            endpoints=endpoints,
            events=events,
            base=self.base,
            partner=self.partner,
            **self.context,
            **extra,
        )

    def register(self) -> Response[str]:
        page = self.page
        body = {
            "url": page.field("url"),
            "event_types": page.fields("event_types"),
            "kind": page.field("kind") or EndpointKind.WEBHOOK.value,
            "description": page.field("description"),
        }
        try:
            if not body["event_types"]:
                raise Unprocessable("Choose at least one event to deliver.")
            created = page.deps.endpoints().register(self.owner(True), parse(EndpointCreate, body))
        except SellerlinkError as refused:
            return self.listing(refused.status, error=refused.detail, asked=body)
        return self.listing(secret=created.secret, secret_for=created.endpoint.url)

    def endpoint(self, endpoint_id: str, status: int = 200, **extra: Any) -> Response[str]:
        service, owner = self.page.deps.endpoints(), self.owner(False)
        endpoint = service.view(owner, endpoint_id)
        log = service.delivery_log(owner, endpoint_id, DELIVERIES_SHOWN, None)
        return self.page.render(
            "endpoint.html",
            status,
            endpoint=endpoint,
            deliveries=log.deliveries,
            base=self.base,
            **self.context,
            **extra,
        )

    def act(self, endpoint_id: str) -> Response[str]:
        action = self.page.field("action")
        if action not in ACTIONS:
            return self.endpoint(endpoint_id, 422, error="Choose test, rotate, enable, replay or delete.")
        try:
            notice = self._do(action, endpoint_id)
        except SellerlinkError as refused:
            return self.endpoint(endpoint_id, refused.status, error=refused.detail)
        if action == "delete":
            return self.listing(notice=notice)
        if action == "rotate":
            return self.endpoint(endpoint_id, secret=notice, notice="A new signing secret: copy it now.")
        return self.endpoint(endpoint_id, notice=notice)

    def _do(self, action: str, endpoint_id: str) -> str:
        service, owner = self.page.deps.endpoints(), self.owner(True)
        if action == "test":
            service.send_test(owner, endpoint_id)
            return "A webhook.test delivery is on its way; it shows in the log below."
        if action == "rotate":
            return service.rotate(owner, endpoint_id, 24).secret
        if action == "enable":
            service.enable(owner, endpoint_id)
            return "The endpoint is enabled again."
        if action == "replay":
            replayed = service.replay_one(owner, endpoint_id, self.page.field("delivery_id"))
            return f"{replayed.replayed} delivery sent again, with the same webhook-id and body."
        service.delete(owner, endpoint_id)
        return "The endpoint is deleted; nothing more is delivered to it."
