"""Each HTTP function authenticates its callers from the Authorization header."""

from __future__ import annotations

import pytest

from sellerlink.accounts import logic as accounts
from sellerlink.accounts.authentication import Authenticator, operator_digest_of
from sellerlink.accounts.dal import AccountStore
from sellerlink.accounts.models import Edition, PrincipalKind
from sellerlink.api.public_routes import is_public
from sellerlink.clock import FixedClock
from sellerlink.errors import Unauthorized
from sellerlink.table import Table


@pytest.fixture
def store(table_name: str) -> AccountStore:
    return AccountStore(Table(table_name))


def test_a_bearer_key_authenticates_its_account(store: AccountStore, clock: FixedClock) -> None:
    account, key = accounts.create_account(store, clock, name="Acme", edition=Edition.PRO)
    caller = Authenticator(store)(f"Bearer {key.key}")
    assert (caller.kind, caller.account_id) == (PrincipalKind.BRAND, account.account_id)
    assert Authenticator(store)(f"bearer   {key.key}  ").account_id == account.account_id


@pytest.mark.parametrize("header", [None, "", "Basic dXNlcjpwYXNz", "Bearer", "slk.acct.key.secret"])
def test_no_bearer_key_is_refused_with_what_to_send(store: AccountStore, header: str | None) -> None:
    with pytest.raises(Unauthorized, match="Send your API key as 'Authorization: Bearer <key>'"):
        Authenticator(store)(header)


def test_only_a_function_given_the_operator_key_recognises_it(store: AccountStore) -> None:
    digest = operator_digest_of("the-operator-key")
    assert Authenticator(store, lambda: digest)("Bearer the-operator-key").kind is PrincipalKind.OPERATOR
    with pytest.raises(Unauthorized, match="not known"):
        Authenticator(store)("Bearer the-operator-key")


@pytest.mark.parametrize(
    ("method", "path", "public"),
    [
        ("POST", "/v1/signup", True),
        ("post", "/v1/partners/signup", True),
        ("GET", "/oauth/amazon-ads/callback", True),
        ("POST", "/v1/programs/prg_1/callbacks", True),
        ("GET", "/v1/programs/prg_1/callbacks", False),
        ("POST", "/v1/programs/prg_1/callbacks/more", False),
        ("GET", "/v1/programs", False),
    ],
)
def test_only_the_public_routes_are_public(method: str, path: str, public: bool) -> None:
    assert is_public(method, path) is public


def test_amazon_sends_the_brand_back_to_the_public_url_or_else_to_the_host_it_called() -> None:
    from types import SimpleNamespace

    from sellerlink.connections.models import ConnectionKind
    from sellerlink.onboarding.context import OnboardingContext

    host = "abc123.execute-api.us-east-1.amazonaws.com"
    stage = SimpleNamespace(public_api_url="")
    custom = SimpleNamespace(public_api_url="https://affiliates.acme.example/")
    ads = ConnectionKind.AMAZON_ADS
    assert OnboardingContext.redirect_uri(stage, ads, host) == f"https://{host}/oauth/amazon-ads/callback"  # type: ignore[arg-type]
    assert (
        OnboardingContext.redirect_uri(custom, ads, host)
        == "https://affiliates.acme.example/oauth/amazon-ads/callback"
    )  # type: ignore[arg-type]
    assert (
        OnboardingContext.start_uri(custom, ads, host)  # type: ignore[arg-type]
        == "https://affiliates.acme.example/oauth/amazon-ads/start"
    )
