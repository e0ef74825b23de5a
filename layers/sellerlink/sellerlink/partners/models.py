from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from enum import StrEnum
from typing import Annotated

from pydantic import Field

from sellerlink.email.address import EmailAddress
from sellerlink.model import Model
from sellerlink.programs.models import ApplicationField


class MembershipStatus(StrEnum):
    PENDING = "pending"
    INVITED = "invited"
    APPROVED = "approved"
    DECLINED = "declined"
    SUSPENDED = "suspended"
    TERMINATED = "terminated"


class MembershipAction(StrEnum):
    """What a brand can decide about a partner; `POST .../partners/{pid}/<action>`."""

    APPROVE = "approve"
    DECLINE = "decline"
    SUSPEND = "suspend"
    TERMINATE = "terminate"


class Partner(Model):
    """A creator, publisher or deal site: an account of its own, member of many programs."""

    partner_id: str
    name: str
    website: str | None = None
    email: str | None = Field(default=None, description="Where Sellerlink e-mails the partner.")
    created_at: datetime


PARTNER_EMAIL = "Where Sellerlink e-mails the partner (invitations, decisions, statements)."


class PartnerCreate(Model):
    name: str = Field(min_length=1, max_length=100, description="The partner's public name.")
    website: str | None = Field(default=None, max_length=300, description="Where the partner promotes.")
    email: EmailAddress | None = Field(default=None, description=PARTNER_EMAIL)


class PartnerUpdate(Model):
    """Only the fields sent change; `null` clears website or e-mail."""

    name: str | None = Field(default=None, min_length=1, max_length=100)
    website: str | None = Field(default=None, max_length=300)
    email: EmailAddress | None = Field(default=None, description=PARTNER_EMAIL)


class IssuedPartnerKey(Model):
    key: str = Field(
        description="The API key (`slk.<partner_id>.<key_id>.<secret>`); Sellerlink keeps its hash."
    )
    key_id: str
    name: str


class PartnerCreated(Model):
    partner: Partner
    key: IssuedPartnerKey = Field(description="The partner's first API key, shown once.")


class ApplicationForm(Model):
    """What a partner tells the brand when it applies; a program may require some fields."""

    website: str | None = Field(default=None, max_length=300, description="Where the partner promotes.")
    audience_size: int | None = Field(default=None, ge=0, description="Followers, subscribers or visitors.")
    audience_description: str | None = Field(default=None, max_length=1000)
    promotion_methods: list[Annotated[str, Field(max_length=100)]] | None = Field(
        default=None, max_length=10, description="e.g. 'YouTube reviews', 'deal newsletter'."
    )
    message: str | None = Field(default=None, max_length=2000, description="A note to the brand.")

    def missing(self, required: Iterable[ApplicationField]) -> list[ApplicationField]:
        return [field for field in required if getattr(self, field.value) in (None, "", [])]


class Membership(Model):
    """One partner in one program, with where the brand's decision stands."""

    account_id: str
    program_id: str
    partner_id: str
    partner_name: str
    status: MembershipStatus
    application: ApplicationForm | None = Field(default=None, description="What the partner applied with.")
    created_at: datetime
    updated_at: datetime


class PartnerPolicy(Model):
    """How a program takes partners in; also how a partner finds a program by its id alone."""

    account_id: str
    program_id: str
    auto_approve: bool = False


class Invitation(Model):
    partner_id: str = Field(description="The partner to invite (`ptr_...`).")


class PolicyUpdate(Model):
    auto_approve: bool = Field(description="Approve every application at once.")
