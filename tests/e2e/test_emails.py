"""E-mails through the local stack: each is produced in the outbox (moto's SES) by the action that
causes it, none reaches a person who turned that kind off, and the links in them work."""

from __future__ import annotations

import time
from typing import Any

import requests

from sellerlink.notifications.kinds import NotificationKind
from sellerlink_local.drivers.client import SellerlinkClient
from sellerlink_local.drivers.outbox import Outbox
from tests.e2e.conftest import OnboardedProgram, PartnerFactory, address, assert_problem
from tests.e2e.test_callbacks import _send


def turn_off(client: SellerlinkClient, *kinds: str) -> None:
    settings = client.call("PUT", "/v1/notifications", json={"kinds": dict.fromkeys(kinds, False)})
    assert {k["kind"] for k in settings["kinds"] if not k["on"]} == set(kinds)


def team(api: SellerlinkClient, program: OnboardedProgram) -> tuple[str, str, SellerlinkClient]:
    """The brand's contact address, and a manager with an address of its own (its client)."""
    contact = address("owner")
    program.admin.patch("/v1/account", {"contact_email": contact})
    manager = program.admin.post("/v1/keys", {"role": "manager", "name": "Dana", "email": address("dana")})
    return contact, manager["email"], api.with_key(manager["key"])


def none_about(outbox: Outbox, subject: str, *addresses: str) -> None:
    """No e-mail whose subject holds `subject` reached these addresses (their events were queued
    before those of the e-mails awaited first)."""
    time.sleep(1.0)
    for who in addresses:
        assert [e.subject for e in outbox.to(who) if subject in e.subject] == [], who


def test_an_invitation_is_emailed_with_a_link_that_accepts_it(
    onboarded_program: OnboardedProgram, new_partner: PartnerFactory, outbox: Outbox
) -> None:
    # Given two partners with addresses, the second of whom turned invitations off
    first_address, second_address = address("first"), address("second")
    first, second = new_partner("First", first_address), new_partner("Second", second_address)
    turn_off(second, "program_invitation")
    # When the brand invites both
    for partner in (second, first):
        onboarded_program.admin.post(onboarded_program.path("/partners"), {"partner_id": partner.partner_id})  # type: ignore[attr-defined]
    # Then the first gets an invitation whose link shows the program and accepts it; the second nothing
    email = outbox.wait_for(first_address, "Acme Outdoor invites you to its affiliate program")
    link = email.link("/v1/invitations/")
    page = requests.get(link, timeout=30)
    assert page.status_code == 200 and "Acme Outdoor US" in page.text and "Accept the invitation" in page.text
    accepted = requests.post(link, timeout=30)
    assert accepted.status_code == 200 and "You joined" in accepted.text
    membership = onboarded_program.admin.get(onboarded_program.path(f"/partners/{first.partner_id}"))  # type: ignore[attr-defined]
    assert membership["status"] == "approved"
    none_about(outbox, "invites you", second_address)


def test_an_address_invited_alone_accepts_and_gets_a_partner_account(
    api: SellerlinkClient, onboarded_program: OnboardedProgram, outbox: Outbox
) -> None:
    # Given a brand that invites an address by its callback
    invited = address("newcomer")
    secret = onboarded_program.admin.post(onboarded_program.path("/callback-secret"), {})["secret"]
    answer = _send(api, onboarded_program, secret, {"type": "partner.invite", "data": {"email": invited}})
    assert answer.status_code == 200, answer.text
    # When the person follows the e-mail's link and accepts with a name
    link = outbox.wait_for(invited, "invites you").link("/v1/invitations/")
    assert 'name="name"' in requests.get(link, timeout=30).text
    page = requests.post(link, data={"name": "New Creator", "website": "https://new.example"}, timeout=30)
    # Then the page shows a partner key, once, that reads the approved membership
    assert page.status_code == 200 and "shown once" in page.text
    key = page.text.split("<code>")[1].split("</code>")[0]
    partner = api.with_key(key)
    assert partner.get("/v1/partner")["email"] == invited
    assert [m["status"] for m in partner.get("/v1/partner/memberships")["memberships"]] == ["approved"]
    again = requests.post(link, data={"name": "Twice"}, timeout=30)
    assert again.status_code == 404 and "already used" in again.text


def test_an_application_is_emailed_to_the_brands_admins_and_managers(
    api: SellerlinkClient, onboarded_program: OnboardedProgram, new_partner: PartnerFactory, outbox: Outbox
) -> None:
    # Given a brand's contact address, and a manager with an address who turned applications off
    contact, manager_address, manager = team(api, onboarded_program)
    turn_off(manager, "application_received")
    # When a partner applies
    new_partner("Trail Reviews").post(onboarded_program.path("/applications"))
    # Then the brand's contact address hears of it, and the manager does not
    email = outbox.wait_for(contact, "New application to Acme Outdoor US: Trail Reviews")
    assert "/approve" in email.text and "/decline" in email.text
    none_about(outbox, "New application", manager_address)


