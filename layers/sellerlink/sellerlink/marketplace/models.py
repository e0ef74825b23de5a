"""Programs as partners see them: never the brand's margin (BRB, net cost), other partners or
their terms."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from pydantic import Field

from sellerlink.model import Model
from sellerlink.partners.models import MembershipStatus
from sellerlink.programs.models import ApplicationRequirements, ProgramStatus, PublicTerms
from sellerlink.terms.commission import RateSource
from sellerlink.terms.models import Payout, PayoutGroup, Promotion


class ListedProgram(Model):
    """A program in the marketplace: open to applications, with its public terms."""

    program_id: str
    name: str
    brand_name: str
    marketplace: str
    site: str
    currency: str
    description: str | None
    logo_url: str | None
    categories: list[str]
    product_count: int | None = Field(description="Active products the brand's catalog holds.")
    terms: PublicTerms | None = Field(description="The program's own terms in force today.")
    upcoming_terms: list[PublicTerms] = Field(description="Changes already scheduled, by effective date.")
    lock_period_days: int = Field(description="Days after which an event date's commissions are final.")
    auto_approve: bool = Field(description="Applications are approved at once.")
    application_requirements: ApplicationRequirements


class MarketplacePage(Model):
    programs: list[ListedProgram]
    next_cursor: str | None = Field(default=None, description="Send it as `cursor` for the next page.")


class Promotable(Model):
    active_products: int | None = Field(description="Active ASINs of the catalog (GET .../products).")
    landing_pages: str = Field(
        description="Where links may point: an active ASIN's detail page, or any page of the program's site."
    )


class PartnerProgramView(Model):
    """A program as its approved member reads it."""

    program_id: str
    name: str
    brand_name: str
    marketplace: str
    site: str
    currency: str
    status: ProgramStatus
    lock_period_days: int
    description: str | None
    logo_url: str | None
    categories: list[str]
    membership_status: MembershipStatus
    promotable: Promotable


class AppliedTerms(Model):
    """One terms version that applies or applied to this partner, and whose it is."""

    source: str = Field(description="`private`: this partner's own terms; `program`: the program's.")
    version: int
    effective_date: date
    default: Payout
    payout_groups: list[PayoutGroup]
    promotions: list[Promotion]


class PartnerTerms(Model):
    program_id: str
    currency: str
    in_force: AppliedTerms | None = Field(description="What conversions dated today earn.")
    versions: list[AppliedTerms] = Field(
        description="The program's versions and this partner's private ones, by effective date; a private "
        "version in force replaces the program's."
    )


class ProductCommission(Model):
    type: str = Field(description="percent, per_purchase or per_unit")
    value: Decimal = Field(description="The percentage, or the amount in the program's currency.")
    source: RateSource
    name: str | None = Field(description="The promotion's or payout group's name.")
    at_list_price: Decimal | None = Field(
        description="What one unit sold at its list price earns (null when Amazon gives no price)."
    )


class PartnerProduct(Model):
    asin: str
    title: str
    price: Decimal | None
    image_url: str | None
    detail_page: str
    commission: ProductCommission | None = Field(
        description="What this partner earns on it today; null before any terms take effect."
    )


class PartnerProductPage(Model):
    currency: str
    products: list[PartnerProduct]
    next_cursor: str | None = None
