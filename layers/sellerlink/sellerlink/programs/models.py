from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from pydantic import BaseModel, Field

from sellerlink.marketplaces import Region

MIN_LOCK_DAYS = 29  # Amazon restates up to 28 days after the event
DEFAULT_LOCK_DAYS = 32


class SellerType(StrEnum):
    SELLER = "3P"
    VENDOR = "1P"


class ProgramStatus(StrEnum):
    ONBOARDING = "onboarding"
    ACTIVE = "active"
    PAUSED = "paused"


class ConnectionState(StrEnum):
    NOT_CONNECTED = "not_connected"
    CONNECTED = "connected"
    NEEDS_REAUTH = "needs_reauth"


class Onboarding(BaseModel):
    """What the onboarding has achieved so far; the checklist is derived from it."""

    amazon_ads: ConnectionState = ConnectionState.NOT_CONNECTED
    ads_profile_id: str | None = None
    selling_partner: ConnectionState = ConnectionState.NOT_CONNECTED
    catalog_imported_at: datetime | None = None
    default_terms_set: bool = False


class ChecklistStep(BaseModel):
    step: str
    title: str
    done: bool


class Program(BaseModel):
    program_id: str
    account_id: str
    name: str
    brand_name: str
    marketplace: str
    marketplace_id: str
    site: str
    currency: str
    region: Region
    seller_type: SellerType
    brand_registry_attested: bool
    status: ProgramStatus = ProgramStatus.ONBOARDING
    lock_period_days: int = DEFAULT_LOCK_DAYS
    onboarding: Onboarding = Field(default_factory=Onboarding)
    created_at: datetime
    updated_at: datetime

    @property
    def checklist(self) -> list[ChecklistStep]:
        state = self.onboarding
        steps = [
            ("connect_amazon_ads", "Connect Amazon Ads", state.amazon_ads is ConnectionState.CONNECTED),
            ("choose_ads_profile", "Choose the Amazon Ads profile", state.ads_profile_id is not None),
            (
                "connect_selling_partner",
                "Connect Vendor Central"
                if self.seller_type is SellerType.VENDOR
                else "Connect Seller Central",
                state.selling_partner is ConnectionState.CONNECTED,
            ),
            ("import_catalog", "Import the catalog", state.catalog_imported_at is not None),
            ("set_default_terms", "Set the default commission terms", state.default_terms_set),
        ]
        return [ChecklistStep(step=step, title=title, done=done) for step, title, done in steps]

    @property
    def missing_steps(self) -> list[ChecklistStep]:
        return [step for step in self.checklist if not step.done]


class ProgramCreate(BaseModel):
    marketplace: str = Field(description="One of US, CA, MX, UK, DE, FR, IT, ES, NL.", examples=["US"])
    seller_type: SellerType = Field(description="3P for Seller Central, 1P for Vendor Central.")
    brand_name: str = Field(
        min_length=1, max_length=100, description="The brand as Amazon Brand Registry knows it."
    )
    brand_registry: bool = Field(description="The brand is enrolled in Amazon Brand Registry (required).")
    name: str | None = Field(default=None, max_length=100, description="Defaults to '<brand> <marketplace>'.")


class ProgramUpdate(BaseModel):
    name: str | None = Field(default=None, min_length=1, max_length=100)
    brand_name: str | None = Field(default=None, min_length=1, max_length=100)
    lock_period_days: int | None = Field(
        default=None,
        ge=MIN_LOCK_DAYS,
        le=365,
        description="Days after which an event date locks; longer than Amazon's 28-day restatement.",
    )


class ProgramView(BaseModel):
    """A program as the API shows it, with its onboarding checklist."""

    program_id: str
    name: str
    brand_name: str
    marketplace: str
    marketplace_id: str
    site: str
    currency: str
    region: Region
    seller_type: SellerType
    status: ProgramStatus
    lock_period_days: int
    onboarding: Onboarding
    checklist: list[ChecklistStep]
    created_at: datetime
    updated_at: datetime

    @classmethod
    def of(cls, program: Program) -> ProgramView:
        return cls.model_validate({**program.model_dump(), "checklist": program.checklist})
