"""Partner accounts and memberships: who applies, who decides, and what each status allows."""

from __future__ import annotations

from typing import Protocol

from sellerlink.accounts import keys
from sellerlink.accounts.models import PartnerKey, Principal
from sellerlink.accounts.permissions import require_brand, require_editor, require_partner
from sellerlink.clock import Clock, iso
from sellerlink.errors import Conflict, Forbidden, NotFound, Unprocessable
from sellerlink.partners.dal import PartnerStore
from sellerlink.partners.models import (
    ApplicationForm,
    IssuedPartnerKey,
    Membership,
    MembershipAction,
    MembershipStatus,
    Partner,
    PartnerPolicy,
    PartnerUpdate,
)
from sellerlink.programs.dal import ProgramStore
from sellerlink.programs.logic import get_program
from sellerlink.programs.models import Program, ProgramStatus

S = MembershipStatus


class MembershipEvents(Protocol):
    """The event port: `partner.invited|applied|approved|declined` (sellerlink.webhooks.publisher)."""

    def membership_changed(self, membership: Membership) -> None: ...


DECISIONS: dict[MembershipAction, tuple[frozenset[MembershipStatus], MembershipStatus]] = {
    MembershipAction.APPROVE: (frozenset({S.PENDING, S.INVITED, S.DECLINED, S.SUSPENDED}), S.APPROVED),
    MembershipAction.DECLINE: (frozenset({S.PENDING, S.INVITED}), S.DECLINED),
    MembershipAction.SUSPEND: (frozenset({S.APPROVED}), S.SUSPENDED),
    MembershipAction.TERMINATE: (frozenset(set(S) - {S.TERMINATED}), S.TERMINATED),
}
NOT_APPROVED = {
    S.PENDING: "its application is still waiting for the brand's approval",
    S.INVITED: "it has been invited but has not accepted yet (apply to the program to accept)",
    S.DECLINED: "the brand declined its application",
    S.SUSPENDED: "the brand has suspended it from the program",
    S.TERMINATED: "the brand has terminated its membership",
}


def create_partner(
    store: PartnerStore, clock: Clock, *, name: str, website: str | None, email: str | None = None
) -> tuple[Partner, IssuedPartnerKey]:
    """A partner account with its first key (the key is shown once)."""
    partner = Partner(
        partner_id=keys.new_id(keys.PARTNER_ID_PREFIX.rstrip("_")),
        name=name,
        website=website,
        email=email,
        created_at=clock.now(),
    )
    raw, parsed = keys.new_key(partner.partner_id)
    key = PartnerKey(
        key_id=parsed.key_id, partner_id=partner.partner_id, name="first key", created_at=clock.now()
    )
    store.create(partner, key, keys.digest(parsed.secret))
    return partner, IssuedPartnerKey(key=raw, key_id=key.key_id, name=key.name)


def sign_up_partner(
    store: PartnerStore,
    clock: Clock,
    *,
    name: str,
    website: str | None,
    signup_allowed: bool,
    email: str | None = None,
) -> tuple[Partner, IssuedPartnerKey]:
    """Public partner sign-up, when the deployment allows it; brands still approve each membership."""
    if not signup_allowed:
        raise Forbidden(
            "This deployment does not allow public sign-up; ask its operator for a partner account."
        )
    return create_partner(store, clock, name=name, website=website, email=email)


def update_partner(store: PartnerStore, principal: Principal, change: PartnerUpdate) -> Partner:
    """The partner's own profile: only the fields sent change (`null` clears website or e-mail)."""
    partner = get_partner(store, require_partner(principal))
    fields = {name: getattr(change, name) for name in change.model_fields_set}
    if fields.get("name", "") is None:
        raise Unprocessable("A partner needs a name; send a new one instead of null.")
    updated = partner.model_copy(update=fields)
    store.save(updated)
    return updated


def get_partner(store: PartnerStore, partner_id: str) -> Partner:
    partner = store.get(partner_id)
    if partner is None:
        raise NotFound(f"There is no partner {partner_id}.")
    return partner


def program_for_partner(partners: PartnerStore, programs: ProgramStore, program_id: str) -> Program:
    """A program as a partner reaches it: by id, only once it takes partners (terms are set)."""
    policy = partners.find_policy(program_id)
    program = programs.get(policy.account_id, program_id) if policy else None
    if program is None:
        raise NotFound(f"There is no program {program_id} open to partners.")
    return program


def apply(
    partners: PartnerStore,
    programs: ProgramStore,
    clock: Clock,
    principal: Principal,
    program_id: str,
    events: MembershipEvents,
    form: ApplicationForm | None = None,
) -> Membership:
    """A partner asks to join; an invitation is accepted this way; auto-approval approves at once."""
    membership = _apply(partners, programs, clock, principal, program_id, form or ApplicationForm())
    events.membership_changed(membership)  # partner.applied, or partner.approved
    return membership


