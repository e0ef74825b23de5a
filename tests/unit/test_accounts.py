"""Accounts, editions and API keys (logic and data access, moto in-process)."""

from __future__ import annotations

import pytest

from sellerlink.accounts import keys
from sellerlink.accounts import logic as accounts
from sellerlink.accounts.dal import AccountStore
from sellerlink.accounts.models import Edition, PrincipalKind, Role
from sellerlink.clock import FixedClock
from sellerlink.errors import Forbidden, NotFound, Unauthorized, Unprocessable
from sellerlink.table import Table


@pytest.fixture
def store(table_name: str) -> AccountStore:
    return AccountStore(Table(table_name))


def test_a_new_account_gets_an_admin_key_that_authenticates(store: AccountStore, clock: FixedClock) -> None:
    # Given an account created by the operator
    account, key = accounts.create_account(store, clock, name="Acme", edition=Edition.PRO)
    # When its admin key is presented
    principal = accounts.authenticate(store, key.key, operator_digest=None)
    # Then it names the account and the admin role
    assert (principal.kind, principal.account_id, principal.role) == (
        PrincipalKind.BRAND,
        account.account_id,
        Role.ADMIN,
    )


def test_keys_are_stored_only_as_hashes(store: AccountStore, clock: FixedClock, table_name: str) -> None:
    import boto3

    _, key = accounts.create_account(store, clock, name="Acme", edition=Edition.PRO)
    secret = key.key.split(".")[-1]
    items = boto3.resource("dynamodb").Table(table_name).scan()["Items"]
    stored = repr(items)
    assert secret not in stored and key.key not in stored
    assert keys.digest(secret) in stored


@pytest.mark.parametrize(
    "presented",
    ["nonsense", "slk.acct_x.key_y.secret", "slk...", ""],
)
def test_unknown_keys_are_refused(store: AccountStore, presented: str) -> None:
    with pytest.raises(Unauthorized):
        accounts.authenticate(store, presented, operator_digest=None)


def test_a_key_with_the_wrong_secret_is_refused(store: AccountStore, clock: FixedClock) -> None:
    _, key = accounts.create_account(store, clock, name="Acme", edition=Edition.PRO)
    forged = key.key.rsplit(".", 1)[0] + ".not-the-secret"
    with pytest.raises(Unauthorized):
        accounts.authenticate(store, forged, operator_digest=None)


def test_a_revoked_key_is_refused(store: AccountStore, clock: FixedClock) -> None:
    account, _ = accounts.create_account(store, clock, name="Acme", edition=Edition.PRO)
    viewer = accounts.issue_key(store, clock, account.account_id, role=Role.VIEWER, name="auditor")
    accounts.revoke_key(store, clock, account.account_id, viewer.key_id)
    with pytest.raises(Unauthorized):
        accounts.authenticate(store, viewer.key, operator_digest=None)


def test_revoking_an_unknown_key_is_not_found(store: AccountStore, clock: FixedClock) -> None:
    account, _ = accounts.create_account(store, clock, name="Acme", edition=Edition.PRO)
    with pytest.raises(NotFound):
        accounts.revoke_key(store, clock, account.account_id, "key_missing")


def test_the_operator_key_authenticates_as_operator(store: AccountStore) -> None:
    principal = accounts.authenticate(store, "slo_operator", operator_digest=keys.digest("slo_operator"))
    assert principal.kind is PrincipalKind.OPERATOR and principal.account_id is None


@pytest.mark.parametrize(
    ("edition", "limit"),
    [(Edition.STARTER, 0), (Edition.PRO, None), (Edition.ENTERPRISE, None), (Edition.LEAD_GEN, None)],
)
def test_only_starter_accounts_start_without_seller_programs(
    store: AccountStore, clock: FixedClock, edition: Edition, limit: int | None
) -> None:
    account, _ = accounts.create_account(store, clock, name="Acme", edition=edition)
    assert store.get(account.account_id).seller_program_limit == limit  # type: ignore[union-attr]


def test_sign_up_gives_a_starter_account_with_one_program(store: AccountStore, clock: FixedClock) -> None:
    account, _ = accounts.sign_up(store, clock, name="Acme", signup_allowed=True)
    assert (account.edition, account.seller_program_limit) == (Edition.STARTER, 1)


def test_sign_up_is_refused_when_the_deployment_does_not_allow_it(
    store: AccountStore, clock: FixedClock
) -> None:
    with pytest.raises(Forbidden, match="does not allow public sign-up"):
        accounts.sign_up(store, clock, name="Acme", signup_allowed=False)


def test_enabling_seller_programs_lifts_the_starter_limit(store: AccountStore, clock: FixedClock) -> None:
    account, _ = accounts.create_account(store, clock, name="Acme", edition=Edition.STARTER)
    assert accounts.enable_seller_programs(store, account.account_id).seller_program_limit is None


def test_enabling_seller_programs_on_pro_is_refused(store: AccountStore, clock: FixedClock) -> None:
    account, _ = accounts.create_account(store, clock, name="Acme", edition=Edition.PRO)
    with pytest.raises(Unprocessable, match="already self-service"):
        accounts.enable_seller_programs(store, account.account_id)


def test_the_first_admins_address_is_the_accounts_contact_until_changed(
    table_name: str, clock: FixedClock
) -> None:
    store = AccountStore(Table(table_name))
    account, key = accounts.create_account(
        store, clock, name="Acme", edition=Edition.PRO, email="owner@acme.example"
    )
    assert (account.contact_email, key.email) == ("owner@acme.example", "owner@acme.example")
    assert accounts.set_contact_email(store, account.account_id, "affiliates@acme.example").contact_email == (
        "affiliates@acme.example"
    )
    assert accounts.set_contact_email(store, account.account_id, None).contact_email is None
    assert (
        accounts.set_key_email(store, account.account_id, key.key_id, "dana@acme.example").email
        == "dana@acme.example"
    )


def test_addresses_of_unknown_accounts_and_keys_are_404(table_name: str, clock: FixedClock) -> None:
    store = AccountStore(Table(table_name))
    account, _ = accounts.create_account(store, clock, name="Acme", edition=Edition.PRO)
    with pytest.raises(NotFound, match=r"There is no key key_nope in this account\."):
        accounts.set_key_email(store, account.account_id, "key_nope", "dana@acme.example")
    with pytest.raises(NotFound, match=r"There is no account acct_nope\."):
        accounts.set_contact_email(store, "acct_nope", None)
