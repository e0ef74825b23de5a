"""Accounts, editions and API keys: who may do what."""

from __future__ import annotations

from sellerlink.accounts import keys
from sellerlink.accounts.dal import AccountStore, stored_key
from sellerlink.accounts.models import (
    Account,
    ApiKey,
    Edition,
    IssuedKey,
    PartnerKey,
    Principal,
    PrincipalKind,
    Role,
)
from sellerlink.clock import Clock, iso
from sellerlink.errors import Forbidden, NotFound, Unauthorized, Unprocessable

SIGNUP_FIRST_PROGRAM = 1


def create_account(
    store: AccountStore,
    clock: Clock,
    *,
    name: str,
    edition: Edition,
    seller_program_limit: int | None = None,
    email: str | None = None,
) -> tuple[Account, IssuedKey]:
    """A brand account with its first admin key; `email`, the first admin's address, is also the
    account's contact address until an admin changes it.

    A starter account may add Seller programs only once the operator enables them, unless it
    is given an allowance (public sign-up gives one program); every other edition is unlimited.
    """
    if edition is Edition.STARTER:
        limit = seller_program_limit if seller_program_limit is not None else 0
    else:
        limit = None
    account = Account(
        account_id=keys.new_id("acct"),
        name=name,
        edition=edition,
        seller_program_limit=limit,
        contact_email=email,
        created_at=clock.now(),
    )
    raw, parsed = keys.new_key(account.account_id)
    admin = ApiKey(
        key_id=parsed.key_id,
        account_id=account.account_id,
        role=Role.ADMIN,
        name="first admin",
        email=email,
        created_at=clock.now(),
    )
    store.create(account, admin, keys.digest(parsed.secret))
    return account, IssuedKey.of(raw, admin)


def sign_up(
    store: AccountStore, clock: Clock, *, name: str, signup_allowed: bool, email: str | None = None
) -> tuple[Account, IssuedKey]:
    if not signup_allowed:
        raise Forbidden("This deployment does not allow public sign-up; ask its operator for an account.")
    return create_account(
        store,
        clock,
        name=name,
        edition=Edition.STARTER,
        seller_program_limit=SIGNUP_FIRST_PROGRAM,
        email=email,
    )


def enable_seller_programs(store: AccountStore, account_id: str) -> Account:
    account = get_account(store, account_id)
    if account.edition is not Edition.STARTER:
        raise Unprocessable(
            f"Seller programs are already self-service on the {account.edition} edition; nothing to enable."
        )
    try:
        return store.remove_seller_program_limit(account_id)
    except LookupError:
        raise NotFound(f"There is no account {account_id}.") from None


def get_account(store: AccountStore, account_id: str) -> Account:
    account = store.get(account_id)
    if account is None:
        raise NotFound(f"There is no account {account_id}.")
    return account


def issue_key(
    store: AccountStore, clock: Clock, account_id: str, *, role: Role, name: str, email: str | None = None
) -> IssuedKey:
    raw, parsed = keys.new_key(account_id)
    key = ApiKey(
        key_id=parsed.key_id, account_id=account_id, role=role, name=name, email=email, created_at=clock.now()
    )
    store.add_key(key, keys.digest(parsed.secret))
    return IssuedKey.of(raw, key)


def set_contact_email(store: AccountStore, account_id: str, email: str | None) -> Account:
    """The account's own address (None: none); e-mails to the brand's admins go there too."""
    try:
        return store.set_contact_email(account_id, email)
    except LookupError:
        raise NotFound(f"There is no account {account_id}.") from None


def set_key_email(store: AccountStore, account_id: str, key_id: str, email: str | None) -> ApiKey:
    """The address of the person holding the key (None: none)."""
    try:
        return store.set_key_email(account_id, key_id, email)
    except LookupError:
        raise NotFound(f"There is no key {key_id} in this account.") from None


def revoke_key(store: AccountStore, clock: Clock, account_id: str, key_id: str) -> ApiKey:
    try:
        return store.revoke_key(account_id, key_id, iso(clock.now()))
    except LookupError:
        raise NotFound(f"There is no key {key_id} in this account.") from None


def authenticate(store: AccountStore, raw_key: str, operator_digest: str | None) -> Principal:
    """The caller behind an API key, or Unauthorized for anything unknown or revoked."""
    if operator_digest and keys.matches(raw_key, operator_digest):
        return Principal(kind=PrincipalKind.OPERATOR)
    parsed = keys.parse_key(raw_key)
    item = store.key_item(parsed) if parsed else None
    return verified(parsed, stored_key(parsed, item) if parsed else None)


def verified(parsed: keys.ParsedKey | None, found: tuple[ApiKey | PartnerKey, str] | None) -> Principal:
    """The principal of a parsed key, given its stored key and digest (None: not stored)."""
    if parsed is None or found is None:
        raise Unauthorized("The API key is not known.")
    key, key_digest = found
    if key.revoked_at is not None or not keys.matches(parsed.secret, key_digest):
        raise Unauthorized("The API key is not known or has been revoked.")
    if isinstance(key, PartnerKey):
        return Principal(kind=PrincipalKind.PARTNER, partner_id=key.partner_id, key_id=key.key_id)
    return Principal(kind=PrincipalKind.BRAND, account_id=key.account_id, role=key.role, key_id=key.key_id)
