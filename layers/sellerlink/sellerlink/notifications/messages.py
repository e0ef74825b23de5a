"""What each e-mail says: plain text, what happened, what to do next, and how to stop them.

Partners never read the brand's margin or other partners in them; brands never read a partner's
private terms.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sellerlink.email.models import EmailMessage
from sellerlink.notifications.kinds import DESCRIPTIONS, NotificationKind
from sellerlink.programs.models import Program
from sellerlink.webhooks.models import WebhookEvent

K = NotificationKind


@dataclass(frozen=True)
class Context:
    """What an e-mail may tell: the happening, its program and partner, and the links it carries."""

    event: WebhookEvent
    program: Program | None
    partner_name: str | None
    api_url: str
    accept_url: str | None = None
    commission: str | None = None  # the partner's commission in a statement, with its currency

    @property
    def program_name(self) -> str:
        return self.program.name if self.program else str(self.event.data.get("program_id", "a program"))

    @property
    def brand(self) -> str:
        return self.program.brand_name if self.program else "A brand"

    def api(self, path: str) -> str:
        return f"{self.api_url.rstrip('/')}{path}"


def render(kind: NotificationKind, to: str, context: Context, unsubscribe_url: str) -> EmailMessage:
    subject, lines = WRITERS[kind](context)
    footer = [
        "",
        "--",
        f"You receive this e-mail as {to}: {DESCRIPTIONS[kind]}",
        f"Stop these e-mails: {unsubscribe_url}",
        f"Or choose which e-mails you get: PUT {context.api('/v1/notifications')} with your API key.",
    ]
    return EmailMessage(to=to, subject=subject, text="\n".join([*lines, *footer]), kind=kind.value)


def _invitation(c: Context) -> tuple[str, list[str]]:
    site = f" on {c.program.site}" if c.program else ""
    return f"{c.brand} invites you to its affiliate program", [
        f"Hello {c.partner_name or 'there'},",
        "",
        f"{c.brand} invites you to promote its products{site} in its program {c.program_name}.",
        f"Accept the invitation (the link works for 30 days): {c.accept_url}",
    ]


def _application(c: Context) -> tuple[str, list[str]]:
    data, pid = c.event.data, c.event.partner_id
    path = f"/v1/programs/{c.event.program_id}/partners/{pid}"
    return f"New application to {c.program_name}: {data.get('partner_name', pid)}", [
        f"{data.get('partner_name', pid)} ({pid}) applied to {c.program_name}.",
        f"Read the application: GET {c.api(path)}",
        f"Approve it: POST {c.api(path + '/approve')}, or decline it: POST {c.api(path + '/decline')}",
    ]


def _approved(c: Context) -> tuple[str, list[str]]:
    path = f"/v1/programs/{c.event.program_id}"
    return f"You're in: {c.program_name}", [
        f"{c.brand} approved you in {c.program_name}.",
        f"Your terms: GET {c.api(path + '/terms')}; the products and what each earns you: "
        f"GET {c.api(path + '/products')}",
        f"Create your links: POST {c.api(path + '/links')}",
    ]


def _declined(c: Context) -> tuple[str, list[str]]:
    return f"Your application to {c.program_name}", [
        f"{c.brand} declined your application to {c.program_name}.",
        f"Other programs are waiting: GET {c.api('/v1/marketplace/programs')}",
    ]


def _statement(c: Context) -> tuple[str, list[str]]:
    month, path = c.event.data.get("month"), f"/v1/programs/{c.event.program_id}/statements?month="
    lines = [f"Every event date of {month} is locked in {c.program_name}: its payout statement is final."]
    if c.commission is not None:
        lines.append(f"Your commission for {month}: {c.commission}.")
    lines.append(f"Read it: GET {c.api(path)}{month}")
    return f"The {month} statement of {c.program_name} is final", lines


def _webhook_disabled(c: Context) -> tuple[str, list[str]]:
    data = c.event.data
    return "A webhook endpoint was disabled", [
        f"Sellerlink stopped delivering to {data.get('url')} ({data.get('endpoint_id')}).",
        str(data.get("notice", "")),
    ]


def _needs_reauth(c: Context) -> tuple[str, list[str]]:
    kind = str(c.event.data.get("connection"))
    path = f"/v1/programs/{c.event.program_id}/connect/{kind}"
    return f"Reconnect Amazon for {c.program_name}", [
        f"Amazon no longer accepts Sellerlink's {kind} authorization for {c.program_name}: "
        "reports and links stop until an admin signs in to Amazon again.",
        f"Get the sign-in link: GET {c.api(path)}",
    ]


def _payout(c: Context) -> tuple[str, list[str]]:
    data = c.event.data
    money = f"{data.get('amount')} {data.get('currency')}"
    status = str(data.get("status"))
    if status == "paid":
        subject, said = f"{c.brand} paid you {money}", f"{c.brand} paid you {money} for {c.program_name}"
        said += f" on {data.get('paid_on')} (reference {data.get('reference')})."
    elif status == "failed":
        subject = f"Your payout of {money} from {c.brand} failed"
        said = (
            f"Your payout of {money} for {c.program_name} failed: {data.get('failure_reason')}. "
            "Its commissions return to the next payout; check your payout details."
        )
    else:
        subject, said = (
            f"{c.brand} is preparing a payout of {money}",
            (f"{c.brand} is preparing a payout of {money} to you for {c.program_name}."),
        )
    return subject, [
        said,
        f"Your payouts: GET {c.api('/v1/partner/payouts')}; your payout details: "
        f"PUT {c.api('/v1/partner/payout-profile')}",
    ]


WRITERS: dict[NotificationKind, Callable[[Context], tuple[str, list[str]]]] = {
    K.PROGRAM_INVITATION: _invitation,
    K.APPLICATION_RECEIVED: _application,
    K.APPLICATION_APPROVED: _approved,
    K.APPLICATION_DECLINED: _declined,
    K.STATEMENT_READY: _statement,
    K.WEBHOOK_DISABLED: _webhook_disabled,
    K.CONNECTION_NEEDS_REAUTH: _needs_reauth,
    K.PAYOUT_UPDATE: _payout,
}
