"""Inbound brand callbacks through the public, signed route; and a partner's classic postback."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

import requests
from standardwebhooks.webhooks import Webhook

from sellerlink_local.drivers.client import SellerlinkClient
from sellerlink_local.drivers.webhook_receiver import WebhookReceiver
from tests.e2e.conftest import OnboardedProgram, assert_problem


def _send(
    api: SellerlinkClient, program: OnboardedProgram, secret: str, message: dict[str, Any], **how: Any
) -> requests.Response:
    """A callback signed as the brand's systems sign it (the reference library)."""
    body = json.dumps(message)
    webhook_id = how.get("webhook_id") or f"cb_{datetime.now(UTC).timestamp()}"
    moment = how.get("at") or datetime.now(UTC)
    signature = Webhook(how.get("sign_with") or secret).sign(webhook_id, moment, body)
    headers = {
        "webhook-id": webhook_id,
        "webhook-timestamp": str(int(moment.timestamp())),
        "webhook-signature": signature,
        "Content-Type": "application/json",
    }
    return api.request("POST", program.path("/callbacks"), data=body, headers=headers)


def _sandbox_today(stack: Any) -> datetime:
    now = requests.get(f"{stack.sandbox_url}/_sandbox/clock", timeout=10).json()["now"]
    return datetime.fromisoformat(now.replace("Z", "+00:00"))


def _ledger(program: OnboardedProgram) -> list[dict[str, Any]]:
    return list(program.admin.get(program.path("/ledger"), params={"kind": "custom"})["entries"])


def test_an_adjustment_lands_in_the_ledger_once_and_in_the_statement(
    api: SellerlinkClient, stack: Any, onboarded_program: OnboardedProgram, approved_partner: SellerlinkClient
) -> None:
    # Given the brand's callback secret and an open date
    secret = onboarded_program.admin.post(onboarded_program.path("/callback-secret"), {})["secret"]
    day = _sandbox_today(stack).date()
    bonus = {
        "type": "adjustment.create",
        "data": {
            "partner_id": approved_partner.partner_id,
            "amount": "25.005",
            "reason": "launch bonus",
            "date": str(day),
        },  # type: ignore[attr-defined]
    }
    # When the brand sends the adjustment, then replays the same webhook-id
    first = _send(api, onboarded_program, secret, bonus, webhook_id="cb_bonus_1")
    replayed = _send(api, onboarded_program, secret, bonus, webhook_id="cb_bonus_1")
    # Then the first is accepted (rounded half-even), the replay is 401, and the ledger holds it once
    assert first.status_code == 200, first.text
    assert first.json()["result"]["amount"] == "25.00"
    assert_problem(replayed, 401, "was used already")
    (entry,) = _ledger(onboarded_program)
    assert (entry["kind"], entry["conversion_type"], entry["amount"]) == ("custom", "custom", "25.00")
    assert entry["reason"] == "Brand adjustment: launch bonus"
    # And once the date locks, the partner's statement for that month includes it
    sandbox_clock(stack, {"advance_days": 40})
    try:
        statement = approved_partner.get(
            onboarded_program.path("/statements"), params={"month": day.strftime("%Y-%m")}
        )
    finally:
        sandbox_clock(stack, {"now": datetime.now(UTC).isoformat()})
    assert [line["commission"] for line in statement["partners"]] == ["25.00"]


def test_an_adjustment_on_a_locked_date_is_refused_and_can_be_sent_again(
    api: SellerlinkClient, stack: Any, onboarded_program: OnboardedProgram, approved_partner: SellerlinkClient
) -> None:
    secret = onboarded_program.admin.post(onboarded_program.path("/callback-secret"), {})["secret"]
    partner = approved_partner.partner_id  # type: ignore[attr-defined]
    old = (_sandbox_today(stack) - timedelta(days=40)).date()
    late = {
        "type": "adjustment.create",
        "data": {"partner_id": partner, "amount": "5", "reason": "x", "date": str(old)},
    }
    refused = _send(api, onboarded_program, secret, late, webhook_id="cb_late_1")
    assert_problem(refused, 422, "is locked")
    assert _ledger(onboarded_program) == []
    fixed = {**late, "data": {**late["data"], "date": str(_sandbox_today(stack).date())}}
    assert _send(api, onboarded_program, secret, fixed, webhook_id="cb_late_1").status_code == 200


def sandbox_clock(stack: Any, body: dict[str, Any]) -> None:
    requests.put(f"{stack.sandbox_url}/_sandbox/clock", json=body, timeout=10).raise_for_status()


