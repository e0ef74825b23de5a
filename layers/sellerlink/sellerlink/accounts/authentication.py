"""Who is calling: the API key in the `Authorization` header, turned into a principal.

Each HTTP function authenticates its own requests (there is no API Gateway authorizer): a
missing, unknown or revoked key is a 401 problem+json that says what to send, and a route that
needs no caller (sign-up, Amazon's redirects, signed callbacks) never asks.
"""

from __future__ import annotations

from collections.abc import Callable

from sellerlink.accounts import keys
from sellerlink.accounts.dal import AccountStore
from sellerlink.accounts.logic import authenticate
from sellerlink.accounts.models import Principal
from sellerlink.errors import Unauthorized

BEARER = "bearer "
SEND_YOUR_KEY = "Send your API key as 'Authorization: Bearer <key>'."


def bearer_key(authorization: str | None) -> str:
    if not authorization or not authorization.lower().startswith(BEARER):
        raise Unauthorized(SEND_YOUR_KEY)
    return authorization[len(BEARER) :].strip()


def operator_digest_of(operator_key: str | None) -> str | None:
    return keys.digest(operator_key) if operator_key else None


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
