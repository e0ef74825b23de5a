"""The demo's postbacks chapter: a partner's webhook on loopback receives its events, signed.

Wiring (in story.py): call `postbacks(...)` before the attribution pulls, keep the receiver, and
call `show_postbacks(say, receiver)` once the pulls are done.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from sellerlink_local.drivers.client import SellerlinkClient
from sellerlink_local.drivers.webhook_receiver import WebhookReceiver

PARTNER_EVENTS = [
    "action.created",
    "action.adjusted",
    "action.reversed",
    "action.locked",
    "statement.ready",
    "link.created",
    "webhook.test",
]


def postbacks(
    say: Callable[[str], None],
    stack: Any,
    admin_client: SellerlinkClient,
    partner_client: SellerlinkClient,
    program: dict[str, Any],
) -> WebhookReceiver:
    """Starts a receiver on loopback and registers it as the partner's webhook; returns it."""
    receiver = WebhookReceiver().start()
    created = partner_client.post(
        "/v1/partner/webhooks", {"url": receiver.url + "/sellerlink", "event_types": PARTNER_EVENTS}
    )
    receiver.secrets.append(created["secret"])
    endpoint = created["endpoint"]
    say(f"Postbacks: the partner's endpoint {endpoint['endpoint_id']} at {endpoint['url']}")
    say(f"  events: {', '.join(endpoint['event_types'])}")
    say("  its signing secret was shown once to the partner; Sellerlink keeps it encrypted with KMS")
    partner_client.post(f"/v1/partner/webhooks/{endpoint['endpoint_id']}/test")
    receiver.wait_for(1, timeout=30, event_type="webhook.test")
    say(f"  a test delivery arrived and verified (standardwebhooks); program {program['program_id']}")
    return receiver


def show_postbacks(say: Callable[[str], None], receiver: WebhookReceiver, settle_seconds: float = 5) -> None:
    """What arrived, every signature verified; waits a little for the last deliveries."""
    deadline, seen = time.monotonic() + settle_seconds, -1
    while time.monotonic() < deadline and seen != len(receiver.deliveries):
        seen = len(receiver.deliveries)
        time.sleep(1)
    deliveries = list(receiver.deliveries.values())
    say(f"Postbacks received: {len(deliveries)} deliveries, {receiver.rejected} with a bad signature")
    counts: dict[str, int] = {}
    for delivery in deliveries:
        counts[delivery.payload.get("type", "?")] = counts.get(delivery.payload.get("type", "?"), 0) + 1
    for event_type, count in sorted(counts.items()):
        say(f"  {event_type}: {count}")
    for delivery in [d for d in deliveries if str(d.payload.get("type", "")).startswith("action.")][:5]:
        data = delivery.payload["data"]
        say(
            f"  {delivery.webhook_id}: {delivery.payload['type']} {data.get('event_date')} "
            f"{data.get('asin') or 'unallocated'} {data.get('amount')} {data.get('currency')}"
        )
