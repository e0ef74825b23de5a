"""Every webhook event Sellerlink sends, built here from its own models (the publisher, and the
webhook services for `webhook.disabled` and `webhook.test`, call these). Event ids are derived
from what happened, so publishing the same happening twice fans out once."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime

from sellerlink.connections.models import Connection
from sellerlink.ledger.models import AnyEntry, EntryKind
from sellerlink.links.models import TrackingLink
from sellerlink.partners.models import Membership, MembershipStatus
from sellerlink.payouts.models import Payout
from sellerlink.webhooks.models import Endpoint, EventType, WebhookEvent

ACTION_TYPES = {
    EntryKind.CREATED: EventType.ACTION_CREATED,
    EntryKind.ADJUSTED: EventType.ACTION_ADJUSTED,
    EntryKind.REVERSED: EventType.ACTION_REVERSED,
    EntryKind.CUSTOM: EventType.ACTION_ADJUSTED,
}


def event_id(*parts: object) -> str:
    return "evt_" + hashlib.sha256("|".join(str(p) for p in parts).encode()).hexdigest()[:24]


def action_events(
    account_id: str,
    entries: Iterable[AnyEntry],
    now: datetime,
    shared_ids: Mapping[tuple[str, date, str], str] | None = None,
) -> list[WebhookEvent]:
    """One `action.*` event per ledger entry actually written (`unallocated` entries included), with
    the SharedID its sales came through where the pull could tell (`pulls.shared_ids`)."""
    spots = shared_ids or {}
    return [
        _action(
            account_id,
            entry,
            now,
            ACTION_TYPES[entry.kind],
            "action",
            spots.get((entry.partner_id, entry.event_date, entry.asin or "")),
        )
        for entry in _by_partner(entries)
    ]


def locked_events(account_id: str, entries: Iterable[AnyEntry], now: datetime) -> list[WebhookEvent]:
    """One `action.locked` per entry whose event date has just become final."""
    return [
        _action(account_id, entry, now, EventType.ACTION_LOCKED, "locked") for entry in _by_partner(entries)
    ]


def _by_partner(entries: Iterable[AnyEntry]) -> list[AnyEntry]:
    """Events go out many to a message, and a fan-out reads each partner's endpoints once per
    message: in partner order, a message concerns one or two partners, not dozens."""
    return sorted(entries, key=lambda entry: entry.partner_id)


def statement_ready_events(
    account_id: str, program_id: str, month: str, partner_ids: Iterable[str], now: datetime
) -> list[WebhookEvent]:
    """One `statement.ready` per partner with entries in a month that is now wholly locked."""
    return [
        WebhookEvent(
            event_id=event_id("statement.ready", account_id, program_id, month, partner_id),
            type=EventType.STATEMENT_READY,
            timestamp=now,
            account_id=account_id,
            program_id=program_id,
            partner_id=partner_id,
            data={"program_id": program_id, "partner_id": partner_id, "month": month},
        )
        for partner_id in sorted(set(partner_ids))
    ]


def _action(
    account_id: str,
    entry: AnyEntry,
    now: datetime,
    kind: EventType,
    happening: str,
    shared_id: str | None = None,
) -> WebhookEvent:
    return WebhookEvent(
        event_id=event_id(happening, account_id, entry.program_id, entry.entry_id),
        type=kind,
        timestamp=now,
        account_id=account_id,
        program_id=entry.program_id,
        partner_id=entry.partner_id,
        data={
            "action_id": entry.entry_id,
            "kind": entry.kind.value,
            "program_id": entry.program_id,
            "partner_id": entry.partner_id,
            "event_date": entry.event_date.isoformat(),
            "asin": entry.asin,
            "shared_id": shared_id,
            "conversion_type": entry.conversion_type.value,
            "purchases": entry.purchases,
            "units": entry.units,
            "sales": str(entry.sales),
            "amount": str(entry.amount),
            "currency": entry.currency,
            "reason": entry.reason,
        },
    )


def membership_event(membership: Membership) -> list[WebhookEvent]:
    """`partner.invited`, `partner.applied` (pending), `partner.approved` or `partner.declined`."""
    types = {
        MembershipStatus.INVITED: EventType.PARTNER_INVITED,
        MembershipStatus.PENDING: EventType.PARTNER_APPLIED,
        MembershipStatus.APPROVED: EventType.PARTNER_APPROVED,
        MembershipStatus.DECLINED: EventType.PARTNER_DECLINED,
    }
    kind = types.get(membership.status)
    if kind is None:
        return []
    m = membership
    return [
        WebhookEvent(
            event_id=event_id(kind, m.account_id, m.program_id, m.partner_id, m.updated_at.isoformat()),
            type=kind,
            timestamp=m.updated_at,
            account_id=m.account_id,
            program_id=m.program_id,
            partner_id=m.partner_id,
            data={
                "program_id": m.program_id,
                "partner_id": m.partner_id,
                "partner_name": m.partner_name,
                "status": m.status.value,
            },
        )
    ]


def email_invited_event(
    account_id: str, program_id: str, email: str, message_id: str, now: datetime
) -> list[WebhookEvent]:
    """`partner.invited` for someone known only by an e-mail address (a brand's `partner.invite`)."""
    return [
        WebhookEvent(
            event_id=event_id("partner.invited", account_id, program_id, email.lower(), message_id),
            type=EventType.PARTNER_INVITED,
            timestamp=now,
            account_id=account_id,
            program_id=program_id,
            data={"program_id": program_id, "email": email, "status": "invited"},
        )
    ]


def link_event(link: TrackingLink) -> list[WebhookEvent]:
    return [
        WebhookEvent(
            event_id=event_id(
                "link", link.account_id, link.program_id, link.link_id, link.created_at.isoformat()
            ),
            type=EventType.LINK_CREATED,
            timestamp=link.created_at,
            account_id=link.account_id,
            program_id=link.program_id,
            partner_id=link.partner_id,
            data={
                "link_id": link.link_id,
                "program_id": link.program_id,
                "partner_id": link.partner_id,
                "asin": link.asin,
                "shared_id": link.shared_id,
                "url": link.url,
            },
        )
    ]


LINK_PAGE = 500  # link ids per `links.created` event: about 15 KB of ids


def links_created_events(links: Sequence[TrackingLink]) -> list[WebhookEvent]:
    """A bulk request announced once: `links.created` with the new links' ids, in pages of
    LINK_PAGE per program and partner (a 5,000-link request is ten events, not 5,000)."""
    found: list[WebhookEvent] = []
    groups: dict[tuple[str, str, str], list[TrackingLink]] = {}
    for link in links:
        groups.setdefault((link.account_id, link.program_id, link.partner_id), []).append(link)
    for (account_id, program_id, partner_id), group in groups.items():
        ids = sorted(link.link_id for link in group)
        pages = [ids[start : start + LINK_PAGE] for start in range(0, len(ids), LINK_PAGE)]
        for number, page in enumerate(pages, start=1):
            found.append(
                WebhookEvent(
                    event_id=event_id("links", account_id, program_id, partner_id, *page),
                    type=EventType.LINKS_CREATED,
                    timestamp=min(link.created_at for link in group),
                    account_id=account_id,
                    program_id=program_id,
                    partner_id=partner_id,
                    data={
                        "program_id": program_id,
                        "partner_id": partner_id,
                        "link_ids": page,
                        "page": number,
                        "pages": len(pages),
                        "total": len(ids),
                    },
                )
            )
    return found


def pull_failed_event(
    account_id: str, program_id: str, pull_id: str, error: str, now: datetime
) -> list[WebhookEvent]:
    return [
        WebhookEvent(
            event_id=event_id("pull.failed", account_id, program_id, pull_id),
            type=EventType.PULL_FAILED,
            timestamp=now,
            account_id=account_id,
            program_id=program_id,
            data={"program_id": program_id, "pull_id": pull_id, "error": error},
        )
    ]


def payout_event(payout: Payout, kind: EventType, now: datetime) -> WebhookEvent:
    """`payout.created|paid|failed`: to the brand and to the payout's partner (masked details only)."""
    return WebhookEvent(
        event_id=event_id(kind, payout.account_id, payout.program_id, payout.payout_id),
        type=kind,
        timestamp=now,
        account_id=payout.account_id,
        program_id=payout.program_id,
        partner_id=payout.partner_id,
        data={
            "payout_id": payout.payout_id,
            "run_id": payout.run_id,
            "program_id": payout.program_id,
            "partner_id": payout.partner_id,
            "status": payout.status.value,
            "method": payout.method.value,
            "amount": str(payout.amount),
            "currency": payout.currency,
            "balance_carried": str(payout.balance_carried),
            "entries": payout.entries,
            "reference": payout.reference,
            "paid_on": payout.paid_on.isoformat() if payout.paid_on else None,
            "failure_reason": payout.failure_reason,
        },
    )


def needs_reauth_event(connection: Connection, now: datetime) -> list[WebhookEvent]:
    account_id, program_id, kind = connection.account_id, connection.program_id, str(connection.kind)
    return [
        WebhookEvent(
            event_id=event_id("connection.needs_reauth", account_id, program_id, kind, now.isoformat()),
            type=EventType.CONNECTION_NEEDS_REAUTH,
            timestamp=now,
            account_id=account_id,
            program_id=program_id,
            data={"program_id": program_id, "connection": kind},
        )
    ]


def webhook_disabled_event(endpoint: Endpoint, notice: str, now: datetime) -> list[WebhookEvent]:
    """`webhook.disabled`, to the owner's other endpoints: why this one stopped receiving."""
    return [
        WebhookEvent(
            event_id=f"evt_disabled_{endpoint.endpoint_id}_{int(now.timestamp())}",
            type=EventType.WEBHOOK_DISABLED,
            timestamp=now,
            account_id=endpoint.account_id,
            program_id=endpoint.program_id,
            partner_id=endpoint.partner_id,
            data={"endpoint_id": endpoint.endpoint_id, "url": endpoint.url, "notice": notice},
        )
    ]


def webhook_test_event(endpoint: Endpoint, now: datetime) -> WebhookEvent:
    """`webhook.test`, to this endpoint only; a new id every time, so each test is delivered."""
    return WebhookEvent(
        event_id="evt_test_" + secrets.token_hex(8),
        type=EventType.WEBHOOK_TEST,
        timestamp=now,
        account_id=endpoint.account_id,
        program_id=endpoint.program_id,
        partner_id=endpoint.partner_id,
        endpoint_id=endpoint.endpoint_id,
        data={"endpoint_id": endpoint.endpoint_id, "message": "Sellerlink test delivery"},
    )
