"""One token service for both kinds of connection.

Access tokens are kept in memory until five minutes before they expire and refreshed on
demand; they are never logged, stored or returned. When Amazon still says a token has expired
(a clock that jumped, a token Amazon dropped early: Ads answers 401, SP-API 403 "expired"),
`using` refreshes it and tries once more. Only a refresh that Amazon answers `invalid_grant`
marks the connection `needs_reauth`, which the program's checklist shows.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import TypeVar

from pydantic import SecretStr

from sellerlink.amazon.lwa import InvalidGrant, LwaClient, TokenGrant
from sellerlink.amazon.transport import AmazonError
from sellerlink.clock import Clock
from sellerlink.connections.cipher import TokenCipher
from sellerlink.connections.dal import ConnectionStore
from sellerlink.connections.models import Connection, ConnectionKind, EncryptedSecret
from sellerlink.errors import Conflict
from sellerlink.marketplaces import Region
from sellerlink.programs.models import ConnectionState

EARLY_REFRESH = timedelta(minutes=5)
Answer = TypeVar("Answer")


def expired_token(error: AmazonError) -> bool:
    """Amazon refused the access token itself: Ads with 401, SP-API with 403 saying it expired."""
    return error.status == 401 or (error.status == 403 and "expired" in error.details.lower())


class NeedsReauth(Conflict):
    """The brand must connect this Amazon account again."""


def context_of(account_id: str, program_id: str, kind: ConnectionKind) -> dict[str, str]:
    return {"account_id": account_id, "program_id": program_id, "kind": str(kind)}


class TokenService:
    def __init__(
        self,
        store: ConnectionStore,
        cipher: TokenCipher,
        lwa_for: Callable[[Region], LwaClient],
        clock: Clock,
        on_reauth: Callable[[Connection], None] = lambda _: None,
    ) -> None:
        self._store, self._cipher, self._lwa_for, self._clock = store, cipher, lwa_for, clock
        self._on_reauth = on_reauth
        self._cache: dict[tuple[str, str, ConnectionKind], tuple[SecretStr, datetime]] = {}

    def seal(
        self, account_id: str, program_id: str, kind: ConnectionKind, token: SecretStr
    ) -> EncryptedSecret:
        return self._cipher.seal(token, context_of(account_id, program_id, kind))

    def remember(self, account_id: str, program_id: str, kind: ConnectionKind, grant: TokenGrant) -> None:
        expires = self._clock.now() + timedelta(seconds=grant.expires_in)
        self._cache[(account_id, program_id, kind)] = (grant.access_token, expires)

    def access_token(self, account_id: str, program_id: str, kind: ConnectionKind) -> SecretStr:
        key = (account_id, program_id, kind)
        cached = self._cache.get(key)
        if cached and cached[1] - EARLY_REFRESH > self._clock.now():
            return cached[0]
        connection = self._store.get(account_id, program_id, kind)
        if connection is None or connection.state is not ConnectionState.CONNECTED:
            raise NeedsReauth(
                f"{kind.display_name} is not connected to this program; connect it from the checklist."
            )
        refresh = self._cipher.open(connection.refresh_token, context_of(account_id, program_id, kind))
        try:
            grant = self._lwa_for(connection.region).refresh(refresh)
        except InvalidGrant:
            self._store.mark(account_id, program_id, kind, ConnectionState.NEEDS_REAUTH)
            self._on_reauth(connection)
            raise NeedsReauth(
                f"Amazon no longer accepts Sellerlink's authorization for {kind.display_name} "
                "(it was revoked or expired). Connect it again from the program's checklist."
            ) from None
        self.remember(account_id, program_id, kind, grant)
        return grant.access_token

    def using(
        self, account_id: str, program_id: str, kind: ConnectionKind, call: Callable[[SecretStr], Answer]
    ) -> Answer:
        """`call` with the access token; if Amazon says the token expired, once more with a new one."""
        try:
            return call(self.access_token(account_id, program_id, kind))
        except AmazonError as refused:
            if not expired_token(refused):
                raise
        self.forget(account_id, program_id, kind)
        return call(self.access_token(account_id, program_id, kind))

    def forget(self, account_id: str, program_id: str, kind: ConnectionKind) -> None:
        self._cache.pop((account_id, program_id, kind), None)
