"""Login with Amazon: authorization codes, tokens and the token endpoint."""

from __future__ import annotations

import base64
import hashlib
import secrets
import threading
from dataclasses import dataclass

from werkzeug.wrappers import Request, Response

from .state import SandboxState
from .web import json_response, lwa_error

CODE_LIFETIME = 300
TOKEN_LIFETIME = 3600
FORM_TYPE = "application/x-www-form-urlencoded"


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


def token_endpoint(state: SandboxState, request: Request) -> Response:
    if request.mimetype != FORM_TYPE:
        return lwa_error(
            400,
            "unsupported_grant_type",
            "The authorization grant type is not supported by the authorization server",
        )
    form = request.form
    grant_type = form.get("grant_type", "")
    if grant_type not in ("authorization_code", "refresh_token"):
        return lwa_error(
            400,
            "unsupported_grant_type",
            "The authorization grant type is not supported by the authorization server",
        )
    client_id, secret = _client_credentials(request)
    if not client_id or not secret:
        return lwa_error(400, "invalid_request", "The request is missing a required parameter : client_id")
    app = state.apps.get(client_id)
    if app is None or not secrets.compare_digest(app.client_secret, secret):
        return lwa_error(401, "invalid_client", "Client authentication failed")
    if grant_type == "refresh_token":
        return _refresh(state, client_id, form.get("refresh_token", ""))
    return _exchange_code(state, client_id, request)


def _client_credentials(request: Request) -> tuple[str, str]:
    auth = request.authorization
    if auth is not None and auth.type == "basic" and auth.username:
        return auth.username, auth.password or ""
    return request.form.get("client_id", ""), request.form.get("client_secret", "")


def _refresh(state: SandboxState, client_id: str, refresh_token: str) -> Response:
    if not refresh_token:
        return lwa_error(
            400, "invalid_request", "The request is missing a required parameter : refresh_token"
        )
    grant = state.tokens.refresh.get(refresh_token)
    if grant is None or grant.client_id != client_id:
        return lwa_error(400, "invalid_grant", "The request has an invalid grant parameter : refresh_token")
    return json_response(state.tokens.issue_tokens(grant, state.clock.timestamp(), refresh=refresh_token))


def _exchange_code(state: SandboxState, client_id: str, request: Request) -> Response:
    value = request.form.get("code", "")
    if not value:
        return lwa_error(400, "invalid_request", "The request is missing a required parameter : code")
    code = state.tokens.take_code(value)
    problem = _code_problem(state, code, client_id, request)
    if problem:
        return lwa_error(400, "invalid_grant", problem)
    assert code is not None
    return json_response(state.tokens.issue_tokens(code.grant, state.clock.timestamp()))


def _code_problem(
    state: SandboxState, code: AuthorizationCode | None, client_id: str, request: Request
) -> str | None:
    if code is None:
        return "The request has an invalid grant parameter : code"
    if code.used:
        return "Authorization code has already been used"
    if state.clock.timestamp() >= code.expires_at:
        return "Authorization code has expired"
    if code.grant.client_id != client_id:
        return "Authorization code was issued to another client"
    redirect_uri = request.form.get("redirect_uri")
    needs_redirect = code.grant.audience == "ads"
    if (redirect_uri is None and needs_redirect) or (
        redirect_uri is not None and redirect_uri != code.redirect_uri
    ):
        return "The redirect_uri does not match the one the authorization code was issued for"
    if code.challenge is not None:
        verifier = request.form.get("code_verifier", "")
        if not verifier or not pkce_matches(code, verifier):
            return "Code verifier does not match code challenge"
    return None
