"""Seller program rules: who may create one, where, and when it may go live."""

from __future__ import annotations

from sellerlink.accounts.keys import new_id
from sellerlink.accounts.models import Account, Edition, Principal
from sellerlink.accounts.permissions import require_admin, require_brand, require_editor
from sellerlink.clock import Clock
from sellerlink.errors import Conflict, Forbidden, NotFound, Unprocessable
from sellerlink.marketplaces import MARKETPLACES, Marketplace
from sellerlink.programs.dal import AllowanceUsed, MarketplaceTaken, ProgramStore
from sellerlink.programs.models import Program, ProgramCreate, ProgramStatus, ProgramUpdate


def create_program(
    store: ProgramStore, clock: Clock, principal: Principal, account: Account, request: ProgramCreate
) -> Program:
    require_admin(principal, "add a Seller program")
    marketplace = _supported(request.marketplace)
    if not request.brand_registry:
        raise Unprocessable(
            "Amazon Attribution only measures brands enrolled in Amazon Brand Registry. Enrol the brand "
            "at brandservices.amazon.com, then create the program with brand_registry set to true."
        )
    _check_allowance(account)
    now = clock.now()
    program = Program(
        program_id=new_id("prg"),
        account_id=account.account_id,
        name=request.name or f"{request.brand_name} {marketplace.code}",
        brand_name=request.brand_name,
        marketplace=marketplace.code,
        marketplace_id=marketplace.marketplace_id,
        site=marketplace.site,
        currency=marketplace.currency,
        region=marketplace.region,
        seller_type=request.seller_type,
        brand_registry_attested=True,
        created_at=now,
        updated_at=now,
    )
    try:
        store.create(program)
    except MarketplaceTaken:
        raise Conflict(
            f"This account already has a Seller program on {marketplace.code}; "
            "there is one program per marketplace. Update that program instead.",
        ) from None
    except AllowanceUsed:
        raise Forbidden(_allowance_message(account)) from None
    return program


def _supported(code: str) -> Marketplace:
    marketplace = MARKETPLACES.get(code.upper())
    if marketplace is None:
        raise Unprocessable(
            f"Marketplace '{code}' is not supported. Seller programs run on "
            f"{', '.join(MARKETPLACES)}; create one program per marketplace you sell in."
        )
    return marketplace


def get_program(store: ProgramStore, principal: Principal, program_id: str) -> Program:
    program = store.get(require_brand(principal), program_id)
    if program is None:
        raise NotFound(f"There is no program {program_id} in this account.")
    return program


def list_programs(store: ProgramStore, principal: Principal) -> list[Program]:
    return sorted(store.for_account(require_brand(principal)), key=lambda p: p.created_at)


def update_program(
    store: ProgramStore, clock: Clock, principal: Principal, program_id: str, change: ProgramUpdate
) -> Program:
    require_editor(principal, "change a program")
    program = get_program(store, principal, program_id)
    changes = change.model_dump(mode="json", exclude_none=True)
    updated = Program.model_validate({**program.model_dump(), **changes, "updated_at": clock.now()})
    store.save(updated)
    return updated


def pause_program(store: ProgramStore, clock: Clock, principal: Principal, program_id: str) -> Program:
    require_editor(principal, "pause a program")
    program = get_program(store, principal, program_id)
    if program.status is not ProgramStatus.ACTIVE:
        raise Conflict(f"Only an active program can be paused; this one is {program.status}.")
    return _move(store, clock, program, ProgramStatus.PAUSED)


def activate_program(store: ProgramStore, clock: Clock, principal: Principal, program_id: str) -> Program:
    require_editor(principal, "activate a program")
    program = get_program(store, principal, program_id)
    missing = program.missing_steps
    if missing:
        raise Conflict(
            "The program cannot go live until its onboarding checklist is complete. Still to do: "
            + "; ".join(step.title for step in missing)
            + ".",
            missing_steps=[step.step for step in missing],
        )
    if program.status is ProgramStatus.ACTIVE:
        return program
    return _move(store, clock, program, ProgramStatus.ACTIVE)


def _move(store: ProgramStore, clock: Clock, program: Program, status: ProgramStatus) -> Program:
    moved = program.model_copy(update={"status": status, "updated_at": clock.now()})
    store.save(moved)
    return moved


def _check_allowance(account: Account) -> None:
    if account.seller_program_limit is not None and account.program_count >= account.seller_program_limit:
        raise Forbidden(_allowance_message(account))


def _allowance_message(account: Account) -> str:
    if account.edition is Edition.STARTER and account.program_count == 0:
        return (
            "Seller programs on the starter edition are enabled by the platform operator: "
            "contact support to enable them for this account."
        )
    return (
        f"This {account.edition} account has used the Seller programs it may add on its own "
        f"({account.seller_program_limit}); contact support to add more."
    )
