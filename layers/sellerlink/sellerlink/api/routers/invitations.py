"""Invitations accepted from the e-mailed link (public pages: the link is the proof)."""

from __future__ import annotations

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.api_gateway import Router

from sellerlink.api.dependencies import ApiDependencies, deps
from sellerlink.api.pages import PAGE_ANSWERS, Form, code, form_fields, page, refusal, text
from sellerlink.errors import SellerlinkError
from sellerlink.partners.invitations import Accepted, Invitation

router = Router()
TAGS = ["Partners"]
INVITATION = "/v1/invitations/<token>"
TITLE = "Invitation"


@router.get(INVITATION, tags=TAGS, responses=PAGE_ANSWERS)
def invitation_page(token: str) -> Response[str]:
    """Public (the e-mail's link): what the invitation is for, and a button to accept it."""
    try:
        invitation = deps(router, ApiDependencies).invitations.read(token)
    except SellerlinkError as refused:
        return refusal(refused, TITLE)
    program = invitation.program
    lines = [
        f"{text(program.brand_name)} invites {text(_who(invitation))} to promote its products on "
        f"{text(program.site)} in {text(program.name)}, and earn a commission on what its links sell."
    ]
    if invitation.partner_id:
        return page(TITLE, lines, Form("Accept the invitation"))
    lines.append("Accepting creates your partner account, with this address; your API key is shown once.")
    return page(
        TITLE,
        lines,
        Form("Accept and create my account", [("name", "Your name"), ("website", "Your website")]),
    )


@router.post(INVITATION, tags=TAGS, responses=PAGE_ANSWERS)
def accept_invitation(token: str) -> Response[str]:
    """Public (the page's button): accepts; an address invited without an account gets one."""
    d, fields = deps(router, ApiDependencies), form_fields(router)
    try:
        accepted = d.invitations.accept(
            token, d.membership_events(), fields.get("name"), fields.get("website")
        )
    except SellerlinkError as refused:
        return refusal(refused, TITLE)
    return page("You're in", _welcome(accepted))


def _who(invitation: Invitation) -> str:
    return invitation.partner_name or invitation.email or "you"


def _welcome(accepted: Accepted) -> list[str]:
    program_id = accepted.membership.program_id
    lines = [
        f"You joined {code(program_id)}. Read your terms with {code(f'GET /v1/programs/{program_id}/terms')} "
        f"and create links with {code(f'POST /v1/programs/{program_id}/links')}."
    ]
    if accepted.key is not None:
        lines.insert(0, f"Your partner API key (shown once; keep it secret): {code(accepted.key.key)}")
    return lines
