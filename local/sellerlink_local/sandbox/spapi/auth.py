"""SP-API callers: the ``x-amz-access-token`` header, throttling, repeated query keys and the
response headers the vendored models list for each status."""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

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
    check_single_keys(request)
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


# The statuses whose answers carry x-amzn-RateLimit-Limit in the vendored models (specs/amazon/
# sp-api-*.json); every status carries x-amzn-RequestId.
RATE_LIMITED_STATUSES = frozenset({200, 201, 202, 400, 404})


def spapi_response(response: Response, state: SandboxState, operation: str) -> Response:
    response.headers.setdefault("x-amzn-RequestId", request_id())
    if response.status_code in RATE_LIMITED_STATUSES:
        for name, value in rate_headers(state, operation).items():
            response.headers.setdefault(name, value)
    return response


SpApiRoute = Callable[..., Response]


def spapi_operation(operation: str) -> Callable[[SpApiRoute], SpApiRoute]:
    """An SP-API route: repeated query keys refused, and every answer (errors included) with
    the headers its status documents."""

    def wrap(route: SpApiRoute) -> SpApiRoute:
        @functools.wraps(route)
        def answer(state: SandboxState, request: Request, region: str, **args: Any) -> Response:
            try:
                response = route(state, request, region, **args)
            except SandboxError as error:
                response = error.response
            return spapi_response(response, state, operation)

        return answer

    return wrap


def check_single_keys(request: Request) -> None:
    """SP-API's arrays are one comma-separated value (``style: form, explode: false``):
    ``identifiers=A&identifiers=B`` is refused, never half read."""
    for name in request.args:
        if len(request.args.getlist(name)) > 1:
            raise SandboxError(
                spapi_error(
                    400,
                    "InvalidInput",
                    f"Parameter '{name}' appears more than once; give its values once, "
                    f"comma-separated ({name}=A,B).",
                )
            )
