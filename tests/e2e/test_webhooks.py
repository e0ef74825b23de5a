"""Webhooks and postbacks through the local stack: SQS, the postbacks function, a loopback receiver
that verifies every delivery with the standardwebhooks reference library."""

from __future__ import annotations

import json
import socket
import time
from datetime import datetime
from typing import Any

from standardwebhooks.webhooks import Webhook

from sellerlink_local.drivers.client import SellerlinkClient
from sellerlink_local.drivers.webhook_receiver import WebhookReceiver
from tests.e2e.conftest import OnboardedProgram, PartnerFactory, assert_problem


def _register(
    admin: SellerlinkClient, program: OnboardedProgram, receiver: WebhookReceiver, *types: str
) -> str:
    created = admin.post(
        program.path("/webhooks"), {"url": receiver.url + "/hooks", "event_types": list(types)}
    )
    receiver.secrets.append(created["secret"])
    return str(created["endpoint"]["endpoint_id"])


def _wait(check: Any, timeout: float = 30) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = check()
        if found:
            return found
        time.sleep(0.1)
    raise AssertionError("the condition did not hold in time")


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_partner_events_reach_the_brand_signed_and_the_secret_is_shown_once(
    onboarded_program: OnboardedProgram, new_partner: PartnerFactory, receiver: WebhookReceiver
) -> None:
    # Given a brand endpoint for partner applications and approvals
    admin = onboarded_program.admin
    endpoint_id = _register(admin, onboarded_program, receiver, "partner.applied", "partner.approved")
    # When a partner applies and the brand approves it
    partner = new_partner()
    partner.post(onboarded_program.path("/applications"))
    admin.post(onboarded_program.path(f"/partners/{partner.partner_id}/approve"))  # type: ignore[attr-defined]
    # Then both events arrive, each verified by the reference library, with type, timestamp and data
    applied = receiver.wait_for(1, event_type="partner.applied")[0].payload
    approved = receiver.wait_for(1, event_type="partner.approved")[0].payload
    assert applied["data"]["partner_id"] == approved["data"]["partner_id"] == partner.partner_id  # type: ignore[attr-defined]
    assert {"type", "timestamp", "data"} == set(approved)
    # And the endpoint never shows its secret again
    shown = admin.get(onboarded_program.path(f"/webhooks/{endpoint_id}"))
    assert "secret" not in shown and shown["secret_count"] == 1 and receiver.rejected == 0


def test_a_receiver_down_for_a_while_gets_every_event_exactly_once(
    onboarded_program: OnboardedProgram, receiver: WebhookReceiver
) -> None:
    # Given an endpoint whose receiver is down for 3 seconds
    admin = onboarded_program.admin
    endpoint_id = _register(admin, onboarded_program, receiver, "webhook.test")
    receiver.down_for(3)
    # When five events are sent while it is down
    sent = [admin.post(onboarded_program.path(f"/webhooks/{endpoint_id}/test"))["event_id"] for _ in range(5)]
    # Then all five arrive once it is back, each exactly once by webhook-id, after retries
    arrived = receiver.wait_for(5, timeout=40)
    assert len(sent) == len(arrived) == len({d.webhook_id for d in arrived}) == 5
    assert receiver.down_requests >= 5
    log = admin.get(onboarded_program.path(f"/webhooks/{endpoint_id}/deliveries"))["deliveries"]
    assert all("owner" not in delivery for delivery in log), "the log shows no internal keys"
    assert {d["status"] for d in log} == {"delivered"} and max(d["attempts"] for d in log) > 1
    assert all(d["response_status"] == 200 and d["latency_ms"] is not None for d in log)


def test_twenty_failures_in_a_row_disable_the_endpoint_and_tell_its_owner(
    onboarded_program: OnboardedProgram, receiver: WebhookReceiver, stack: Any
) -> None:
    # Given an endpoint nothing listens on, and another endpoint of the brand that hears notices
    admin = onboarded_program.admin
    _register(admin, onboarded_program, receiver, "webhook.disabled")
    dead = admin.post(
        onboarded_program.path("/webhooks"),
        {"url": f"http://127.0.0.1:{_closed_port()}/gone", "event_types": ["partner.applied"]},
    )["endpoint"]["endpoint_id"]
    # When enough deliveries fail
    for _ in range(7):
        admin.post(onboarded_program.path(f"/webhooks/{dead}/test"))
    # Then after 20 failures in a row the endpoint is disabled, with a notice saying what to do
    disabled = _wait(
        lambda: (e := admin.get(onboarded_program.path(f"/webhooks/{dead}")))["status"] == "disabled" and e,
        60,
    )
    assert disabled["consecutive_failures"] >= 20 and "20 failed deliveries in a row" in disabled["notice"]
    # And the owner's other endpoint is told
    notice = receiver.wait_for(1, event_type="webhook.disabled")[0].payload
    assert notice["data"]["endpoint_id"] == dead
    # And a test to a disabled endpoint is refused until it is enabled again
    response = admin.request("POST", onboarded_program.path(f"/webhooks/{dead}/test"))
    assert_problem(response, 409, "enable it before sending a test")
    assert admin.post(onboarded_program.path(f"/webhooks/{dead}/enable"))["status"] == "active"
    # And each failed attempt was one log line naming the endpoint, its status and the next attempt
    log = (stack.logs_dir / "PostbacksFunction.log").read_text()
    failed = [json.loads(line) for line in log.splitlines() if '"webhook delivery failed"' in line]
    assert len([f for f in failed if f["endpoint_id"] == dead]) >= 20
    assert all(("next_attempt_in_seconds" in f or f["last_attempt"]) and f["status"] for f in failed)
    assert "Traceback" not in log and "BatchProcessingError" not in log


