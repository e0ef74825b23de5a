"""Partners: accounts (operator), applications (partners), invitations and decisions (brands)."""

from __future__ import annotations

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.api_gateway import Router

from sellerlink.accounts.permissions import require_operator, require_partner
from sellerlink.api.dependencies import ApiDependencies, deps, principal
from sellerlink.api.problems import ERROR_RESPONSES
from sellerlink.api.responses import created
from sellerlink.model import Model
from sellerlink.observability import MetricUnit, metrics
from sellerlink.partners import logic
from sellerlink.partners.dal import PartnerStore
from sellerlink.partners.models import (
    ApplicationForm,
    Invitation,
    Membership,
    MembershipAction,
    Partner,
    PartnerCreate,
    PartnerCreated,
    PartnerPolicy,
    PartnerUpdate,
    PolicyUpdate,
)

router = Router()
TAGS = ["Partners"]


class MembershipList(Model):
    memberships: list[Membership]


def _partners() -> PartnerStore:
    return deps(router, ApiDependencies).partners


@router.post("/v1/partners", tags=TAGS, responses=ERROR_RESPONSES, status_code=201)
def create_partner(body: PartnerCreate) -> Response[PartnerCreated]:
    """Operator: a partner account; its first partner key is in the answer, once."""
    require_operator(principal(router))
    partner, key = logic.create_partner(
        _partners(),
        deps(router, ApiDependencies).clock,
        name=body.name,
        website=body.website,
        email=body.email,
    )
    metrics.add_metric(name="PartnersCreated", unit=MetricUnit.Count, value=1)
    return created(PartnerCreated(partner=partner, key=key))


@router.post("/v1/partners/signup", tags=TAGS, responses=ERROR_RESPONSES, status_code=201)
def sign_up_partner(body: PartnerCreate) -> Response[PartnerCreated]:
    """Public partner sign-up, when the deployment allows it; the first partner key is in the answer, once."""
    d = deps(router, ApiDependencies)
    partner, key = logic.sign_up_partner(
        _partners(),
        d.clock,
        name=body.name,
        website=body.website,
        signup_allowed=d.allow_signup,
        email=body.email,
    )
    return created(PartnerCreated(partner=partner, key=key))


@router.get("/v1/partner", tags=TAGS, responses=ERROR_RESPONSES)
def get_own_partner() -> Partner:
    """Partner: its own account."""
    return logic.get_partner(_partners(), require_partner(principal(router)))


@router.patch("/v1/partner", tags=TAGS, responses=ERROR_RESPONSES)
def update_own_partner(body: PartnerUpdate) -> Partner:
    """Partner: its own name, website and e-mail address (only the fields sent change)."""
    return logic.update_partner(_partners(), principal(router), body)


@router.post("/v1/programs/<program_id>/applications", tags=TAGS, responses=ERROR_RESPONSES, status_code=201)
def apply(program_id: str, body: ApplicationForm | None = None) -> Response[Membership]:
    """Partner: apply to an active program with what its requirements ask (422 names what is missing);
    accepts an invitation; auto-approval approves at once."""
    d = deps(router, ApiDependencies)
    membership = logic.apply(
        _partners(), d.programs, d.clock, principal(router), program_id, d.membership_events(), body
    )
    return created(membership)


@router.post("/v1/programs/<program_id>/partners", tags=TAGS, responses=ERROR_RESPONSES, status_code=201)
def invite(program_id: str, body: Invitation) -> Response[Membership]:
    """Admin or manager: invite a partner (a partner who already applied is approved)."""
    d = deps(router, ApiDependencies)
    membership = logic.invite(
        _partners(),
        d.programs,
        d.clock,
        principal(router),
        program_id,
        body.partner_id,
        d.membership_events(),
    )
    return created(membership)


@router.get("/v1/programs/<program_id>/partners", tags=TAGS, responses=ERROR_RESPONSES)
def list_partners(program_id: str) -> MembershipList:
    """The program's partners, whatever their status."""
    memberships = logic.program_partners(
        _partners(), deps(router, ApiDependencies).programs, principal(router), program_id
    )
    return MembershipList(memberships=memberships)


@router.get("/v1/programs/<program_id>/partners/<partner_id>", tags=TAGS, responses=ERROR_RESPONSES)
def get_partner(program_id: str, partner_id: str) -> Membership:
    """One partner's membership of the program."""
    return logic.program_partner(
        _partners(), deps(router, ApiDependencies).programs, principal(router), program_id, partner_id
    )


def _decide(program_id: str, partner_id: str, action: MembershipAction) -> Membership:
    d = deps(router, ApiDependencies)
    return logic.decide(
        _partners(),
        d.programs,
        d.clock,
        principal(router),
        program_id,
        partner_id,
        action,
        d.membership_events(),
    )


@router.post("/v1/programs/<program_id>/partners/<partner_id>/approve", tags=TAGS, responses=ERROR_RESPONSES)
def approve(program_id: str, partner_id: str) -> Membership:
    """Admin or manager: approve an application or invitation, or reinstate a suspended partner."""
    return _decide(program_id, partner_id, MembershipAction.APPROVE)


@router.post("/v1/programs/<program_id>/partners/<partner_id>/decline", tags=TAGS, responses=ERROR_RESPONSES)
def decline(program_id: str, partner_id: str) -> Membership:
    """Admin or manager: decline a pending application or invitation."""
    return _decide(program_id, partner_id, MembershipAction.DECLINE)


@router.post("/v1/programs/<program_id>/partners/<partner_id>/suspend", tags=TAGS, responses=ERROR_RESPONSES)
def suspend(program_id: str, partner_id: str) -> Membership:
    """Admin or manager: stop an approved partner's new links until approved again."""
    return _decide(program_id, partner_id, MembershipAction.SUSPEND)


@router.post(
    "/v1/programs/<program_id>/partners/<partner_id>/terminate", tags=TAGS, responses=ERROR_RESPONSES
)
def terminate(program_id: str, partner_id: str) -> Membership:
    """Admin or manager: end the membership for good."""
    return _decide(program_id, partner_id, MembershipAction.TERMINATE)


@router.put("/v1/programs/<program_id>/partner-policy", tags=TAGS, responses=ERROR_RESPONSES)
def set_partner_policy(program_id: str, body: PolicyUpdate) -> PartnerPolicy:
    """Admin or manager: approve every application automatically, or not."""
    d = deps(router, ApiDependencies)
    return logic.set_auto_approve(_partners(), d.programs, principal(router), program_id, body.auto_approve)
