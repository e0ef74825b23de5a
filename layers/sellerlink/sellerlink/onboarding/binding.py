"""The OAuth state bound to the browser that started the flow (RFC 9700, section 4.7).

Seller and Vendor Central consent has no PKCE, so without this a state that leaked (a link sent
around, a screenshot) would let someone land their own Amazon account's code on the program. The
start endpoint sets a cookie holding a hash of the state, HttpOnly, Secure, SameSite=Lax (sent on
Amazon's top-level redirect back, never readable by scripts), for the state's ten minutes; the
callback refuses a state whose cookie is missing or different. One cookie per flow (named after
the state's nonce), so two flows started in two tabs do not undo each other.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from collections.abc import Mapping
from dataclasses import dataclass
from typing import ClassVar

from sellerlink.onboarding.oauth_state import STATE_LIFETIME, OAuthState, nonce_of

COOKIE_PREFIX = "sellerlink_oauth_"
REFUSAL = (
    "This sign-in was not started from this browser, or it was started again since, so Sellerlink "
    "cannot tell it is yours; start again from the program in Sellerlink, in this browser."
)


def cookie_name(state: OAuthState) -> str:
    return COOKIE_PREFIX + state.nonce


def fingerprint(token: str) -> str:
    """What the cookie holds: a hash of the state, never the state itself."""
    return base64.urlsafe_b64encode(hashlib.sha256(token.encode()).digest()).decode().rstrip("=")


@dataclass(frozen=True)
class FlowCookie:
    """One flow's cookie: HttpOnly, Secure, SameSite=Lax, Path=/ (the HTTP layer writes these)."""

    name: str
    value: str
    max_age: int
    path: ClassVar[str] = "/"
    http_only: ClassVar[bool] = True
    secure: ClassVar[bool] = True
    same_site: ClassVar[str] = "Lax"


def set_cookie(state: OAuthState, token: str) -> FlowCookie:
    """The cookie the start endpoint sets, for the state's ten minutes."""
    return FlowCookie(cookie_name(state), fingerprint(token), int(STATE_LIFETIME.total_seconds()))


def clear_cookie(token: str | None) -> FlowCookie | None:
    """The cookie a callback's answer forgets (Max-Age=0), named from the token's nonce."""
    nonce = nonce_of(token)
    return None if nonce is None else FlowCookie(COOKIE_PREFIX + nonce, "", 0)


def bound(state: OAuthState, token: str, cookies: Mapping[str, str]) -> bool:
    """The browser that brought the state back is the one that started the flow."""
    held = cookies.get(cookie_name(state))
    return held is not None and hmac.compare_digest(held, fingerprint(token))


def cookies_of(header_values: list[str] | None) -> dict[str, str]:
    """The request's cookies (API Gateway payload 2.0 passes them as `cookies`, `name=value` each)."""
    found: dict[str, str] = {}
    for value in header_values or []:
        for pair in value.split(";"):
            name, separator, content = pair.strip().partition("=")
            if separator and name:
                found.setdefault(name, content)
    return found
