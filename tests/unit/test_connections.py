"""Refresh tokens sealed with KMS, and the one token service for both kinds of connection."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError
from pydantic import SecretStr

from sellerlink.amazon.lwa import InvalidGrant, TokenGrant
from sellerlink.amazon.transport import AmazonError
from sellerlink.clock import FixedClock
from sellerlink.connections.cipher import KmsEnvelopeCipher
from sellerlink.connections.dal import ConnectionStore
from sellerlink.connections.models import Connection, ConnectionKind, EncryptedSecret
from sellerlink.connections.tokens import NeedsReauth, TokenService, context_of
from sellerlink.marketplaces import Region
from sellerlink.programs.models import ConnectionState
from sellerlink.table import Table

ADS = ConnectionKind.AMAZON_ADS


@pytest.fixture
def cipher(aws: dict[str, dict[str, str]]) -> KmsEnvelopeCipher:
    return KmsEnvelopeCipher(boto3.client("kms"), aws["TokenKey"]["Ref"])


def test_a_sealed_token_opens_only_in_its_own_context(cipher: KmsEnvelopeCipher) -> None:
    sealed = cipher.seal(SecretStr("Atzr|secret"), context_of("acct_a", "prg_a", ADS))
    assert "Atzr" not in sealed.model_dump_json()
    assert cipher.open(sealed, context_of("acct_a", "prg_a", ADS)).get_secret_value() == "Atzr|secret"
    with pytest.raises(ClientError, match="InvalidCiphertext"):
        cipher.open(sealed, context_of("acct_b", "prg_a", ADS))


class FakeLwa:
    def __init__(self) -> None:
        self.refreshes, self.fail = 0, False

    def refresh(self, refresh_token: SecretStr) -> TokenGrant:
        if self.fail:
            raise InvalidGrant("refresh", 400, "invalid_grant: revoked")
        self.refreshes += 1
        return TokenGrant(access_token=SecretStr(f"Atza|{self.refreshes}"), expires_in=3600)


@pytest.fixture
def tokens(
    cipher: KmsEnvelopeCipher, table_name: str, clock: FixedClock
) -> tuple[TokenService, FakeLwa, list[str]]:
    store, lwa, reauth = ConnectionStore(Table(table_name)), FakeLwa(), []
    service = TokenService(
        store, cipher, lambda region: lwa, clock, on_reauth=lambda c: reauth.append(c.program_id)
    )  # type: ignore[arg-type, return-value]
    sealed = service.seal("acct_a", "prg_a", ADS, SecretStr("Atzr|refresh"))
    store.save(
        Connection(
            account_id="acct_a",
            program_id="prg_a",
            kind=ADS,
            region=Region.NA,
            state=ConnectionState.CONNECTED,
            refresh_token=sealed,
            connected_at=clock.now(),
        )
    )
    return service, lwa, reauth


def test_an_access_token_is_reused_until_five_minutes_before_it_expires(
    tokens: tuple[TokenService, FakeLwa, list[str]], clock: FixedClock
) -> None:
    service, lwa, _ = tokens
    first = service.access_token("acct_a", "prg_a", ADS)
    clock.set(clock.now() + timedelta(minutes=54))
    assert service.access_token("acct_a", "prg_a", ADS) is first and lwa.refreshes == 1
    clock.set(clock.now() + timedelta(minutes=1, seconds=1))
    assert service.access_token("acct_a", "prg_a", ADS).get_secret_value() == "Atza|2"


def test_invalid_grant_marks_the_connection_needs_reauth(
    tokens: tuple[TokenService, FakeLwa, list[str]], table_name: str
) -> None:
    service, lwa, reauth = tokens
    lwa.fail = True
    with pytest.raises(NeedsReauth, match="Connect it again"):
        service.access_token("acct_a", "prg_a", ADS)
    stored = ConnectionStore(Table(table_name)).get("acct_a", "prg_a", ADS)
    assert stored is not None and stored.state is ConnectionState.NEEDS_REAUTH and reauth == ["prg_a"]
    with pytest.raises(NeedsReauth, match="not connected"):
        service.access_token("acct_a", "prg_a", ADS)


def test_a_lost_connection_shows_on_the_programs_checklist(table_name: str, clock: FixedClock) -> None:
    from sellerlink.accounts.dal import AccountStore
    from sellerlink.accounts.logic import create_account
    from sellerlink.accounts.models import Edition, Principal, PrincipalKind, Role
    from sellerlink.connections.reauth import mark_needs_reauth
    from sellerlink.programs.dal import ProgramStore
    from sellerlink.programs.logic import create_program
    from sellerlink.programs.models import ProgramCreate
    from sellerlink.webhooks.publisher import EventPublisher

    table = Table(table_name)
    account, _ = create_account(AccountStore(table), clock, name="Acme", edition=Edition.PRO)
    admin = Principal(
        kind=PrincipalKind.BRAND, account_id=account.account_id, role=Role.ADMIN, key_id="key_1"
    )
    request = ProgramCreate(marketplace="US", seller_type="3P", brand_name="Acme", brand_registry=True)
    programs = ProgramStore(table)
    program = create_program(programs, clock, admin, account, request)
    sealed = EncryptedSecret(encrypted_key="k", nonce="n", ciphertext="c")
    lost = Connection(
        account_id=account.account_id,
        program_id=program.program_id,
        kind=ConnectionKind.SELLING_PARTNER,
        region=Region.NA,
        state=ConnectionState.CONNECTED,
        refresh_token=sealed,
        connected_at=clock.now(),
    )
    published: list[Any] = []
    mark_needs_reauth(programs, clock, EventPublisher(RecordingQueue(published)))(lost)
    step = programs.get(account.account_id, program.program_id).checklist[2]  # type: ignore[union-attr]
    assert step.title.startswith("Reconnect Seller Central") and not step.done
    assert [(e.type, e.data["connection"]) for e in published] == [
        ("connection.needs_reauth", "selling-partner")
    ]


class RecordingQueue:
    """The postbacks queue, keeping what was published."""

    def __init__(self, published: list[Any]) -> None:
        self.published = published

    def publish(self, events: list[Any]) -> None:
        self.published.extend(events)


class ReportsExpiring:
    """Amazon Ads that has dropped the first access token (a clock jump): 401 for it, data for the next."""

    def __init__(self, status: int = 401, details: str = "The access token has expired: refresh it") -> None:
        self.tokens: list[str] = []
        self.status, self.details = status, details

    def report(self, token: SecretStr) -> str:
        self.tokens.append(token.get_secret_value())
        if token.get_secret_value() == "Atza|1":
            raise AmazonError("read an Attribution report", self.status, self.details)
        return "rows"


@pytest.mark.parametrize(
    ("status", "details"),
    [(401, "The access token has expired: refresh it"), (403, "The access token you provided has expired.")],
    ids=["ads-401", "sp-api-403-expired"],
)
def test_an_expired_access_token_is_refreshed_and_the_call_tried_once_more(
    tokens: tuple[TokenService, FakeLwa, list[str]], status: int, details: str
) -> None:
    # Given a cached access token Amazon no longer accepts
    service, lwa, reauth = tokens
    amazon = ReportsExpiring(status, details)
    # When a call with it is refused as expired
    answer = service.using("acct_a", "prg_a", ADS, amazon.report)
    # Then the token is refreshed and the call succeeds on its second try; the connection stays
    assert answer == "rows" and amazon.tokens == ["Atza|1", "Atza|2"] and lwa.refreshes == 2
    assert reauth == []


def test_other_refusals_and_a_second_expiry_are_not_retried_again(
    tokens: tuple[TokenService, FakeLwa, list[str]],
) -> None:
    service, lwa, _ = tokens
    with pytest.raises(AmazonError, match="400"):
        service.using("acct_a", "prg_a", ADS, lambda token: _raise(AmazonError("report", 400, "bad request")))
    assert lwa.refreshes == 1
    with pytest.raises(AmazonError, match="401"):
        service.using("acct_a", "prg_a", ADS, lambda token: _raise(AmazonError("report", 401, "expired")))
    assert lwa.refreshes == 2


def _raise(error: Exception) -> str:
    raise error