def test_private_link_local_and_metadata_targets_are_refused_at_registration(
    onboarded_program: OnboardedProgram,
) -> None:
    admin = onboarded_program.admin
    refused = {
        "http://10.0.0.1/hooks": "resolves to 10.0.0.1, a private address",
        "http://10.200.3.4:8443/hooks": "a private address",
        "http://169.254.169.254/latest/meta-data/": "the cloud metadata address",
        "http://169.254.10.10/hooks": "a link-local address",
        "http://[::ffff:10.0.0.7]/hooks": "a private address",
        "ftp://example.com/hooks": "must use https",
    }
    for url, reason in refused.items():
        response = admin.request(
            "POST", onboarded_program.path("/webhooks"), json={"url": url, "event_types": ["action.created"]}
        )
        assert_problem(response, 422, reason)
    assert admin.get(onboarded_program.path("/webhooks"))["endpoints"] == []


def test_a_rotated_secret_and_the_old_one_both_sign_during_the_overlap(
    onboarded_program: OnboardedProgram, receiver: WebhookReceiver
) -> None:
    # Given an endpoint whose secret is rotated with an hour of overlap
    admin = onboarded_program.admin
    endpoint_id = _register(admin, onboarded_program, receiver, "webhook.test")
    old = receiver.secrets.pop()
    rotated = admin.post(
        onboarded_program.path(f"/webhooks/{endpoint_id}/rotate-secret"), {"overlap_hours": 1}
    )
    # When a delivery is made
    receiver.secrets.append(rotated["secret"])
    admin.post(onboarded_program.path(f"/webhooks/{endpoint_id}/test"))
    delivery = receiver.wait_for(1)[0]
    # Then it carries two signatures, and each secret alone verifies it
    assert len(delivery.signature.split(" ")) == 2
    for secret in (old, rotated["secret"]):
        assert Webhook(secret).verify(delivery.body, delivery.headers)["type"] == "webhook.test"


def test_every_new_link_is_announced_once_a_bulk_request_as_one_event(
    onboarded_program: OnboardedProgram, approved_partner: SellerlinkClient, receiver: WebhookReceiver
) -> None:
    # Given a partner listening for link.created (which brings links.created for bulk requests)
    created = approved_partner.post(
        "/v1/partner/webhooks", {"url": receiver.url + "/links", "event_types": ["link.created"]}
    )
    receiver.secrets.append(created["secret"])
    asins = list(onboarded_program.asins[:3])
    # When it creates one link, then a bulk of three (one of them the same link), then the bulk again
    single = approved_partner.post(onboarded_program.path("/links"), {"asin": asins[0]})
    bulk = approved_partner.post(onboarded_program.path("/links/bulk"), {"asins": asins})
    approved_partner.post(onboarded_program.path("/links/bulk"), {"asins": asins})
    # Then the single link was announced alone, and the bulk's two new links in one links.created
    (one,) = receiver.wait_for(1, event_type="link.created")
    (many,) = receiver.wait_for(1, event_type="links.created")
    time.sleep(2)
    assert len(receiver.deliveries) == 2 and receiver.rejected == 0, "nothing is announced twice"
    assert one.payload["data"]["link_id"] == single["link_id"]
    new = sorted(link["link_id"] for link in bulk["links"] if link["link_id"] != single["link_id"])
    assert many.payload["data"] | {"link_ids": sorted(many.payload["data"]["link_ids"])} == {
        "program_id": onboarded_program.program_id,
        "partner_id": approved_partner.partner_id,  # type: ignore[attr-defined]
        "link_ids": new,
        "page": 1,
        "pages": 1,
        "total": 2,
    }


def test_a_delivery_and_a_time_range_can_be_replayed_with_the_same_webhook_ids(
    approved_partner: SellerlinkClient, receiver: WebhookReceiver
) -> None:
    # Given two test deliveries that arrived
    created = approved_partner.post(
        "/v1/partner/webhooks", {"url": receiver.url + "/replays", "event_types": ["webhook.test"]}
    )
    receiver.secrets.append(created["secret"])
    endpoint = f"/v1/partner/webhooks/{created['endpoint']['endpoint_id']}"
    for _ in range(2):
        approved_partner.post(f"{endpoint}/test")
    arrived = receiver.wait_for(2, event_type="webhook.test")
    first = arrived[0].webhook_id
    # When the partner replays one delivery, and once it is back, the range of both
    one = approved_partner.post(f"{endpoint}/deliveries/{first}/replay")
    wait_for_requests(receiver, 3)
    sent = sorted(datetime.fromisoformat(d.payload["timestamp"]) for d in arrived)  # on the stack's clock
    span = {"since": sent[0].isoformat(), "until": sent[-1].isoformat()}
    both = approved_partner.post(f"{endpoint}/replay", span)
    wait_for_requests(receiver, 5)
    backwards = approved_partner.request(
        "POST", f"{endpoint}/replay", json={"since": span["until"], "until": span["since"]}
    )
    # Then the same webhook-ids go out again (duplicates on the wire), and a reversed range is 422
    assert one["delivery_ids"] == [first]
    assert sorted(both["delivery_ids"]) == sorted(d.webhook_id for d in arrived)
    assert receiver.requests == 5 and len(receiver.deliveries) == 2 and receiver.rejected == 0
    assert_problem(backwards, 422, "`until` is before `since`")


def wait_for_requests(receiver: WebhookReceiver, count: int, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while receiver.requests < count and time.monotonic() < deadline:
        time.sleep(0.2)
