"""Ledger entries written by a real attribution pull reach the partner's webhook, once each."""

from __future__ import annotations

from urllib.parse import urlencode

import pytest
from standardwebhooks.webhooks import Webhook, WebhookVerificationError

from sellerlink_local.drivers.client import SellerlinkClient
from sellerlink_local.drivers.webhook_receiver import WebhookReceiver, signed_content
from tests.e2e.attribution_flow import MeasuredProgram
from tests.shopper_events import purchase


def test_each_entry_a_pull_writes_is_one_action_event_for_its_partner(
    measured: MeasuredProgram, api: SellerlinkClient, operator: SellerlinkClient, receiver: WebhookReceiver
) -> None:
    # Given a partner with a webhook for its actions, and two purchases through its link
    partner_id = measured.add_partner(api, operator, "Trail Reviews")
    created = measured.partners[partner_id].post(
        "/v1/partner/webhooks", {"url": receiver.url + "/actions", "event_types": ["action.created"]}
    )
    receiver.secrets.append(created["secret"])
    asin, other = measured.asins[0], measured.asins[1]
    events = measured.clicks(partner_id, 12, "2026-03-01", "w")
    events += [
        purchase(measured.shopper("w0"), "2026-03-01T11:00:00Z", asin, 40.0),
        purchase(measured.shopper("w1"), "2026-03-01T12:00:00Z", other, 30.0),
    ]
    measured.sandbox.events(events)
    measured.sandbox.set_clock("2026-03-04T12:00:00Z")
    # When the program is pulled twice
    assert measured.pull()["status"] == "SUCCEEDED"
    assert measured.pull()["entries_appended"] == 0
    # Then each ledger entry arrived once, verified, as action.created with its amount
    arrived = receiver.wait_for(2, event_type="action.created")
    entries = {e["entry_id"]: e for e in measured.ledger()}
    assert sorted(d.payload["data"]["action_id"] for d in arrived) == sorted(entries)
    for delivery in arrived:
        data = delivery.payload["data"]
        assert data["amount"] == entries[data["action_id"]]["amount"] and data["partner_id"] == partner_id
    assert len(receiver.deliveries) == 2 and receiver.rejected == 0


def test_locking_announces_each_entry_and_then_the_months_statement(
    measured: MeasuredProgram, api: SellerlinkClient, operator: SellerlinkClient, receiver: WebhookReceiver
) -> None:
    # Given a partner listening for locks and statements, and a March purchase through its link
    partner_id = measured.add_partner(api, operator, "Deal Hunters")
    created = measured.partners[partner_id].post(
        "/v1/partner/webhooks",
        {"url": receiver.url + "/locks", "event_types": ["action.locked", "statement.ready"]},
    )
    receiver.secrets.append(created["secret"])
    events = measured.clicks(partner_id, 12, "2026-03-01", "l")
    events += [purchase(measured.shopper("l0"), "2026-03-01T11:00:00Z", measured.asins[0], 50.0)]
    measured.sandbox.events(events)
    measured.sandbox.set_clock("2026-03-04T12:00:00Z")
    assert measured.pull()["status"] == "SUCCEEDED"
    entries = {e["entry_id"] for e in measured.ledger() if e["partner_id"] == partner_id}
    # When the lock period passes March 1st, and later the whole of March
    measured.sandbox.set_clock("2026-04-03T12:00:00Z")
    measured.pull()
    locked = receiver.wait_for(len(entries), event_type="action.locked")
    measured.sandbox.set_clock("2026-05-03T12:00:00Z")
    measured.pull()
    ready = receiver.wait_for(1, event_type="statement.ready")
    # Then each entry was announced locked once, and March's statement is ready for the partner
    assert sorted(d.payload["data"]["action_id"] for d in locked) == sorted(entries)
    assert [(d.payload["data"]["month"], d.payload["data"]["partner_id"]) for d in ready] == [
        ("2026-03", partner_id)
    ]
    assert receiver.rejected == 0


def test_a_postback_is_signed_over_its_whole_url_and_carries_the_links_shared_id(
    measured: MeasuredProgram, api: SellerlinkClient, operator: SellerlinkClient, receiver: WebhookReceiver
) -> None:
    # Given a partner whose link carries a SharedID, with a classic postback URL template
    partner_id = measured.add_partner(api, operator, "Video Reviews", shared_id="ytvideo42")
    template = receiver.url + "/pb?id={action_id}&amount={amount}&sid={shared_id}&cur={currency}"
    created = measured.partners[partner_id].post(
        "/v1/partner/webhooks", {"url": template, "event_types": ["action.created"], "kind": "postback"}
    )
    receiver.secrets.append(created["secret"])
    events = measured.clicks(partner_id, 12, "2026-03-01", "pb")
    events.append(purchase(measured.shopper("pb0"), "2026-03-01T11:00:00Z", measured.asins[0], 40.0))
    measured.sandbox.events(events)
    measured.sandbox.set_clock("2026-03-04T12:00:00Z")
    # When the program is pulled
    assert measured.pull()["status"] == "SUCCEEDED"
    # Then the postback arrives by GET, verified over its whole URL, with the SharedID filled in
    (delivery,) = receiver.wait_for(1)
    assert delivery.method == "GET" and delivery.query["sid"] == "ytvideo42"
    (entry,) = measured.ledger()
    assert delivery.query["amount"] == entry["amount"] and delivery.query["cur"] == "USD"
    # And a URL with another amount does not verify: the amount is covered by the signature
    url = signed_content(
        delivery.method, delivery.path + "?" + urlencode(delivery.query), delivery.headers, b""
    )
    forged = url.replace(f"amount={entry['amount']}".encode(), b"amount=999.00")
    Webhook(created["secret"]).verify(url, delivery.headers, json_parse=False)  # raises if not genuine
    with pytest.raises(WebhookVerificationError):
        Webhook(created["secret"]).verify(forged, delivery.headers, json_parse=False)
