"""Who is calling: the API key in the `Authorization` header, turned into a principal.

Each HTTP function authenticates its own requests (there is no API Gateway authorizer): a
missing, unknown or revoked key is a 401 problem+json that says what to send, and a route that
needs no caller (sign-up, Amazon's redirects, signed callbacks) never asks.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sellerlink.accounts import keys
from sellerlink.accounts.dal import AccountStore, key_location, stored_key
from sellerlink.accounts.logic import authenticate, verified
from sellerlink.accounts.models import Principal, PrincipalKind
from sellerlink.errors import Unauthorized
from sellerlink.table import Item

BEARER = "bearer "
SEND_YOUR_KEY = "Send your API key as 'Authorization: Bearer <key>'."


def bearer_key(authorization: str | None) -> str:
    if not authorization or not authorization.lower().startswith(BEARER):
        raise Unauthorized(SEND_YOUR_KEY)
    return authorization[len(BEARER) :].strip()


def operator_digest_of(operator_key: str | None) -> str | None:
    return keys.digest(operator_key) if operator_key else None


@dataclass(frozen=True)
class DeferredCaller:
    """A caller whose stored key is read together with the items its request needs (one
    BatchGetItem instead of a GetItem first) and checked before any of them is used.

    `claimed`: who the key says it is, NOT checked: only for choosing what to read. `key`: where
    its stored key lies (None: nothing to read, the operator). `check(item)`: the principal, given
    the item read at `key`, or Unauthorized."""

    claimed: Principal
    key: tuple[str, str] | None
    check: Callable[[Item | None], Principal]

    @staticmethod
    def checked(principal: Principal) -> DeferredCaller:
        """A caller already authenticated (the operator, a dashboard session): nothing to read."""
        return DeferredCaller(principal, None, lambda _: principal)


class Authenticator:
    """`operator_digest`: the operator key's digest, read when needed (only the function that
    serves the operator's routes is given one; elsewhere an operator key is just not known)."""

    def __init__(
        self, accounts: AccountStore, operator_digest: Callable[[], str | None] | None = None
    ) -> None:
        self._accounts = accounts
        self._operator_digest = operator_digest

    def __call__(self, authorization: str | None) -> Principal:
        key = bearer_key(authorization)
        digest = self._operator_digest() if self._operator_digest else None
        return authenticate(self._accounts, key, digest)

    def deferred(self, authorization: str | None) -> DeferredCaller:
        """The caller, to be checked once its stored key is read with the request's other items;
        401 at once without a key that can be one of ours."""
        key = bearer_key(authorization)
        digest = self._operator_digest() if self._operator_digest else None
        if digest and keys.matches(key, digest):
            operator = Principal(kind=PrincipalKind.OPERATOR)
            return DeferredCaller.checked(operator)
        parsed = keys.parse_key(key)
        if parsed is None:
            raise Unauthorized("The API key is not known.")
        owner, key_id = parsed.account_id, parsed.key_id
        if owner.startswith(keys.PARTNER_ID_PREFIX):
            claimed = Principal(kind=PrincipalKind.PARTNER, partner_id=owner, key_id=key_id)
        else:
            claimed = Principal(kind=PrincipalKind.BRAND, account_id=owner, key_id=key_id)
        return DeferredCaller(
            claimed, key_location(parsed), lambda item: verified(parsed, stored_key(parsed, item))
        )
