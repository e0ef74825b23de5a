"""Role checks, worded so the person knows whom to ask."""

from __future__ import annotations

from sellerlink.accounts.models import Principal, PrincipalKind, Role
from sellerlink.errors import Forbidden

EDITORS = frozenset({Role.ADMIN, Role.MANAGER})


def require_brand(principal: Principal) -> str:
    """The caller's account id; the operator and partners have no brand account."""
    if principal.kind is not PrincipalKind.BRAND or principal.account_id is None:
        raise Forbidden("This route is for brand accounts; use a brand API key.")
    return principal.account_id


def require_admin(principal: Principal, action: str) -> None:
    require_brand(principal)
    if principal.role is not Role.ADMIN:
        raise Forbidden(f"Only an admin can {action}; ask an admin of your account.")


def require_editor(principal: Principal, action: str) -> None:
    require_brand(principal)
    if principal.role not in EDITORS:
        raise Forbidden(f"Your {principal.role} key is read-only; ask an admin or a manager to {action}.")


def require_operator(principal: Principal) -> None:
    if principal.kind is not PrincipalKind.OPERATOR:
        raise Forbidden("Only the platform operator can do this; contact support.")


def require_partner(principal: Principal) -> str:
    """The caller's partner id; brand, operator and everyone else are refused."""
    if principal.kind is not PrincipalKind.PARTNER or principal.partner_id is None:
        raise Forbidden("This route is for partners; use a partner API key.")
    return principal.partner_id
