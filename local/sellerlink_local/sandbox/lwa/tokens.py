"""Login with Amazon: the authorization codes and tokens it has issued, and PKCE."""

from __future__ import annotations

import base64
import hashlib
import secrets
import threading
from dataclasses import dataclass

CODE_LIFETIME = 300
TOKEN_LIFETIME = 3600


@dataclass(frozen=True)
class Grant:
    """Who a code or token speaks for: a sandbox user, an app, and which API (ads or spapi)."""

    login: str
    client_id: str
    audience: str


@dataclass
class AuthorizationCode:
    grant: Grant
    redirect_uri: str
    expires_at: float
    challenge: str | None = None
    method: str = "S256"
    used: bool = False


class TokenBook:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.codes: dict[str, AuthorizationCode] = {}
        self.access: dict[str, tuple[Grant, float]] = {}
        self.refresh: dict[str, Grant] = {}

    def issue_code(self, code: AuthorizationCode) -> str:
        value = ("ANspapi" if code.grant.audience == "spapi" else "ANads") + secrets.token_urlsafe(18)
        with self._lock:
            self.codes[value] = code
        return value

    def take_code(self, value: str) -> AuthorizationCode | None:
        """The code, marked used (a second exchange sees ``used``)."""
        with self._lock:
            code = self.codes.get(value)
            if code is None:
                return None
            snapshot = AuthorizationCode(**code.__dict__)
            code.used = True
            return snapshot

    def issue_tokens(self, grant: Grant, now: float, refresh: str | None = None) -> dict[str, object]:
        access = "Atza|" + secrets.token_urlsafe(32)
        refresh = refresh or "Atzr|" + secrets.token_urlsafe(48)
        with self._lock:
            self.access[access] = (grant, now + TOKEN_LIFETIME)
            self.refresh[refresh] = grant
        return {
            "access_token": access,
            "refresh_token": refresh,
            "token_type": "bearer",
            "expires_in": TOKEN_LIFETIME,
        }

    def revoke(self, login: str, audience: str | None = None) -> int:
        """The user removes the app's access at Amazon: its tokens stop working (invalid_grant)."""

        def gone(grant: Grant) -> bool:
            return grant.login == login and audience in (None, grant.audience)

        with self._lock:
            refresh = [token for token, grant in self.refresh.items() if gone(grant)]
            for token in refresh:
                del self.refresh[token]
            for token in [token for token, (grant, _) in self.access.items() if gone(grant)]:
                del self.access[token]
        return len(refresh)

    def resolve(self, token: str, now: float) -> Grant | str:
        """The grant behind an access token, or ``"invalid"`` / ``"expired"``."""
        with self._lock:
            found = self.access.get(token)
        if found is None:
            return "invalid"
        grant, expires_at = found
        return grant if now < expires_at else "expired"


def pkce_matches(code: AuthorizationCode, verifier: str) -> bool:
    if code.method == "plain":
        return secrets.compare_digest(verifier, code.challenge or "")
    digest = hashlib.sha256(verifier.encode()).digest()
    expected = base64.urlsafe_b64encode(digest).decode().rstrip("=")
    return secrets.compare_digest(expected, code.challenge or "")
