"""Refresh tokens are encrypted before they are stored: KMS gives a data key per secret
(envelope encryption), AES-256-GCM seals the token, and the encryption context binds the
ciphertext to its account, program and kind, so it cannot be replayed elsewhere."""

from __future__ import annotations

import base64
import os
from typing import Any, Protocol

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from pydantic import SecretStr

from sellerlink.connections.models import EncryptedSecret


class TokenCipher(Protocol):
    def seal(self, secret: SecretStr, context: dict[str, str]) -> EncryptedSecret: ...

    def open(self, sealed: EncryptedSecret, context: dict[str, str]) -> SecretStr: ...


class KmsEnvelopeCipher:
    def __init__(self, kms: Any, key_id: str) -> None:
        self._kms, self._key_id = kms, key_id

    def seal(self, secret: SecretStr, context: dict[str, str]) -> EncryptedSecret:
        data_key = self._kms.generate_data_key(
            KeyId=self._key_id, KeySpec="AES_256", EncryptionContext=context
        )
        nonce = os.urandom(12)
        sealed = AESGCM(data_key["Plaintext"]).encrypt(
            nonce, secret.get_secret_value().encode(), _aad(context)
        )
        return EncryptedSecret(
            encrypted_key=_b64(data_key["CiphertextBlob"]), nonce=_b64(nonce), ciphertext=_b64(sealed)
        )

    def open(self, sealed: EncryptedSecret, context: dict[str, str]) -> SecretStr:
        key = self._kms.decrypt(
            CiphertextBlob=base64.b64decode(sealed.encrypted_key), EncryptionContext=context
        )
        plain = AESGCM(key["Plaintext"]).decrypt(
            base64.b64decode(sealed.nonce), base64.b64decode(sealed.ciphertext), _aad(context)
        )
        return SecretStr(plain.decode())


def _aad(context: dict[str, str]) -> bytes:
    return "&".join(f"{k}={v}" for k, v in sorted(context.items())).encode()


def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode()