def test_approvals_and_declines_are_emailed_to_the_partner(
    onboarded_program: OnboardedProgram, new_partner: PartnerFactory, outbox: Outbox
) -> None:
    admin = onboarded_program.admin
    addresses = {name: address(name) for name in ("approved", "quiet", "declined")}
    partners = {name: new_partner(name, email) for name, email in addresses.items()}
    turn_off(partners["quiet"], "application_approved", "application_declined")
    for name, decision in (("quiet", "approve"), ("approved", "approve"), ("declined", "decline")):
        partners[name].post(onboarded_program.path("/applications"))
        admin.post(onboarded_program.path(f"/partners/{partners[name].partner_id}/{decision}"))  # type: ignore[attr-defined]
    outbox.wait_for(addresses["approved"], "You're in: Acme Outdoor US")
    declined = outbox.wait_for(addresses["declined"], "Your application to Acme Outdoor US")
    assert "declined your application" in declined.text
    none_about(outbox, "You're in", addresses["quiet"])
    assert outbox.to(addresses["quiet"]) == []


def test_the_unsubscribe_link_turns_that_kind_off(
    api: SellerlinkClient, onboarded_program: OnboardedProgram, new_partner: PartnerFactory, outbox: Outbox
) -> None:
    # Given the brand's contact and a manager, both told of an application
    contact, manager_address, _ = team(api, onboarded_program)
    new_partner("First").post(onboarded_program.path("/applications"))
    link = outbox.wait_for(contact, "New application").link("/v1/notifications/unsubscribe/")
    # When the contact follows the e-mail's unsubscribe link and confirms
    asked = requests.get(link, timeout=30)
    assert asked.status_code == 200 and "Stop these e-mails" in asked.text
    done = requests.post(link, timeout=30)
    assert done.status_code == 200 and "will no longer receive these e-mails" in done.text
    # Then the next application reaches the manager only
    new_partner("Second").post(onboarded_program.path("/applications"))
    outbox.wait_for(manager_address, "New application to Acme Outdoor US: Second")
    time.sleep(1.0)
    assert [e.subject for e in outbox.to(contact)] == ["New application to Acme Outdoor US: First"]


def test_each_person_reads_and_changes_its_own_settings(
    onboarded_program: OnboardedProgram, new_partner: PartnerFactory
) -> None:
    partner = new_partner()
    assert_problem(
        partner.request("GET", "/v1/notifications"),
        409,
        "Your partner account has no e-mail address; set one with PATCH /v1/partner.",
    )
    mine = address("me")
    assert partner.patch("/v1/partner", {"email": mine})["email"] == mine
    settings = partner.get("/v1/notifications")
    assert (
        settings["email"] == mine
        and all(k["on"] for k in settings["kinds"])
        and len(settings["kinds"]) == len(NotificationKind)
    )
    admin = onboarded_program.admin
    key_id = admin.get("/v1/keys")["keys"][0]["key_id"]
    assert_problem(
        admin.request("GET", "/v1/notifications"),
        409,
        "Your key has no e-mail address, so Sellerlink e-mails you nothing; "
        f"an admin can set one with PATCH /v1/keys/{key_id}.",
    )
    admin.patch(f"/v1/keys/{key_id}", {"email": address("admin")})
    assert admin.get("/v1/notifications")["kinds"][0]["on"] is True


def test_an_unknown_kind_of_email_is_422(new_partner: PartnerFactory) -> None:
    partner = new_partner(email=address("kinds"))
    answer = partner.request("PUT", "/v1/notifications", json={"kinds": {"newsletter": False}})
    assert_problem(answer, 422, "kinds.newsletter.[key]: Input should be 'program_invitation'")


def test_addresses_are_checked_wherever_they_are_given(
    onboarded_program: OnboardedProgram, operator: SellerlinkClient, new_partner: PartnerFactory
) -> None:
    bad = "not an address"
    message = f"Value error, '{bad}' is not an e-mail address such as dana@example.com"
    admin = onboarded_program.admin
    requests_: list[tuple[Any, str, str, dict[str, Any], str]] = [
        (operator, "POST", "/v1/partners", {"name": "X", "email": bad}, f"email: {message}"),
        (operator, "POST", "/v1/accounts", {"name": "X", "email": bad}, f"email: {message}"),
        (admin, "PATCH", "/v1/account", {"contact_email": bad}, f"contact_email: {message}"),
        (admin, "POST", "/v1/keys", {"role": "viewer", "name": "V", "email": bad}, f"email: {message}"),
        (new_partner(), "PATCH", "/v1/partner", {"email": bad}, f"email: {message}"),
    ]
    for client, method, path, body, detail in requests_:
        assert_problem(client.request(method, path, json=body), 422, detail)


def test_a_link_that_was_never_sent_is_404(api: SellerlinkClient) -> None:
    for path, message in (
        ("/v1/invitations/nope", "This invitation link is unknown, was already used or has expired"),
        ("/v1/notifications/unsubscribe/nope", "This unsubscribe link is unknown or has expired"),
    ):
        for method in ("GET", "POST"):
            answer = api.request(method, path)
            assert answer.status_code == 404 and message in answer.text, (method, path)
