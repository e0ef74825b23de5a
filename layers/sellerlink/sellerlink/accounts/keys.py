"""API keys: `slk.<account_id>.<key_id>.<secret>`, stored only as a SHA-256 hash.

The secret is 32 random bytes, so a plain digest is enough: there is nothing to brute-force.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass

PREFIX = "slk"
PARTNER_ID_PREFIX = "ptr_"  # partner keys are `slk.<partner_id>.<key_id>.<secret>`


@dataclass(frozen=True)
class ParsedKey:
    account_id: str
    key_id: str
    secret: str


def new_id(prefix: str) -> str:
    return f"{prefix}_{secrets.token_hex(8)}"


def new_key(account_id: str) -> tuple[str, ParsedKey]:
    parsed = ParsedKey(account_id=account_id, key_id=new_id("key"), secret=secrets.token_urlsafe(32))
    return f"{PREFIX}.{parsed.account_id}.{parsed.key_id}.{parsed.secret}", parsed


def parse_key(raw: str) -> ParsedKey | None:
    parts = raw.split(".")
    if len(parts) != 4 or parts[0] != PREFIX or not all(parts[1:]):
        return None
    return ParsedKey(account_id=parts[1], key_id=parts[2], secret=parts[3])


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def matches(secret: str, stored_digest: str) -> bool:
    return hmac.compare_digest(digest(secret), stored_digest)
