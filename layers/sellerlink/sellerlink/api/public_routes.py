"""The routes anyone may call without an API key; every other route authenticates its caller.

The brand's browser passes the OAuth start and callback routes, brands' servers sign their
callbacks with the program's callback secret, and sign-up creates the first key. The OpenAPI
document marks these as needing no key.
"""

from __future__ import annotations

import re

PUBLIC_ROUTES = {
    ("/v1/signup", "post"),
    ("/v1/partners/signup", "post"),
    ("/oauth/amazon-ads/start", "get"),  # the brand's browser, on its way to Amazon
    ("/oauth/selling-partner/start", "get"),
    ("/oauth/amazon-ads/callback", "get"),
    ("/oauth/selling-partner/callback", "get"),
    ("/v1/programs/{program_id}/callbacks", "post"),  # signed with the program's callback secret
}
_PATTERNS = [
    (re.compile("^" + re.sub(r"\{\w+\}", "[^/]+", path) + "$"), method) for path, method in PUBLIC_ROUTES
]


def is_public(method: str, path: str) -> bool:
    return any(pattern.match(path) and method.lower() == verb for pattern, verb in _PATTERNS)
