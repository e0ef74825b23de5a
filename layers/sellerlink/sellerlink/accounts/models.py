from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from pydantic import ConfigDict, Field

from sellerlink.model import Model


class Edition(StrEnum):
    STARTER = "starter"
    PRO = "pro"
    ENTERPRISE = "enterprise"
    LEAD_GEN = "lead_gen"


class Role(StrEnum):
    ADMIN = "admin"
    MANAGER = "manager"
    VIEWER = "viewer"


class PrincipalKind(StrEnum):
    OPERATOR = "operator"
    BRAND = "brand"
    PARTNER = "partner"


class Account(Model):
    account_id: str
    name: str
    edition: Edition
    seller_program_limit: int | None = Field(
        default=None,
        description="How many Seller programs the account may create on its own; null means no limit.",
    )
    program_count: int = 0
    contact_email: str | None = Field(
        default=None, description="The account's own address: e-mails to the brand's admins go here too."
    )
    created_at: datetime


class ApiKey(Model):
    """What is stored of a key: never the key itself, only its hash."""

    key_id: str
    account_id: str
    role: Role
    name: str
    email: str | None = Field(default=None, description="The address of the person holding the key.")
    created_at: datetime
    revoked_at: datetime | None = None


class PartnerKey(Model):
    """A partner account's key as stored: only its hash is kept, next to it."""

    key_id: str
    partner_id: str
    name: str
    created_at: datetime
    revoked_at: datetime | None = None


class IssuedKey(Model):
    """A key as it is handed out: the only time its secret is shown."""

    key: str = Field(description="The API key. It is shown once; Sellerlink keeps only its hash.")
    key_id: str
    role: Role
    name: str
    email: str | None = None

    @classmethod
    def of(cls, raw: str, key: ApiKey) -> IssuedKey:
        return cls(key=raw, key_id=key.key_id, role=key.role, name=key.name, email=key.email)


class Principal(Model):
    """Who is calling, as its API key says."""

    model_config = ConfigDict(frozen=True)

    kind: PrincipalKind
    account_id: str | None = None
    role: Role | None = None
    key_id: str | None = None
    partner_id: str | None = None
