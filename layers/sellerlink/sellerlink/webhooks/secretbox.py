"""Signing secrets sealed with the KMS key (envelope encryption, as for Amazon refresh tokens).

The encryption context binds a sealed secret to its owner and id, so it cannot be moved.
Secrets are shown once, when created; nothing returns or logs them afterwards.
"""

from __future__ import annotations

import secrets as random
from datetime import datetime

from pydantic import SecretStr

from sellerlink.connections.cipher import TokenCipher
from sellerlink.webhooks.models import SigningSecret
from sellerlink.webhooks.signing import new_secret


class SecretBox:
    def __init__(self, cipher: TokenCipher) -> None:
        self._cipher = cipher

    def issue(self, owner: str, now: datetime) -> tuple[SecretStr, SigningSecret]:
        """A new secret, and its sealed form to store."""
        secret, secret_id = new_secret(), "whs_" + random.token_hex(8)
        sealed = self._cipher.seal(secret, _context(owner, secret_id))
        return secret, SigningSecret(secret_id=secret_id, sealed=sealed, created_at=now)

    def open(self, owner: str, stored: SigningSecret) -> SecretStr:
        return self._cipher.open(stored.sealed, _context(owner, stored.secret_id))


def _context(owner: str, secret_id: str) -> dict[str, str]:
    return {"purpose": "webhook-signing", "owner": owner, "secret_id": secret_id}