def _apply(
    partners: PartnerStore,
    programs: ProgramStore,
    clock: Clock,
    principal: Principal,
    program_id: str,
    form: ApplicationForm,
) -> Membership:
    partner = get_partner(partners, require_partner(principal))
    program = program_for_partner(partners, programs, program_id)
    if program.status is not ProgramStatus.ACTIVE:
        raise Conflict(f"The program {program_id} is {program.status} and does not take applications now.")
    existing = partners.membership(program.account_id, program.program_id, partner.partner_id)
    if existing is None:
        _check_requirements(program, form)
        policy = partners.policy(program.account_id, program.program_id)
        status = S.APPROVED if policy and policy.auto_approve else S.PENDING
        membership = new_membership(clock, program, partner, status, form)
        if partners.add_membership(membership):
            return membership
        existing = _membership(partners, program, partner.partner_id)
    if existing.status is S.INVITED:  # the brand asked first: no requirements to meet
        return move(partners, clock, existing, MembershipAction.APPROVE)
    if existing.status in (S.PENDING, S.APPROVED):
        return existing
    raise Conflict(f"You cannot apply again: {NOT_APPROVED[existing.status].replace('its', 'your')}.")


def _check_requirements(program: Program, form: ApplicationForm) -> None:
    required = program.application_requirements.required_fields
    missing = form.missing(required)
    if missing:
        names = ", ".join(missing)
        raise Unprocessable(
            f"Program {program.program_id} asks every application for {', '.join(required)}; "
            f"this one lacks {names}. Send {names} in the application's body.",
            missing_fields=[field.value for field in missing],
        )


def invite(
    partners: PartnerStore,
    programs: ProgramStore,
    clock: Clock,
    principal: Principal,
    program_id: str,
    partner_id: str,
    events: MembershipEvents,
) -> Membership:
    """The brand invites a partner; a partner who already applied is approved by the invitation."""
    require_editor(principal, "invite partners")
    program = get_program(programs, principal, program_id)
    partner = get_partner(partners, partner_id)
    membership = new_membership(clock, program, partner, S.INVITED)
    if not partners.add_membership(membership):
        existing = _membership(partners, program, partner_id)
        pending = existing.status is S.PENDING
        membership = move(partners, clock, existing, MembershipAction.APPROVE) if pending else existing
    events.membership_changed(membership)  # partner.invited, or partner.approved for an application
    return membership


def decide(
    partners: PartnerStore,
    programs: ProgramStore,
    clock: Clock,
    principal: Principal,
    program_id: str,
    partner_id: str,
    action: MembershipAction,
    events: MembershipEvents,
) -> Membership:
    require_editor(principal, f"{action.value} partners")
    program = get_program(programs, principal, program_id)
    membership = move(partners, clock, _membership(partners, program, partner_id), action)
    events.membership_changed(membership)  # partner.approved, partner.declined
    return membership


def set_auto_approve(
    partners: PartnerStore, programs: ProgramStore, principal: Principal, program_id: str, auto_approve: bool
) -> PartnerPolicy:
    require_editor(principal, "change how partners are approved")
    program = get_program(programs, principal, program_id)
    policy = PartnerPolicy(account_id=program.account_id, program_id=program_id, auto_approve=auto_approve)
    partners.save_policy(policy)
    return policy


def open_to_partners(partners: PartnerStore, program: Program) -> None:
    """Make the program reachable by partners (kept idempotent: the auto-approval is left alone)."""
    if partners.policy(program.account_id, program.program_id) is None:
        partners.save_policy(PartnerPolicy(account_id=program.account_id, program_id=program.program_id))


def program_partners(
    partners: PartnerStore, programs: ProgramStore, principal: Principal, program_id: str
) -> list[Membership]:
    program = get_program(programs, principal, program_id)
    return sorted(partners.of_program(program.account_id, program_id), key=lambda m: m.created_at)


def program_partner(
    partners: PartnerStore, programs: ProgramStore, principal: Principal, program_id: str, partner_id: str
) -> Membership:
    require_brand(principal)
    return _membership(partners, get_program(programs, principal, program_id), partner_id)


def require_approved(
    membership: Membership | None, partner_id: str, program_id: str, to: str = "get links"
) -> Membership:
    """Links, the program's details and numbers are for approved partners only; the message says why not."""
    if membership is None:
        raise Forbidden(f"Partner {partner_id} is not a member of program {program_id}; apply to it first.")
    if membership.status is not S.APPROVED:
        raise Forbidden(f"Partner {partner_id} cannot {to}: {NOT_APPROVED[membership.status]}.")
    return membership


def _membership(partners: PartnerStore, program: Program, partner_id: str) -> Membership:
    found = partners.membership(program.account_id, program.program_id, partner_id)
    if found is None:
        raise NotFound(f"Partner {partner_id} is not a member of program {program.program_id}.")
    return found


def new_membership(
    clock: Clock,
    program: Program,
    partner: Partner,
    status: MembershipStatus,
    application: ApplicationForm | None = None,
) -> Membership:
    now = clock.now()
    return Membership(
        account_id=program.account_id,
        program_id=program.program_id,
        partner_id=partner.partner_id,
        partner_name=partner.name,
        status=status,
        application=application,
        created_at=now,
        updated_at=now,
    )


def move(
    partners: PartnerStore, clock: Clock, membership: Membership, action: MembershipAction
) -> Membership:
    allowed_from, to = DECISIONS[action]
    if membership.status is to:
        return membership
    moved = partners.move(membership, to, allowed_from, iso(clock.now()))
    if moved is None:
        raise Conflict(
            f"You cannot {action.value} a {membership.status} partner; "
            f"{action.value} works on {', '.join(sorted(allowed_from))} partners."
        )
    return moved
