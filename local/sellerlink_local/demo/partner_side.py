"""The demo's partner side: the brand lists its program, partners find it in the marketplace or
are invited by e-mail; after the pulls, a partner reads its memberships and earnings; at the end,
the e-mails the story caused, from the local outbox.

Wiring (in story.py and partners.py): `list_program` once the program is live, `discover` and
`accept_invitation` when partners join, `partner_money` after the pulls, `show_emails` last.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

import requests

from sellerlink_local.drivers.client import SellerlinkClient
from sellerlink_local.drivers.outbox import Outbox

Say = Callable[[str], None]
LISTING = {
    "listed": True,
    "description": "Ultralight tents, stoves and packs for long trails.",
    "logo_url": "https://acme-outdoor.example/logo.png",
    "categories": ["Outdoor", "Camping"],
    "application_requirements": {
        "text": "We work with outdoor creators and deal sites.",
        "required_fields": ["website", "audience_size"],
    },
}


def list_program(say: Say, admin: SellerlinkClient, program: dict[str, Any]) -> None:
    admin.patch(f"/v1/programs/{program['program_id']}", LISTING)
    say(
        "The brand lists the program in the partners' marketplace; "
        "applications must give a website and an audience size."
    )


def discover(say: Say, partner: SellerlinkClient) -> dict[str, Any]:
    """The partner browses the marketplace for camping programs; the first card it finds."""
    page = partner.get("/v1/marketplace/programs", params={"category": "camping", "min_rate": "5"})
    card = page["programs"][0]
    terms = card["terms"]["default"]
    say(
        f"Trail Reviews browses the marketplace (camping, at least 5%): {card['name']} by "
        f"{card['brand_name']}, {card['marketplace']} in {card['currency']}, {terms['value']}% by default, "
        f"{card['product_count']} products."
    )
    say(f"  Requirements: {card['application_requirements']['text']}")
    return dict(card)


def accept_invitation(say: Say, outbox: Outbox, address: str) -> None:
    """The invited partner follows the link of the e-mail it got, and accepts."""
    email = outbox.wait_for(address, "invites you")
    link = email.link("/v1/invitations/")
    answer = requests.post(link, timeout=30)
    answer.raise_for_status()
    say(f"Deal Hunters got the e-mail '{email.subject}' and accepted from its link.")


def partner_money(say: Say, partner: SellerlinkClient, start: datetime, days: int) -> None:
    """What the partner reads of its own money: memberships with balances, earnings per program."""
    for membership in partner.get("/v1/partner/memberships")["memberships"]:
        balance = membership["balance"]
        say(
            f"  {membership['program_name']} ({membership['brand_name']}, {membership['marketplace']}), "
            f"{membership['status']}: pending {balance['pending']}, locked {balance['locked']}, "
            f"paid {balance['paid']} {balance['currency']}"
        )
    period = {"from": f"{start:%Y-%m-%d}", "to": f"{start + timedelta(days=days):%Y-%m-%d}"}
    report = partner.get("/v1/partner/earnings", params={**period, "group_by": "program"})
    say(f"  Earnings {period['from']} to {period['to']}, across its programs:")
    say(f"    {'program':<22}{'clicks':>8}{'purchases':>11}{'sales':>12}{'commission':>12}")
    for row in report["rows"]:
        say(
            f"    {row['program_name']:<22}{row['clicks'] or 0:>8}{row['purchases']:>11}"
            f"{row['sales']:>12}{row['commission']:>12} {row['currency']}"
        )


def show_emails(say: Say, outbox: Outbox) -> None:
    emails = outbox.emails()
    say(f"  {len(emails)} e-mails went out through SES (the local outbox, /_local/outbox):")
    for email in emails:
        say(f"    to {email.to:<34} {email.subject}")
