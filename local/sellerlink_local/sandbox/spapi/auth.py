"""SP-API callers: the ``x-amz-access-token`` header, throttling and response headers."""

from __future__ import annotations

from dataclasses import dataclass

from werkzeug.wrappers import Request, Response

from ..accounts import Brand
from ..lwa.tokens import Grant
from ..state import SandboxState
from ..web import SandboxError, request_id, spapi_error


@dataclass(frozen=True)
class SpApiCaller:
    grant: Grant
    brand: Brand


def spapi_caller(state: SandboxState, request: Request, operation: str) -> SpApiCaller:
    token = request.headers.get("x-amz-access-token", "")
    if not token:
        raise SandboxError(
            spapi_error(
                403,
                "Unauthorized",
                "Access to requested resource is denied.",
                {"x-amzn-ErrorType": "MissingAuthenticationTokenException"},
            )
        )
    grant = state.tokens.resolve(token, state.clock.timestamp())
    if grant == "expired":
        raise SandboxError(spapi_error(403, "Unauthorized", "The access token you provided has expired."))
    if not isinstance(grant, Grant) or grant.audience != "spapi":
        raise SandboxError(
            spapi_error(
                403,
                "Unauthorized",
                "Access to requested resource is denied.",
                {"x-amzn-ErrorType": "AccessDeniedException"},
            )
        )
    caller = SpApiCaller(grant, state.users[grant.login])
    if not state.throttling.allow(operation, f"{grant.login}|{grant.client_id}"):
        raise SandboxError(
            spapi_error(
                429,
                "QuotaExceeded",
                "You exceeded your quota for the requested resource.",
                rate_headers(state, operation),
            )
        )
    return caller


def rate_headers(state: SandboxState, operation: str) -> dict[str, str]:
    limit = state.throttling.limit(operation)
    return {"x-amzn-RateLimit-Limit": f"{limit:g}"} if limit is not None else {}


def spapi_response(response: Response, state: SandboxState, operation: str) -> Response:
    response.headers.setdefault("x-amzn-RequestId", request_id())
    for name, value in rate_headers(state, operation).items():
        response.headers.setdefault(name, value)
    return response
