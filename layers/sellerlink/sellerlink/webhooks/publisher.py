"""The event publisher: the one adapter behind the event ports that logic declares where it
publishes (`MembershipEvents`, `LinkEvents`, `ReauthEvents`, `PullEvents`, `PayoutEvents`, and the webhook
services' own). Each method builds its events in `webhooks.events` and queues them on the
postbacks queue, many to a message, for the postbacks function to fan out."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

from sellerlink.connections.models import Connection
from sellerlink.ledger.models import LedgerEntry
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
        """`partner.applied` or `partner.approved`; other statuses announce nothing."""
        self._publish(events.membership_event(membership))

    def links_created(self, links: Sequence[TrackingLink]) -> None:
        """`link.created`, once per link (a link asked for again has the same event id)."""
        self._publish([event for link in links for event in events.link_event(link)])

    def needs_reauth(self, connection: Connection, now: datetime) -> None:
        self._publish(events.needs_reauth_event(connection, now))

    def entries_appended(self, account_id: str, entries: Iterable[LedgerEntry], now: datetime) -> None:
        """`action.created`, `action.adjusted` or `action.reversed`, one per entry."""
        self._publish(events.action_events(account_id, entries, now))

    def entries_locked(self, account_id: str, entries: Iterable[LedgerEntry], now: datetime) -> None:
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
