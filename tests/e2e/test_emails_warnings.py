"""E-mails the pipeline causes, through the local stack: a final statement (the ledger step), a
disabled webhook endpoint (the postbacks consumer), Amazon refusing a connection (a pull)."""

from __future__ import annotations

import socket

import requests

from sellerlink_local.drivers.client import SellerlinkClient
from sellerlink_local.drivers.outbox import Outbox
from tests.e2e.attribution_flow import MeasuredProgram
from tests.e2e.conftest import OnboardedProgram, address
from tests.e2e.test_emails import none_about, turn_off
from tests.shopper_events import purchase


def quiet_admin(api: SellerlinkClient, admin: SellerlinkClient, *kinds: str) -> str:
    """A second admin, with an address, who turned these kinds off; its address."""
    created = admin.post(
        "/v1/keys", {"role": "admin", "name": "Quiet admin", "email": address("quiet-admin")}
    )
    turn_off(api.with_key(created["key"]), *kinds)
    return str(created["email"])


def test_a_final_statement_is_emailed_to_each_partner_and_once_to_the_brand(
    measured: MeasuredProgram, api: SellerlinkClient, operator: SellerlinkClient, outbox: Outbox
) -> None:
    # Given a brand's contact address, two partners with a March sale each, one of whom turned statements off
    contact = address("brand")
    measured.admin.patch("/v1/account", {"contact_email": contact})
    quiet = quiet_admin(api, measured.admin, "statement_ready")
    told, silent = address("told"), address("silent")
    first = measured.add_partner(api, operator, "Told", told)
    second = measured.add_partner(api, operator, "Silent", silent)
    turn_off(measured.partners[second], "statement_ready")
    events = measured.clicks(first, 12, "2026-03-01", "s1") + measured.clicks(second, 12, "2026-03-01", "s2")
    events += [
        purchase(measured.shopper("s10"), "2026-03-01T11:00:00Z", measured.asins[0], 50.0),
        purchase(measured.shopper("s20"), "2026-03-01T11:00:00Z", measured.asins[0], 30.0),
    ]
    measured.sandbox.events(events)
    measured.sandbox.set_clock("2026-03-04T12:00:00Z")
    assert measured.pull()["status"] == "SUCCEEDED"
    # When the whole of March locks (the ledger step announces the statement)
    measured.sandbox.set_clock("2026-04-03T12:00:00Z")
    measured.pull()
    measured.sandbox.set_clock("2026-05-03T12:00:00Z")
    measured.pull()
    # Then the first partner reads its commission, the brand is told once, the others nothing
    subject = "The 2026-03 statement of"
    mine = outbox.wait_for(told, subject)
    assert "Your commission for 2026-03: 5.00 USD." in mine.text and "3.00" not in mine.text
    outbox.wait_for(contact, subject)
    none_about(outbox, subject, silent, quiet)
    assert [e.subject for e in outbox.to(contact) if subject in e.subject] == [mine.subject]


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_a_disabled_webhook_endpoint_is_emailed_to_the_brands_admins(
    api: SellerlinkClient, onboarded_program: OnboardedProgram, outbox: Outbox
) -> None:
    # Given a brand's contact address, a quiet admin, and an endpoint nothing listens on
    admin = onboarded_program.admin
    contact = address("hooks")
    admin.patch("/v1/account", {"contact_email": contact})
    quiet = quiet_admin(api, admin, "webhook_disabled")
    url = f"http://127.0.0.1:{_closed_port()}/gone"
    dead = admin.post(onboarded_program.path("/webhooks"), {"url": url, "event_types": ["partner.applied"]})
    # When its deliveries fail 20 times in a row
    for _ in range(7):
        admin.post(onboarded_program.path(f"/webhooks/{dead['endpoint']['endpoint_id']}/test"))
    # Then the brand is e-mailed what stopped and what to do, and the quiet admin is not
    email = outbox.wait_for(contact, "A webhook endpoint was disabled", timeout=90)
    assert url in email.text and "Fix the endpoint, then enable it again" in email.text
    none_about(outbox, "A webhook endpoint was disabled", quiet)


def test_amazon_refusing_a_connection_is_emailed_to_the_brands_admins(
    measured: MeasuredProgram, api: SellerlinkClient, outbox: Outbox
) -> None:
    # Given a brand's contact address and a quiet admin, and its person at Amazon removing Sellerlink's access
    contact = address("reauth")
    measured.admin.patch("/v1/account", {"contact_email": contact})
    quiet = quiet_admin(api, measured.admin, "connection_needs_reauth")
    brand = measured.admin.get("/v1/account")["name"]
    login = next(
        b["login"] for b in measured.sandbox.call("GET", "brands")["brands"] if b["brand_name"] == brand
    )
    revoked = requests.post(
        f"{measured.sandbox.url}/_sandbox/revocations", json={"login": login, "audience": "ads"}, timeout=10
    )
    assert revoked.json()["revoked_refresh_tokens"] >= 1
    # When the next pull asks Amazon for a token
    measured.sandbox.set_clock("2026-02-03T12:00:00Z")
    assert measured.pull()["status"] == "FAILED"
    # Then the admins are asked to reconnect Amazon Ads
    email = outbox.wait_for(contact, "Reconnect Amazon for")
    assert f"/v1/programs/{measured.program_id}/connect/amazon-ads" in email.text
    none_about(outbox, "Reconnect Amazon", quiet)
    assert measured.admin.get(measured.path())["onboarding"]["amazon_ads"] == "needs_reauth"
