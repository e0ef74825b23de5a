"""The OAuth `state`: signed, naming the program and the user, single use, 10 minutes, and bound
to the browser that started the flow (RFC 9700 section 4.7; see `onboarding.binding`).

The signed part travels through Amazon; the single-use record (with the PKCE verifier, which must
never leave Sellerlink, and the Amazon consent URL the start endpoint redirects to) stays in the
table until the callback takes it.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
from collections.abc import Callable
from datetime import timedelta

from pydantic import SecretStr, ValidationError

from sellerlink.accounts.dal import account_pk
from sellerlink.clock import Clock
from sellerlink.connections.models import ConnectionKind
from sellerlink.errors import Unprocessable
from sellerlink.model import Model
from sellerlink.table import Table

STATE_LIFETIME = timedelta(minutes=10)


class InvalidState(Unprocessable):
    """The sign-in came back with a state Sellerlink cannot honour."""


class OAuthState(Model):
    nonce: str
    account_id: str
    program_id: str
    key_id: str
    kind: ConnectionKind
    expires_at: int


class IssuedState(Model):
    token: str
    code_challenge: str | None


# Amazon's consent URL for a state token and its PKCE challenge (None without PKCE)
ConsentUrl = Callable[[str, str | None], str]


class RedeemedState(Model):
    state: OAuthState
    code_verifier: str | None
    redirect_uri: str


class StateStore:
    def __init__(self, table: Table, signing_key: SecretStr, clock: Clock) -> None:
        self._table, self._key, self._clock = table, signing_key.get_secret_value().encode(), clock

    def issue(
        self,
        account_id: str,
        program_id: str,
        key_id: str,
        kind: ConnectionKind,
        pkce: bool,
        redirect_uri: str,
        consent_url: ConsentUrl,
    ) -> IssuedState:
        """`redirect_uri` is kept with the state (the code exchange must send the same one), and so
        is Amazon's consent URL, where the start endpoint sends the browser."""
        expires = int((self._clock.now() + STATE_LIFETIME).timestamp())
        state = OAuthState(
            nonce=secrets.token_urlsafe(16),
            account_id=account_id,
            program_id=program_id,
            key_id=key_id,
            kind=kind,
            expires_at=expires,
        )
        verifier = secrets.token_urlsafe(48) if pkce else None
        payload = _b64(state.model_dump_json().encode())
        challenge = _b64(hashlib.sha256(verifier.encode()).digest()) if verifier else None
        issued = IssuedState(token=f"{payload}.{self._sign(payload)}", code_challenge=challenge)
        self._table.put(
            {
                "PK": account_pk(account_id),
                "SK": f"OAUTH_STATE#{state.nonce}",
                "code_verifier": verifier,
                "redirect_uri": redirect_uri,
                "consent_url": consent_url(issued.token, challenge),
                "expires_at": expires,
            }
        )
        return issued

    def opened(self, token: str | None, kind: ConnectionKind) -> OAuthState:
        """The state, when it is Sellerlink's, for this connection and not expired (nothing spent)."""
        state = self._verified(token)
        if state.kind is not kind:
            raise InvalidState(
                "This sign-in was started for another Amazon connection; start again from the program."
            )
        if state.expires_at < self._clock.now().timestamp():
            raise InvalidState(
                "This sign-in link expired (they last 10 minutes); start again from the program."
            )
        return state

    def consent_url(self, token: str | None, kind: ConnectionKind) -> tuple[OAuthState, str]:
        """Where the start endpoint sends the browser: Amazon's consent page for an unused state."""
        state = self.opened(token, kind)
        record = self._table.get(account_pk(state.account_id), f"OAUTH_STATE#{state.nonce}")
        if record is None or not record.get("consent_url"):
            raise InvalidState(_USED)
        return state, str(record["consent_url"])

    def redeem(self, token: str | None, kind: ConnectionKind) -> RedeemedState:
        """The state, its PKCE verifier and redirect URI, once; InvalidState with the reason otherwise."""
        state = self.opened(token, kind)
        record = self._table.take(account_pk(state.account_id), f"OAUTH_STATE#{state.nonce}")
        if record is None:
            raise InvalidState(_USED)
        return RedeemedState(
            state=state, code_verifier=record.get("code_verifier"), redirect_uri=str(record["redirect_uri"])
        )

    def _verified(self, token: str | None) -> OAuthState:
        if not token:
            raise InvalidState(
                "Amazon returned without a state; start the connection again from the program."
            )
        payload, _, signature = token.partition(".")
        if not hmac.compare_digest(self._sign(payload), signature):
            raise InvalidState(
                "This sign-in link was not issued by Sellerlink (its signature does not match); "
                "start again from the program."
            )
        try:
            return OAuthState.model_validate(json.loads(base64.urlsafe_b64decode(payload + "==")))
        except (ValueError, ValidationError):
            raise InvalidState("This sign-in link is damaged; start again from the program.") from None

    def _sign(self, payload: str) -> str:
        return _b64(hmac.new(self._key, payload.encode(), hashlib.sha256).digest())


def nonce_of(token: str | None) -> str | None:
    """The nonce a token names, unverified: only to name the cookie a callback clears."""
    try:
        payload = (token or "").partition(".")[0]
        nonce = json.loads(base64.urlsafe_b64decode(payload + "==")).get("nonce")
    except (ValueError, AttributeError):
        return None
    return nonce if isinstance(nonce, str) and nonce.replace("-", "").replace("_", "").isalnum() else None


_USED = "This sign-in link was already used or was not issued for this account; start again from the program."


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")
