"""Standard Webhooks signatures: `v1,<base64 HMAC-SHA256 of "<id>.<timestamp>.<body>">`.

Secrets are `whsec_` + base64 of 24 random bytes; the HMAC key is the decoded bytes. During a
rotation's overlap the header carries one signature per live secret, separated by spaces, so a
receiver holding either secret verifies.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from collections.abc import Iterable, Mapping
from datetime import datetime

from pydantic import SecretStr

from sellerlink.errors import Unauthorized

PREFIX = "whsec_"
TOLERANCE_SECONDS = 5 * 60


def new_secret() -> SecretStr:
    return SecretStr(PREFIX + base64.b64encode(secrets.token_bytes(24)).decode())


def _key(secret: SecretStr) -> bytes:
    return base64.b64decode(secret.get_secret_value().removeprefix(PREFIX))


def signature(secret: SecretStr, message_id: str, timestamp: int, body: bytes) -> str:
    signed = f"{message_id}.{timestamp}.".encode() + body
    digest = hmac.new(_key(secret), signed, hashlib.sha256).digest()
    return "v1," + base64.b64encode(digest).decode()


def headers(secrets_: Iterable[SecretStr], message_id: str, timestamp: int, body: bytes) -> dict[str, str]:
    return {
        "webhook-id": message_id,
        "webhook-timestamp": str(timestamp),
        "webhook-signature": " ".join(signature(s, message_id, timestamp, body) for s in secrets_),
    }


def verify(secrets_: Iterable[SecretStr], received: Mapping[str, str], body: bytes, now: datetime) -> str:
    """The `webhook-id` of a genuine, fresh message; Unauthorized (saying why) otherwise."""
    lower = {name.lower(): value for name, value in received.items()}
    message_id, stamp, given = (
        lower.get(h, "") for h in ("webhook-id", "webhook-timestamp", "webhook-signature")
    )
    if not (message_id and stamp and given):
        raise Unauthorized("Sign the callback: send webhook-id, webhook-timestamp and webhook-signature.")
    try:
        timestamp = int(stamp)
    except ValueError:
        raise Unauthorized("webhook-timestamp must be Unix seconds.") from None
    if abs(now.timestamp() - timestamp) > TOLERANCE_SECONDS:
        raise Unauthorized("webhook-timestamp is more than 5 minutes away from now; sign the callback again.")
    offered = {part.strip() for part in given.split(" ") if part.strip()}
    for secret in secrets_:
        expected = signature(secret, message_id, timestamp, body)
        if any(hmac.compare_digest(expected, candidate) for candidate in offered):
            return message_id
    raise Unauthorized("The webhook-signature does not match this program's callback secret.")
