"""Seller programs: create, read, change, pause and activate."""

from __future__ import annotations

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.api_gateway import Router

from sellerlink.accounts.logic import get_account
from sellerlink.accounts.models import PrincipalKind
from sellerlink.accounts.permissions import require_brand
from sellerlink.api.dependencies import ApiDependencies, deps, principal
from sellerlink.api.problems import ERROR_RESPONSES
from sellerlink.api.responses import created
from sellerlink.marketplace import members
from sellerlink.marketplace.models import PartnerProgramView
from sellerlink.model import Model
from sellerlink.observability import MetricUnit, metrics
from sellerlink.programs import logic
from sellerlink.programs.models import ProgramCreate, ProgramUpdate, ProgramView

router = Router()


class ProgramList(Model):
    programs: list[ProgramView]


@router.post("/v1/programs", tags=["Programs"], responses=ERROR_RESPONSES, status_code=201)
def create_program(body: ProgramCreate) -> Response[ProgramView]:
    """Admin: a Seller program on one Amazon marketplace."""
    caller, d = principal(router), deps(router, ApiDependencies)
    account = get_account(d.accounts, require_brand(caller))
    program = logic.create_program(d.programs, d.clock, caller, account, body)
    metrics.add_metric(name="ProgramsCreated", unit=MetricUnit.Count, value=1)
    return created(ProgramView.of(program))


@router.get("/v1/programs", tags=["Programs"], responses=ERROR_RESPONSES)
def list_programs() -> ProgramList:
    """The account's programs, oldest first."""
    programs = logic.list_programs(deps(router, ApiDependencies).programs, principal(router))
    return ProgramList(programs=[ProgramView.of(p) for p in programs])


@router.get("/v1/programs/<program_id>", tags=["Programs"], responses=ERROR_RESPONSES)
def get_program(program_id: str) -> ProgramView | PartnerProgramView:
    """One program with its onboarding checklist and how far its history backfill has read; an
    approved partner reads the partner view (name, brand, marketplace, currency, status, lock
    period, what it can promote)."""
    d, caller = deps(router, ApiDependencies), principal(router)
    if caller.kind is PrincipalKind.PARTNER:
        return members.program_view(d.members, caller, program_id)
    program = logic.get_program(d.programs, caller, program_id)
    backfill = d.pulls().backfill(caller, program) if program.onboarding.backfill else None
    return ProgramView.of(program).model_copy(update={"backfill": backfill})


@router.patch("/v1/programs/<program_id>", tags=["Programs"], responses=ERROR_RESPONSES)
def update_program(program_id: str, body: ProgramUpdate) -> ProgramView:
    """Admin or manager: rename, change the lock period, list the program in the partners' marketplace
    with a description, logo and categories, and say what every application must fill in."""
    d = deps(router, ApiDependencies)
    return ProgramView.of(logic.update_program(d.programs, d.clock, principal(router), program_id, body))


@router.post("/v1/programs/<program_id>/pause", tags=["Programs"], responses=ERROR_RESPONSES)
def pause_program(program_id: str) -> ProgramView:
    """Admin or manager: stop pulling and paying until activated again."""
    d = deps(router, ApiDependencies)
    return ProgramView.of(logic.pause_program(d.programs, d.clock, principal(router), program_id))


@router.post("/v1/programs/<program_id>/activate", tags=["Programs"], responses=ERROR_RESPONSES)
def activate_program(program_id: str) -> ProgramView:
    """Admin or manager: go live; 409 names the checklist steps still missing."""
    d = deps(router, ApiDependencies)
    return ProgramView.of(logic.activate_program(d.programs, d.clock, principal(router), program_id))