def test_bad_signature_old_timestamp_and_unknown_type_change_nothing(
    api: SellerlinkClient, onboarded_program: OnboardedProgram, approved_partner: SellerlinkClient
) -> None:
    secret = onboarded_program.admin.post(onboarded_program.path("/callback-secret"), {})["secret"]
    today = datetime.now(UTC).date()
    bonus = {
        "type": "adjustment.create",
        "data": {"partner_id": approved_partner.partner_id, "amount": "5", "reason": "x", "date": str(today)},  # type: ignore[attr-defined]
    }
    other = "whsec_" + "QUJDREVGR0hJSktMTU5PUFFSU1RVVldY"
    assert_problem(_send(api, onboarded_program, secret, bonus, sign_with=other), 401, "does not match")
    old = datetime.now(UTC) - timedelta(minutes=6)
    assert_problem(_send(api, onboarded_program, secret, bonus, at=old), 401, "more than 5 minutes")
    unknown = _send(api, onboarded_program, secret, {"type": "order.create", "data": {}})
    problem = assert_problem(unknown, 422, "Known types: adjustment.create, partner.invite, catalog.refresh")
    assert problem["known_types"] == ["adjustment.create", "partner.invite", "catalog.refresh"]
    assert _ledger(onboarded_program) == []
    # And an unsigned call, or one to a program without a callback secret, is refused too
    assert_problem(
        api.request("POST", onboarded_program.path("/callbacks"), json=bonus), 401, "Sign the callback"
    )


def test_partner_invite_and_catalog_refresh_callbacks(
    api: SellerlinkClient, onboarded_program: OnboardedProgram, new_partner: Any
) -> None:
    secret = onboarded_program.admin.post(onboarded_program.path("/callback-secret"), {})["secret"]
    partner = new_partner("Deal Hunters")
    invite = {
        "type": "partner.invite",
        "data": {"email": "deals@hunters.example", "partner_id": partner.partner_id},
    }
    answer = _send(api, onboarded_program, secret, invite)
    assert answer.status_code == 200, answer.text
    assert answer.json()["result"] == {"email": "deals@hunters.example", "membership_status": "invited"}
    membership = onboarded_program.admin.get(onboarded_program.path(f"/partners/{partner.partner_id}"))
    assert membership["status"] == "invited"
    refresh = _send(api, onboarded_program, secret, {"type": "catalog.refresh", "data": {}})
    assert refresh.status_code == 200 and refresh.json()["result"]["catalog_import"]["status"] == "running"


def test_a_partner_postback_template_is_called_with_encoded_macros(
    api: SellerlinkClient,
    onboarded_program: OnboardedProgram,
    approved_partner: SellerlinkClient,
    receiver: WebhookReceiver,
) -> None:
    # Given a partner's classic postback URL template for its actions
    template = (
        receiver.url + "/pb?id={action_id}&amount={amount}&cur={currency}&type={event_type}&d={event_date}"
    )
    created = approved_partner.post(
        "/v1/partner/webhooks", {"url": template, "kind": "postback", "event_types": ["action.adjusted"]}
    )
    receiver.secrets.append(created["secret"])
    # When the brand pays it a bonus through a callback
    secret = onboarded_program.admin.post(onboarded_program.path("/callback-secret"), {})["secret"]
    today = str(datetime.now(UTC).date() - timedelta(days=1))
    bonus = {
        "type": "adjustment.create",
        "data": {
            "partner_id": approved_partner.partner_id,
            "amount": "-3.5",
            "reason": "return",
            "date": today,
        },  # type: ignore[attr-defined]
    }
    assert _send(api, onboarded_program, secret, bonus).status_code == 200
    # Then the template is called with GET, each macro URL-encoded
    (call,) = receiver.wait_for(1)
    assert call.method == "GET" and call.path == "/pb"
    assert call.query["amount"] == "-3.50" and call.query["cur"] == "USD" and call.query["d"] == today
    assert call.query["type"] == "action.adjusted" and "#" in call.query["id"]
    # And an unknown macro is refused at registration
    response = approved_partner.request(
        "POST",
        "/v1/partner/webhooks",
        json={"url": receiver.url + "/{clickid}", "kind": "postback", "event_types": ["action.created"]},
    )
    assert_problem(response, 422, "Unknown postback macros: clickid")


def test_inviting_a_partner_who_applied_approves_it_and_says_so(
    api: SellerlinkClient, onboarded_program: OnboardedProgram, new_partner: Any, receiver: WebhookReceiver
) -> None:
    # Given a brand webhook for approvals, and a partner whose application waits
    hook = onboarded_program.admin.post(
        onboarded_program.path("/webhooks"),
        {"url": receiver.url + "/brand", "event_types": ["partner.approved"]},
    )
    receiver.secrets.append(hook["secret"])
    secret = onboarded_program.admin.post(onboarded_program.path("/callback-secret"), {})["secret"]
    partner = new_partner("Trail Reviews")
    partner.post(onboarded_program.path("/applications"))
    # When the brand's own system invites it by callback
    invite = {
        "type": "partner.invite",
        "data": {"email": "trail@reviews.example", "partner_id": partner.partner_id},
    }
    answer = _send(api, onboarded_program, secret, invite)
    # Then it is approved, and the brand's webhook hears partner.approved
    assert answer.json()["result"]["membership_status"] == "approved"
    (approved,) = receiver.wait_for(1, event_type="partner.approved")
    assert approved.payload["data"]["partner_id"] == partner.partner_id
