from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from pydantic import BaseModel, Field


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


class Partner(BaseModel):
    """A creator, publisher or deal site: an account of its own, member of many programs."""

    partner_id: str
    name: str
    website: str | None = None
    created_at: datetime


class PartnerCreate(BaseModel):
    name: str = Field(min_length=1, max_length=100, description="The partner's public name.")
    website: str | None = Field(default=None, max_length=300, description="Where the partner promotes.")


class IssuedPartnerKey(BaseModel):
    key: str = Field(
        description="The API key (`slk.<partner_id>.<key_id>.<secret>`); Sellerlink keeps its hash."
    )
    key_id: str
    name: str


class PartnerCreated(BaseModel):
    partner: Partner
    key: IssuedPartnerKey = Field(description="The partner's first API key, shown once.")


class Membership(BaseModel):
    """One partner in one program, with where the brand's decision stands."""

    account_id: str
    program_id: str
    partner_id: str
    partner_name: str
    status: MembershipStatus
    created_at: datetime
    updated_at: datetime


class PartnerPolicy(BaseModel):
    """How a program takes partners in; also how a partner finds a program by its id alone."""

    account_id: str
    program_id: str
    auto_approve: bool = False


class Invitation(BaseModel):
    partner_id: str = Field(description="The partner to invite (`ptr_...`).")


class PolicyUpdate(BaseModel):
    auto_approve: bool = Field(description="Approve every application at once.")
