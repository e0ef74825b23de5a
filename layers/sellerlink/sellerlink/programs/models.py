from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Annotated

from pydantic import Field, HttpUrl, computed_field, field_validator
from pydantic_core import PydanticCustomError

from sellerlink.marketplaces import Region
from sellerlink.model import Model

# Amazon restates up to 28 days after the event and its data arrives up to 2 days late: a date
# locks at least a month and 2 days after it (DESIGN.md, "The commission ledger").
MIN_LOCK_DAYS = 32
DEFAULT_LOCK_DAYS = 32
LOCK_TOO_SHORT = (
    f"must be at least {MIN_LOCK_DAYS} days: Amazon restates sales up to 28 days after the event and "
    "its data arrives up to 2 days late, so a shorter lock would freeze numbers Amazon may still change"
)


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


class ProfileCandidate(Model):
    """An Amazon Ads profile the brand may choose for this program."""

    profile_id: str
    account_type: str = Field(description="seller, vendor or agency, as Amazon Ads says")
    account_name: str
    account_id: str


PERCENT = "products_seen out of expected_total, 0 to 100; null until Amazon gives a total."


class CatalogImportProgress(Model):
    status: str = Field(
        description="running, succeeded, incomplete (some products out of reach, or none found: "
        "`onboarding.problem` says why) or failed"
    )
    source: str = Field(
        default="catalog_search",
        description="merchant_listings (a seller's listings report: every ASIN it offers) or catalog_search",
    )
    started_at: datetime
    finished_at: datetime | None = None
    products_seen: int = 0
    pages_read: int = 0
    expected_total: int | None = Field(
        default=None, description="How many products Amazon says there are, once it has said so."
    )
    unreachable: int = Field(default=0, description="Products Amazon's 1,000-result limit kept out of reach.")
    error: str | None = None

    @computed_field(description=PERCENT)  # type: ignore[prop-decorator]
    @property
    def percent(self) -> int | None:
        if not self.expected_total:
            return 100 if self.status == "succeeded" else None
        return min(100, self.products_seen * 100 // self.expected_total)


class Backfill(Model):
    """The history read once, after the first successful Amazon Ads connection: 13 months of
    PERFORMANCE and 90 days of PRODUCTS, as one background pull."""

    pull_id: str
    from_date: date
    to_date: date
    started_at: datetime


class BackfillProgress(Backfill):
    status: str = Field(description="RUNNING, SUCCEEDED or FAILED (the pull's status)")
    jobs_read: int = Field(description="Report windows read so far.")
    jobs_total: int = Field(description="Report windows to read (31 days each, per report).")
    pages_read: int
    rows_read: int
    entries_appended: int
    error: str | None = None

    @computed_field(description="jobs_read out of jobs_total, 0 to 100.")  # type: ignore[prop-decorator]
    @property
    def percent(self) -> int:
        if self.status == "SUCCEEDED" or not self.jobs_total:
            return 100
        return min(100, self.jobs_read * 100 // self.jobs_total)


class Onboarding(Model):
    """What the onboarding has achieved so far; the checklist is derived from it."""

    amazon_ads: ConnectionState = ConnectionState.NOT_CONNECTED
    ads_profile_id: str | None = None
    advertiser_id: str | None = None
    tag_template: str | None = Field(
        default=None,
        description="Amazon's non-macro tag template for this advertiser; links are built from it.",
    )
    profile_candidates: list[ProfileCandidate] = Field(
        default_factory=list, description="Profiles to choose from with PUT /v1/programs/{id}/amazon/profile."
    )
    selling_partner_id: str | None = None
    catalog_import: CatalogImportProgress | None = None
    problem: str | None = Field(
        default=None, description="What stops onboarding now, and what to do about it."
    )
    problem_step: str | None = Field(
        default=None, description="The checklist step the problem stops (it goes once that step succeeds)."
    )
    selling_partner: ConnectionState = ConnectionState.NOT_CONNECTED
    catalog_imported_at: datetime | None = None
    product_count: int | None = Field(
        default=None, description="Active products after the last complete catalog import."
    )
    default_terms_set: bool = False
    backfill: Backfill | None = Field(
        default=None, description="The history read after the first Amazon Ads connection."
    )


class ApplicationField(StrEnum):
    """What a program may ask every application to fill in."""

    WEBSITE = "website"
    AUDIENCE_SIZE = "audience_size"
    AUDIENCE_DESCRIPTION = "audience_description"
    PROMOTION_METHODS = "promotion_methods"
    MESSAGE = "message"


class ApplicationRequirements(Model):
    text: str = Field(
        default="", max_length=2000, description="What the brand looks for in a partner, in its own words."
    )
    required_fields: list[ApplicationField] = Field(
        default_factory=list, description="Fields an application must fill in (422 names the missing ones)."
    )


class PublicPayout(Model):
    type: str = Field(description="percent, per_purchase or per_unit")
    value: Decimal = Field(description="A percentage of sales, or an amount in the program's currency.")


class PublicPayoutGroup(Model):
    name: str
    payout: PublicPayout
    asin_count: int


class PublicPromotion(Model):
    name: str
    start: date
    end: date
    payout: PublicPayout
    asin_count: int


class PublicTerms(Model):
    """One version of the program's own terms as any partner may see it (never private terms)."""

    effective_date: date
    default: PublicPayout
    payout_groups: list[PublicPayoutGroup] = Field(default_factory=list)
    promotions: list[PublicPromotion] = Field(default_factory=list)


class ChecklistStep(Model):
    step: str
    title: str
    done: bool


class Program(Model):
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
    return_url: str | None = None
    onboarding: Onboarding = Field(default_factory=Onboarding)
    listed: bool = Field(default=False, description="Shown to every partner in GET /v1/marketplace/programs.")
    description: str | None = None
    logo_url: str | None = None
    categories: list[str] = Field(default_factory=list)
    application_requirements: ApplicationRequirements = Field(default_factory=ApplicationRequirements)
    public_terms: list[PublicTerms] = Field(
        default_factory=list,
        description="The program's terms from the version in force when they were last set onwards.",
    )
    created_at: datetime
    updated_at: datetime

    @property
    def checklist(self) -> list[ChecklistStep]:
        state = self.onboarding
        steps = [
            (
                "connect_amazon_ads",
                _connect("Amazon Ads", state.amazon_ads),
                state.amazon_ads is ConnectionState.CONNECTED,
            ),
            ("choose_ads_profile", "Choose the Amazon Ads profile", state.ads_profile_id is not None),
            (
                "connect_selling_partner",
                _connect(self.central, state.selling_partner),
                state.selling_partner is ConnectionState.CONNECTED,
            ),
            ("import_catalog", _import_title(state.catalog_import), state.catalog_imported_at is not None),
            ("set_default_terms", "Set the default commission terms", state.default_terms_set),
        ]
        return [ChecklistStep(step=step, title=title, done=done) for step, title, done in steps]

    @property
    def central(self) -> str:
        return "Vendor Central" if self.seller_type is SellerType.VENDOR else "Seller Central"

    @property
    def missing_steps(self) -> list[ChecklistStep]:
        return [step for step in self.checklist if not step.done]


def _import_title(progress: CatalogImportProgress | None) -> str:
    if progress is not None and progress.status == "incomplete" and progress.unreachable:
        return f"Import the catalog ({progress.unreachable:,} products still out of reach)"
    return "Import the catalog"


def _connect(what: str, state: ConnectionState) -> str:
    if state is ConnectionState.NEEDS_REAUTH:
        return f"Reconnect {what} (Amazon no longer accepts the authorization)"
    return f"Connect {what}"


class ProgramCreate(Model):
    marketplace: str = Field(description="One of US, CA, MX, UK, DE, FR, IT, ES, NL.", examples=["US"])
    seller_type: SellerType = Field(description="3P for Seller Central, 1P for Vendor Central.")
    brand_name: str = Field(
        min_length=1, max_length=100, description="The brand as Amazon Brand Registry knows it."
    )
    brand_registry: bool = Field(description="The brand is enrolled in Amazon Brand Registry (required).")
    name: str | None = Field(default=None, max_length=100, description="Defaults to '<brand> <marketplace>'.")


Category = Annotated[str, Field(min_length=1, max_length=50)]


class ProgramUpdate(Model):
    name: str | None = Field(default=None, min_length=1, max_length=100)
    brand_name: str | None = Field(default=None, min_length=1, max_length=100)
    lock_period_days: int | None = Field(
        default=None,
        le=365,
        description=f"Days after which an event date locks: {MIN_LOCK_DAYS} to 365, longer than Amazon's "
        "28-day restatement and 2-day latency.",
    )
    return_url: HttpUrl | None = Field(
        default=None,
        description="Where Amazon sign-ins return the brand, with ?connection=..&outcome=..&message=..",
    )
    listed: bool | None = Field(
        default=None, description="List the program in the partners' marketplace (off by default)."
    )
    description: str | None = Field(
        default=None, max_length=500, description="A short description partners read in the marketplace."
    )
    logo_url: HttpUrl | None = Field(default=None, description="The brand's logo, shown in the marketplace.")
    categories: list[Category] | None = Field(
        default=None, max_length=10, description="What the brand sells, e.g. 'outdoor', 'camping'."
    )
    application_requirements: ApplicationRequirements | None = Field(
        default=None, description="What every application must say; replaces the previous requirements."
    )

    @field_validator("lock_period_days")
    @classmethod
    def _lock_after_restatement(cls, days: int | None) -> int | None:
        if days is not None and days < MIN_LOCK_DAYS:
            raise PydanticCustomError("lock_period_too_short", LOCK_TOO_SHORT)
        return days


class ProgramView(Program):
    """A program as the API shows it: its onboarding checklist, without internal fields."""

    account_id: str = Field(exclude=True)
    brand_registry_attested: bool = Field(exclude=True)
    backfill: BackfillProgress | None = Field(
        default=None, description="How far the first Amazon Ads connection's history backfill has read."
    )
    public_terms: list[PublicTerms] = Field(default_factory=list, exclude=True)

    @computed_field  # type: ignore[prop-decorator]
    @property
    def checklist(self) -> list[ChecklistStep]:
        return super().checklist

    @classmethod
    def of(cls, program: Program) -> ProgramView:
        return cls.model_validate(program.model_dump())
