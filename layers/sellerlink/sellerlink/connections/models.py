from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sellerlink.marketplaces import Region
from sellerlink.model import Model
from sellerlink.programs.models import ConnectionState


class ConnectionKind(StrEnum):
    AMAZON_ADS = "amazon-ads"
    SELLING_PARTNER = "selling-partner"

    @property
    def display_name(self) -> str:
        return "Amazon Ads" if self is ConnectionKind.AMAZON_ADS else "Seller or Vendor Central"


class EncryptedSecret(Model):
    """Envelope encryption: a KMS-encrypted data key and AES-GCM ciphertext (base64)."""

    encrypted_key: str
    nonce: str
    ciphertext: str


class Connection(Model):
    account_id: str
    program_id: str
    kind: ConnectionKind
    region: Region
    state: ConnectionState
    refresh_token: EncryptedSecret
    selling_partner_id: str | None = None
    connected_at: datetime
