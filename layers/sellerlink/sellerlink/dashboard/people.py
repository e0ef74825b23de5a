"""Who may sign in by e-mail: a brand admin adds its people with a role; a partner adds its own
addresses. An address may belong to several accounts: its sign-in e-mail lists each."""

from __future__ import annotations

from sellerlink.accounts.models import Principal, PrincipalKind, Role
from sellerlink.accounts.permissions import require_admin
from sellerlink.clock import Clock
from sellerlink.dashboard.dal import PersonStore
from sellerlink.dashboard.models import Person
from sellerlink.dashboard.signin import normal_email
from sellerlink.errors import Conflict, NotFound, Unprocessable


def owner_of(principal: Principal) -> str:
    """The account or partner whose people the caller manages (brands: admins only)."""
    if principal.kind is PrincipalKind.PARTNER:
        return str(principal.partner_id)
    require_admin(principal, "manage who signs in")
    return str(principal.account_id)


def people_of(store: PersonStore, principal: Principal) -> list[Person]:
    return sorted(store.of_owner(owner_of(principal)), key=lambda p: p.email)


def add_person(store: PersonStore, clock: Clock, principal: Principal, raw_email: str, role: str) -> Person:
    owner, email = owner_of(principal), normal_email(raw_email)
    partner = principal.kind is PrincipalKind.PARTNER
    if not partner and role not in {r.value for r in Role}:
        raise Unprocessable("Choose the person's role: admin, manager or viewer.")
    person = Person(
        email=email,
        kind=principal.kind,
        account_id=None if partner else owner,
        partner_id=owner if partner else None,
        role=None if partner else Role(role),
        added_at=clock.now(),
    )
    if not store.add(person):
        raise Conflict(f"{email} may already sign in here; remove it first to change its role.")
    return person


def remove_person(store: PersonStore, principal: Principal, raw_email: str) -> None:
    owner, email = owner_of(principal), raw_email.strip().lower()
    if store.get(owner, email) is None:
        raise NotFound(f"{email} may not sign in here.")
    store.remove(owner, email)
