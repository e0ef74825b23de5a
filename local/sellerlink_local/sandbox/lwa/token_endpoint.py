"""Login with Amazon's token endpoint (``POST /auth/o2/token``): codes and refresh tokens exchanged."""

from __future__ import annotations

import secrets

from werkzeug.wrappers import Request, Response

from ..state import SandboxState
from ..web import json_response, lwa_error
from .tokens import AuthorizationCode, pkce_matches

FORM_TYPE = "application/x-www-form-urlencoded"


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
    # LWA's code exchange takes the redirect_uri the code was issued for: "Generate LWA tokens
    # with OAuth2 code" (developer.amazon.com/docs/amazon-data-portability/lwa-access-token.html)
    # lists it beside code and client_id, marking only client_secret optional, and the
    # Authorization Code Grant (developer.amazon.com/docs/login-with-amazon/authorization-code-grant.html)
    # makes it REQUIRED in the request that issued the code. So an Ads (LWA consent) code
    # exchanged without it is refused, as python-amazon-ad-api's exchange is. A Seller/Vendor
    # Central code was issued without one the client chose, so there it is checked only when sent.
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
