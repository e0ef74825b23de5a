"""The event publisher: the one adapter behind the event ports that logic declares where it
publishes (`MembershipEvents`, `LinkEvents`, `ReauthEvents`, `PullEvents`, `PayoutEvents`, and the webhook
services' own). Each method builds its events in `webhooks.events` and queues them on the
postbacks queue, many to a message, for the postbacks function to fan out."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime

from sellerlink.connections.models import Connection
from sellerlink.ledger.models import AnyEntry
from sellerlink.links.models import TrackingLink
from sellerlink.partners.models import Membership
from sellerlink.payouts.models import Payout
from sellerlink.webhooks import events
from sellerlink.webhooks.models import Endpoint, EventType, WebhookEvent
from sellerlink.webhooks.queue import EventQueue


class EventPublisher:
    def __init__(self, queue: EventQueue) -> None:
        self._queue = queue

    def membership_changed(self, membership: Membership) -> None:
        """`partner.invited`, `partner.applied`, `partner.approved` or `partner.declined`."""
        self._publish(events.membership_event(membership))

    def email_invited(
        self, account_id: str, program_id: str, email: str, message_id: str, now: datetime
    ) -> None:
        """`partner.invited` for an address with no partner account yet."""
        self._publish(events.email_invited_event(account_id, program_id, email, message_id, now))

    def links_created(self, links: Sequence[TrackingLink]) -> None:
        """`link.created`, once per new link (single requests)."""
        self._publish([event for link in links for event in events.link_event(link)])

    def bulk_links_created(self, links: Sequence[TrackingLink]) -> None:
        """`links.created`: a bulk request's new links, announced once, their ids in pages."""
        self._publish(events.links_created_events(links))

    def needs_reauth(self, connection: Connection, now: datetime) -> None:
        self._publish(events.needs_reauth_event(connection, now))

    def entries_appended(
        self,
        account_id: str,
        entries: Iterable[AnyEntry],
        now: datetime,
        shared_ids: Mapping[tuple[str, date, str], str] | None = None,
    ) -> None:
        """`action.created`, `action.adjusted` or `action.reversed`, one per entry; `shared_id` is
        the SharedID of the links its sales came through, where the pull can tell it."""
        self._publish(events.action_events(account_id, entries, now, shared_ids or {}))

    def entries_locked(self, account_id: str, entries: Iterable[AnyEntry], now: datetime) -> None:
        self._publish(events.locked_events(account_id, entries, now))

    def statement_ready(
        self, account_id: str, program_id: str, month: str, partner_ids: Iterable[str], now: datetime
    ) -> None:
        self._publish(events.statement_ready_events(account_id, program_id, month, partner_ids, now))

    def pull_failed(self, account_id: str, program_id: str, pull_id: str, error: str, now: datetime) -> None:
        self._publish(events.pull_failed_event(account_id, program_id, pull_id, error, now))

    def payouts_created(self, payouts: Sequence[Payout], now: datetime) -> None:
        """`payout.created`, once per payout (a rebuilt run has the same event ids)."""
        self._publish([events.payout_event(p, EventType.PAYOUT_CREATED, now) for p in payouts])

    def payout_paid(self, payout: Payout, now: datetime) -> None:
        self._publish([events.payout_event(payout, EventType.PAYOUT_PAID, now)])

    def payout_failed(self, payout: Payout, now: datetime) -> None:
        self._publish([events.payout_event(payout, EventType.PAYOUT_FAILED, now)])

    def webhook_disabled(self, endpoint: Endpoint, notice: str, now: datetime) -> None:
        self._publish(events.webhook_disabled_event(endpoint, notice, now))

    def webhook_test(self, endpoint: Endpoint, now: datetime) -> WebhookEvent:
        event = events.webhook_test_event(endpoint, now)
        self._publish([event])
        return event

    def _publish(self, found: list[WebhookEvent]) -> None:
        if found:
            self._queue.publish(found)
