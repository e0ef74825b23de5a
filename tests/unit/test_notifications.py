"""E-mail notifications (logic and data access, moto in-process, a fake sender): who is told of
what, once, unless they turned that kind off; and what the links in the e-mails do."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest

from sellerlink.accounts import logic as accounts_logic
from sellerlink.accounts.models import Principal, PrincipalKind, Role
from sellerlink.clock import FixedClock
from sellerlink.email.links import LinkTokens
from sellerlink.email.models import EmailMessage
from sellerlink.errors import Conflict, Forbidden, NotFound
from sellerlink.notifications import preferences
from sellerlink.notifications.dal import NotificationStore
from sellerlink.notifications.kinds import NotificationKind
from sellerlink.notifications.notifier import Notifier, NotifierStores
from sellerlink.partners import logic as partners_logic
from sellerlink.partners.invitations import InvitationDesk
from sellerlink.partners.models import MembershipStatus
from sellerlink.payouts.models import Payout, PayoutDetails, PayoutMethod, PayoutStatus
from sellerlink.webhooks import events
from sellerlink.webhooks.models import Endpoint, EndpointKind, EventType, WebhookEvent
from tests.unit.partner_world import Brand, World

K = NotificationKind
API = "https://api.sellerlink.example"


class Outbox:
    def __init__(self, fail: bool = False) -> None:
        self.sent: list[EmailMessage] = []
        self.fail = fail

    def send(self, message: EmailMessage) -> str:
        if self.fail:
            raise RuntimeError("SES is throttling")
        self.sent.append(message)
        return f"msg-{len(self.sent)}"

    def to(self, address: str) -> list[EmailMessage]:
        return [m for m in self.sent if m.to == address]


@pytest.fixture
def world(table_name: str, clock: FixedClock) -> World:
    return World(table_name, clock)


def notifier(world: World, outbox: Outbox) -> Notifier:
    stores = NotifierStores(
        world.accounts,
        world.partners,
        world.programs,
        world.earnings,
        NotificationStore(world.table),
        LinkTokens(world.table, world.clock),
    )
    return Notifier(stores, outbox, API, world.clock)


class Recording:
    def __init__(self) -> None:
        self.events: list[WebhookEvent] = []

    def membership_changed(self, membership: Any) -> None:
        self.events += events.membership_event(membership)


def brand_with_team(world: World) -> Brand:
    """A brand whose contact is owner@, with an admin, a manager and a viewer key that have addresses."""
    brand = world.brand(email="owner@acme.example")
    account_id = brand.account.account_id
    for role, address in (
        (Role.ADMIN, "ops@acme.example"),
        (Role.MANAGER, "dana@acme.example"),
        (Role.VIEWER, "vic@acme.example"),
    ):
        accounts_logic.issue_key(
            world.accounts, world.clock, account_id, role=role, name=role.value, email=address
        )
    return brand


def test_an_application_tells_the_brands_admins_and_managers_not_its_viewers(world: World) -> None:
    brand = brand_with_team(world)
    program = world.program(brand)
    _, key = world.partner("Trail Reviews", "trail@example.com")
    recorded = Recording()
    partners_logic.apply(world.partners, world.programs, world.clock, key, program.program_id, recorded)
    outbox = Outbox()
    assert notifier(world, outbox).notify(recorded.events) == 3
    assert sorted(m.to for m in outbox.sent) == [
        "dana@acme.example",
        "ops@acme.example",
        "owner@acme.example",
    ]
    message = outbox.to("dana@acme.example")[0]
    assert (
        message.subject == f"New application to {program.name}: Trail Reviews"
        and message.kind == "application_received"
    )
    assert f"{API}/v1/programs/{program.program_id}/partners/" in message.text
    assert f"{API}/v1/notifications/unsubscribe/" in message.text


def test_decisions_and_invitations_go_to_the_partner_alone(world: World) -> None:
    brand = brand_with_team(world)
    program = world.program(brand)
    partner, _ = world.partner("Trail Reviews", "trail@example.com")
    recorded = Recording()
    partners_logic.invite(
        world.partners,
        world.programs,
        world.clock,
        brand.admin,
        program.program_id,
        partner.partner_id,
        recorded,
    )
    partners_logic.decide(
        world.partners,
        world.programs,
        world.clock,
        brand.admin,
        program.program_id,
        partner.partner_id,
        partners_logic.MembershipAction.DECLINE,
        recorded,
    )
    outbox = Outbox()
    notifier(world, outbox).notify(recorded.events)
    assert [(m.to, m.kind) for m in outbox.sent] == [
        ("trail@example.com", "program_invitation"),
        ("trail@example.com", "application_declined"),
    ]
    assert outbox.sent[0].subject == "Acme Outdoor invites you to its affiliate program"
    assert f"{API}/v1/invitations/" in outbox.sent[0].text


def test_nobody_is_told_twice_when_the_message_comes_back(world: World) -> None:
    brand = brand_with_team(world)
    program = world.program(brand)
    _, key = world.partner("Trail Reviews", "trail@example.com")
    recorded = Recording()
    partners_logic.apply(world.partners, world.programs, world.clock, key, program.program_id, recorded)
    outbox = Outbox()
    notifier(world, outbox).notify(recorded.events)
    assert notifier(world, outbox).notify(recorded.events) == 0 and len(outbox.sent) == 3


def test_an_email_ses_refused_is_sent_by_the_retry(world: World) -> None:
    brand = world.brand(email="owner@acme.example")
    program = world.program(brand)
    _, key = world.partner("Trail Reviews")
    recorded = Recording()
    partners_logic.apply(world.partners, world.programs, world.clock, key, program.program_id, recorded)
    with pytest.raises(RuntimeError, match="throttling"):
        notifier(world, Outbox(fail=True)).notify(recorded.events)
    outbox = Outbox()
    assert notifier(world, outbox).notify(recorded.events) == 1


def test_a_person_who_turned_a_kind_off_is_not_told_of_it(world: World) -> None:
    brand = brand_with_team(world)
    program = world.program(brand)
    store = NotificationStore(world.table)
    preferences.change(store, world.clock, "Dana@acme.example", {K.APPLICATION_RECEIVED: False})
    _, key = world.partner("Trail Reviews")
    recorded = Recording()
    partners_logic.apply(world.partners, world.programs, world.clock, key, program.program_id, recorded)
    outbox = Outbox()
    notifier(world, outbox).notify(recorded.events)
    assert sorted(m.to for m in outbox.sent) == ["ops@acme.example", "owner@acme.example"]


def test_a_statement_tells_each_partner_its_commission_and_the_brand_once(world: World) -> None:
    brand = world.brand(email="owner@acme.example")
    program = world.program(brand)
    first, first_key = world.partner("First", "first@example.com")
    second, second_key = world.partner("Second", "second@example.com")
    world.join(brand, program, first_key)
    world.join(brand, program, second_key)
    day = world.clock.now().date().replace(day=1) - timedelta(days=20)
    world.ledger.append(brand.account.account_id, [world.entry(program, first.partner_id, day, "12.34")])
    month = day.strftime("%Y-%m")
    announced = events.statement_ready_events(
        brand.account.account_id,
        program.program_id,
        month,
        [first.partner_id, second.partner_id],
        world.clock.now(),
    )
    outbox = Outbox()
    notifier(world, outbox).notify(announced)
    assert len(outbox.to("owner@acme.example")) == 1
    assert f"Your commission for {month}: 12.34 USD." in outbox.to("first@example.com")[0].text
    assert f"Your commission for {month}: 0.00 USD." in outbox.to("second@example.com")[0].text
    assert "12.34" not in outbox.to("second@example.com")[0].text


def test_warnings_go_to_the_brands_admins_or_the_partner_whose_endpoint_it_was(world: World) -> None:
    brand = brand_with_team(world)
    program = world.program(brand)
    partner, _ = world.partner("Trail Reviews", "trail@example.com")
    now = world.clock.now()

    def endpoint(**owner: Any) -> Endpoint:
        return Endpoint(
            endpoint_id="wh_1",
            owner="x",
            kind=EndpointKind.WEBHOOK,
            url="https://h.example/x",
            event_types=[EventType.ACTION_CREATED],
            secrets=[],
            created_at=now,
            updated_at=now,
            **owner,
        )

    brand_endpoint = endpoint(account_id=brand.account.account_id, program_id=program.program_id)
    happened = [
        *events.webhook_disabled_event(brand_endpoint, "Disabled after 20 failures", now),
        *events.webhook_disabled_event(
            endpoint(partner_id=partner.partner_id), "Disabled after 20 failures", now + timedelta(seconds=1)
        ),
        WebhookEvent(
            event_id="evt_reauth",
            type=EventType.CONNECTION_NEEDS_REAUTH,
            timestamp=now,
            account_id=brand.account.account_id,
            program_id=program.program_id,
            data={"connection": "amazon-ads"},
        ),
    ]
    outbox = Outbox()
    notifier(world, outbox).notify(happened)
    assert sorted((m.to, m.kind) for m in outbox.sent) == [
        ("ops@acme.example", "connection_needs_reauth"),
        ("ops@acme.example", "webhook_disabled"),
        ("owner@acme.example", "connection_needs_reauth"),
        ("owner@acme.example", "webhook_disabled"),
        ("trail@example.com", "webhook_disabled"),
    ]
    assert (
        f"GET {API}/v1/programs/{program.program_id}/connect/amazon-ads"
        in outbox.to("ops@acme.example")[0].text + outbox.to("ops@acme.example")[1].text
    )


def test_events_no_one_is_emailed_about_send_nothing(world: World) -> None:
    happened = events.pull_failed_event("acct_x", "prg_x", "pull_1", "boom", world.clock.now())
    assert notifier(world, Outbox()).notify(happened) == 0


def test_the_invitation_link_approves_the_invited_partner(world: World) -> None:
    brand = world.brand()
    program = world.program(brand)
    partner, _ = world.partner("Trail Reviews", "trail@example.com")
    recorded = Recording()
    partners_logic.invite(
        world.partners,
        world.programs,
        world.clock,
        brand.admin,
        program.program_id,
        partner.partner_id,
        recorded,
    )
    outbox = Outbox()
    notifier(world, outbox).notify(recorded.events)
    token = outbox.sent[0].text.split("/v1/invitations/")[1].split()[0]
    desk = InvitationDesk(LinkTokens(world.table, world.clock), world.partners, world.programs, world.clock)
    assert desk.read(token).partner_name == "Trail Reviews"
    accepted = desk.accept(token, Recording())
    assert accepted.membership.status is MembershipStatus.APPROVED and accepted.key is None
    assert (
        desk.accept(token, Recording()).membership.status is MembershipStatus.APPROVED
    )  # again: nothing changes


def test_an_address_invited_alone_gets_an_account_once(world: World) -> None:
    brand = world.brand()
    program = world.program(brand)
    invited = events.email_invited_event(
        brand.account.account_id, program.program_id, "new@example.com", "msg_1", world.clock.now()
    )
    outbox = Outbox()
    notifier(world, outbox).notify(invited)
    assert outbox.sent[0].to == "new@example.com"
    token = outbox.sent[0].text.split("/v1/invitations/")[1].split()[0]
    desk = InvitationDesk(LinkTokens(world.table, world.clock), world.partners, world.programs, world.clock)
    with pytest.raises(Conflict) as nameless:
        desk.accept(token, Recording(), name=" ")
    assert nameless.value.detail == "Give the name partners and brands will know you by, then accept again."
    accepted = desk.accept(token, Recording(), name="New Creator", website="https://new.example")
    assert accepted.key is not None and accepted.membership.status is MembershipStatus.APPROVED
    partner = world.partners.get(accepted.membership.partner_id)
    assert partner is not None and (partner.name, partner.email) == ("New Creator", "new@example.com")
    with pytest.raises(NotFound) as again:
        desk.accept(token, Recording(), name="Twice")
    assert again.value.detail.startswith("This invitation link is unknown, was already used or has expired")


def test_an_invitation_the_brand_withdrew_no_longer_stands(world: World) -> None:
    brand = world.brand()
    program = world.program(brand)
    partner, _ = world.partner("Trail Reviews", "trail@example.com")
    recorded = Recording()
    partners_logic.invite(
        world.partners,
        world.programs,
        world.clock,
        brand.admin,
        program.program_id,
        partner.partner_id,
        recorded,
    )
    outbox = Outbox()
    notifier(world, outbox).notify(recorded.events)
    token = outbox.sent[0].text.split("/v1/invitations/")[1].split()[0]
    partners_logic.decide(
        world.partners,
        world.programs,
        world.clock,
        brand.admin,
        program.program_id,
        partner.partner_id,
        partners_logic.MembershipAction.DECLINE,
        Recording(),
    )
    desk = InvitationDesk(LinkTokens(world.table, world.clock), world.partners, world.programs, world.clock)
    with pytest.raises(Conflict) as refused:
        desk.accept(token, Recording())
    assert refused.value.detail == "This invitation no longer stands: the brand declined your application."


def test_the_unsubscribe_link_turns_that_kind_off_for_that_address(world: World) -> None:
    store, links = NotificationStore(world.table), LinkTokens(world.table, world.clock)
    token = links.issue(
        "unsubscribe", {"email": "dana@acme.example", "kind": "statement_ready"}, timedelta(days=1)
    )
    assert preferences.unsubscribe(store, links, world.clock, token) == (
        "dana@acme.example",
        K.STATEMENT_READY,
    )
    settings = preferences.settings(store, "DANA@acme.example")
    assert [k.kind for k in settings.kinds if not k.on] == [K.STATEMENT_READY]
    with pytest.raises(NotFound) as refused:
        preferences.unsubscribe(store, links, world.clock, "unknown")
    assert refused.value.detail == (
        "This unsubscribe link is unknown or has expired; use PUT /v1/notifications with your API key."
    )


def test_turning_kinds_on_and_off_leaves_the_others_as_they_are(world: World) -> None:
    store = NotificationStore(world.table)
    preferences.change(
        store, world.clock, "dana@acme.example", {K.STATEMENT_READY: False, K.WEBHOOK_DISABLED: False}
    )
    settings = preferences.change(store, world.clock, "dana@acme.example", {K.STATEMENT_READY: True})
    assert {k.kind: k.on for k in settings.kinds if not k.on} == {K.WEBHOOK_DISABLED: False}
    assert len(settings.kinds) == len(NotificationKind)


def test_settings_are_for_the_address_of_the_callers_key_or_partner_account(world: World) -> None:
    brand = world.brand()
    with_address = accounts_logic.issue_key(
        world.accounts,
        world.clock,
        brand.account.account_id,
        role=Role.MANAGER,
        name="Dana",
        email="dana@acme.example",
    )
    manager = Principal(
        kind=PrincipalKind.BRAND,
        account_id=brand.account.account_id,
        role=Role.MANAGER,
        key_id=with_address.key_id,
    )
    assert preferences.caller_address(world.accounts, world.partners, manager) == "dana@acme.example"
    with pytest.raises(Conflict) as keyless:
        preferences.caller_address(world.accounts, world.partners, brand.admin)
    assert keyless.value.detail == (
        "Your key has no e-mail address, so Sellerlink e-mails you nothing; an admin can set one with "
        f"PATCH /v1/keys/{brand.admin.key_id}."
    )
    _, partner = world.partner("No Address")
    with pytest.raises(Conflict) as partnerless:
        preferences.caller_address(world.accounts, world.partners, partner)
    assert (
        partnerless.value.detail
        == "Your partner account has no e-mail address; set one with PATCH /v1/partner."
    )
    with pytest.raises(Forbidden):
        preferences.caller_address(world.accounts, world.partners, Principal(kind=PrincipalKind.OPERATOR))


def test_a_payout_tells_its_partner_alone_what_happened_to_it(world: World) -> None:
    brand = brand_with_team(world)
    program = world.program(brand)
    partner, _ = world.partner("Trail Reviews", "trail@example.com")
    now = world.clock.now()
    created = Payout(
        payout_id="pay_1",
        run_id="run_2027-01",
        account_id=brand.account.account_id,
        program_id=program.program_id,
        partner_id=partner.partner_id,
        status=PayoutStatus.PENDING,
        method=PayoutMethod.PAYPAL,
        masked_details=PayoutDetails(paypal_email="t***@example.com"),
        amount=Decimal("149.25"),
        currency="USD",
        balance_carried=Decimal(0),
        entries=20,
        created_at=now,
        updated_at=now,
    )
    paid = created.model_copy(
        update={"status": PayoutStatus.PAID, "reference": "PP-778", "paid_on": now.date()}
    )
    failed = created.model_copy(update={"status": PayoutStatus.FAILED, "failure_reason": "account closed"})
    happened = [
        events.payout_event(created, EventType.PAYOUT_CREATED, now),
        events.payout_event(paid, EventType.PAYOUT_PAID, now),
        events.payout_event(failed, EventType.PAYOUT_FAILED, now),
    ]
    outbox = Outbox()
    notifier(world, outbox).notify(happened)
    assert [(m.to, m.kind) for m in outbox.sent] == [("trail@example.com", "payout_update")] * 3
    texts = [m.subject + "\n" + m.text for m in outbox.sent]
    assert "preparing a payout of 149.25 USD" in texts[0]
    assert f"paid you 149.25 USD for {program.name} on {now.date()} (reference PP-778)" in texts[1]
    assert "failed: account closed" in texts[2] and "t***@example.com" not in "".join(texts)

    preferences.change(
        NotificationStore(world.table), world.clock, "trail@example.com", {K.PAYOUT_UPDATE: False}
    )
    quiet = Outbox()
    later = paid.model_copy(update={"payout_id": "pay_2"})
    notifier(world, quiet).notify([events.payout_event(later, EventType.PAYOUT_PAID, now)])
    assert quiet.sent == []
