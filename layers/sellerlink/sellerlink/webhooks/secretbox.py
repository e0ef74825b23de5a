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
    """Seals signing secrets with KMS; an opened secret is kept in memory for the container's
    life (a secret never changes under its id; rotation makes a new one), so a delivery attempt
    costs no KMS call once its endpoint's secrets were opened."""

    def __init__(self, cipher: TokenCipher) -> None:
        self._cipher = cipher
        self._opened: dict[tuple[str, str], SecretStr] = {}

    def issue(self, owner: str, now: datetime) -> tuple[SecretStr, SigningSecret]:
        """A new secret, and its sealed form to store."""
        secret, secret_id = new_secret(), "whs_" + random.token_hex(8)
        sealed = self._cipher.seal(secret, _context(owner, secret_id))
        return secret, SigningSecret(secret_id=secret_id, sealed=sealed, created_at=now)

    def open(self, owner: str, stored: SigningSecret) -> SecretStr:
        key = (owner, stored.secret_id)
        if key not in self._opened:
            self._opened[key] = self._cipher.open(stored.sealed, _context(owner, stored.secret_id))
        return self._opened[key]


def _context(owner: str, secret_id: str) -> dict[str, str]:
    return {"purpose": "webhook-signing", "owner": owner, "secret_id": secret_id}
