"""Commission terms of a program and private terms of one partner: versioned, CPA only."""

from __future__ import annotations

from aws_lambda_powertools.event_handler.api_gateway import Router

from sellerlink.accounts.models import PrincipalKind
from sellerlink.api.dependencies import ApiDependencies, deps, principal
from sellerlink.api.problems import ERROR_RESPONSES
from sellerlink.marketplace import members
from sellerlink.marketplace.models import PartnerTerms
from sellerlink.terms import logic
from sellerlink.terms.models import TermsHistory, TermsRequest, TermsVersion

router = Router()
TAGS = ["Terms"]


def _set(program_id: str, body: TermsRequest, partner_id: str | None) -> TermsVersion:
    d = deps(router, ApiDependencies)
    return logic.set_terms(
        d.terms,
        d.programs,
        d.partners,
        d.products,
        d.clock,
        principal(router),
        program_id,
        body,
        partner_id,
    )


def _history(program_id: str, partner_id: str | None) -> TermsHistory:
    d = deps(router, ApiDependencies)
    versions = logic.history(d.terms, d.programs, d.partners, principal(router), program_id, partner_id)
    return TermsHistory(versions=versions)


@router.put("/v1/programs/<program_id>/terms", tags=TAGS, responses=ERROR_RESPONSES)
def set_program_terms(program_id: str, body: TermsRequest) -> TermsVersion:
    """Admin or manager: a new version of the program's terms (completes the checklist step)."""
    return _set(program_id, body, None)


@router.get("/v1/programs/<program_id>/terms", tags=TAGS, responses=ERROR_RESPONSES)
def program_terms_history(program_id: str) -> TermsHistory | PartnerTerms:
    """Every version of the program's terms, oldest first; an approved partner reads the terms that apply
    to it (its private terms, else the program's) with their effective dates and promotions."""
    caller = principal(router)
    if caller.kind is PrincipalKind.PARTNER:
        return members.terms_view(deps(router, ApiDependencies).members, caller, program_id)
    return _history(program_id, None)


@router.put("/v1/programs/<program_id>/partners/<partner_id>/terms", tags=TAGS, responses=ERROR_RESPONSES)
def set_partner_terms(program_id: str, partner_id: str, body: TermsRequest) -> TermsVersion:
    """Admin or manager: private terms for one partner; they override the program's."""
    return _set(program_id, body, partner_id)


@router.get("/v1/programs/<program_id>/partners/<partner_id>/terms", tags=TAGS, responses=ERROR_RESPONSES)
def partner_terms_history(program_id: str, partner_id: str) -> TermsHistory:
    """Every version of one partner's private terms, oldest first."""
    return _history(program_id, partner_id)


@router.post("/v1/programs/<program_id>/promo-codes", tags=TAGS, responses=ERROR_RESPONSES)
def set_up_promo_codes(program_id: str) -> None:
    """Always 422: Amazon returns no promo-code data, so promo codes cannot be tracked."""
    logic.refuse_promo_codes(deps(router, ApiDependencies).programs, principal(router), program_id)
