"""The Lambda authorizer's logic: an API key in, a principal (or a refusal) out."""

from __future__ import annotations

from sellerlink.accounts import keys
from sellerlink.accounts.dal import AccountStore
from sellerlink.accounts.logic import authenticate
from sellerlink.accounts.models import Principal
from sellerlink.errors import Unauthorized

BEARER = "bearer "


def bearer_key(authorization: str | None) -> str:
    if not authorization or not authorization.lower().startswith(BEARER):
        raise Unauthorized("Send your API key as 'Authorization: Bearer <key>'.")
    return authorization[len(BEARER) :].strip()


def authorize(store: AccountStore, authorization: str | None, operator_digest: str | None) -> Principal:
    return authenticate(store, bearer_key(authorization), operator_digest)


def operator_digest_of(operator_key: str | None) -> str | None:
    return keys.digest(operator_key) if operator_key else None
