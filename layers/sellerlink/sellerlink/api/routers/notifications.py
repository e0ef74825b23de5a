"""E-mail settings: each person turns each kind of e-mail on or off, by API or from the link in
every e-mail (public pages: the link is the proof)."""

from __future__ import annotations

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.api_gateway import Router

from sellerlink.api.dependencies import ApiDependencies, deps, principal
from sellerlink.api.pages import PAGE_ANSWERS, Form, code, page, refusal, text
from sellerlink.api.problems import ERROR_RESPONSES
from sellerlink.errors import SellerlinkError
from sellerlink.notifications import preferences
from sellerlink.notifications.kinds import DESCRIPTIONS
from sellerlink.notifications.preferences import NotificationChange, NotificationSettings

router = Router()
TAGS = ["Notifications"]
UNSUBSCRIBE = "/v1/notifications/unsubscribe/<token>"


def _address() -> str:
    d = deps(router, ApiDependencies)
    return preferences.caller_address(d.accounts, d.partners, principal(router))


@router.get("/v1/notifications", tags=TAGS, responses=ERROR_RESPONSES)
def get_notifications() -> NotificationSettings:
    """The caller's e-mail settings: every kind of e-mail, and whether it is on (its key's address,
    or the partner account's; 409 when there is none)."""
    return preferences.settings(deps(router, ApiDependencies).notifications, _address())


@router.put("/v1/notifications", tags=TAGS, responses=ERROR_RESPONSES)
def change_notifications(body: NotificationChange) -> NotificationSettings:
    """Turns kinds of e-mail on or off for the caller's address; the kinds not sent stay as they are."""
    d = deps(router, ApiDependencies)
    return preferences.change(d.notifications, d.clock, _address(), body.kinds)


@router.get(UNSUBSCRIBE, tags=TAGS, responses=PAGE_ANSWERS)
def unsubscribe_page(token: str) -> Response[str]:
    """Public (the e-mail's link): asks before turning that kind of e-mail off."""
    try:
        email, kind = preferences.unsubscribe_target(deps(router, ApiDependencies).links, token)
    except SellerlinkError as refused:
        return refusal(refused, "Unsubscribe")
    return page(
        "Unsubscribe",
        [f"Stop these e-mails to {code(email)}?", text(DESCRIPTIONS[kind])],
        Form("Stop these e-mails"),
    )


@router.post(UNSUBSCRIBE, tags=TAGS, responses=PAGE_ANSWERS)
def unsubscribe(token: str) -> Response[str]:
    """Public (the page's button): turns that kind of e-mail off for the address it was sent to."""
    d = deps(router, ApiDependencies)
    try:
        email, kind = preferences.unsubscribe(d.notifications, d.links, d.clock, token)
    except SellerlinkError as refused:
        return refusal(refused, "Unsubscribe")
    return page(
        "Unsubscribed",
        [
            f"{code(email)} will no longer receive these e-mails: {text(DESCRIPTIONS[kind])}",
            f"Turn them on again with {code('PUT /v1/notifications')} and your API key.",
        ],
    )
