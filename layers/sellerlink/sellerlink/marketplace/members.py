"""What an approved member reads of its program: the program, the terms that apply to it (its
private terms, else the program's) and the active products with its commission on each."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_EVEN, Decimal

from sellerlink.accounts.models import Principal
from sellerlink.accounts.permissions import require_partner
from sellerlink.catalog.dal import ProductStore
from sellerlink.catalog.models import Product
from sellerlink.clock import Clock
from sellerlink.links.landing import detail_page
from sellerlink.marketplace.models import (
    AppliedTerms,
    PartnerProduct,
    PartnerProductPage,
    PartnerProgramView,
    PartnerTerms,
    ProductCommission,
    Promotable,
)
from sellerlink.marketplaces import MARKETPLACES
from sellerlink.partners.dal import PartnerStore
from sellerlink.partners.logic import program_for_partner, require_approved
from sellerlink.partners.models import Membership
from sellerlink.programs.dal import ProgramStore
from sellerlink.programs.models import Program
from sellerlink.terms.commission import TermsSchedule, payout_for
from sellerlink.terms.dal import TermsStore
from sellerlink.terms.models import PayoutType, TermsVersion

PROGRAM, PRIVATE = "program", "private"
LANDING_PAGES = "An active ASIN's detail page (asin), or any page of {site} such as the brand's Store (url)."
HUNDRED = Decimal(100)


@dataclass(frozen=True)
class MemberStores:
    programs: ProgramStore
    partners: PartnerStore
    terms: TermsStore
    products: ProductStore
    clock: Clock


@dataclass(frozen=True)
class Member:
    program: Program
    membership: Membership


def member(stores: MemberStores, principal: Principal, program_id: str, to: str) -> Member:
    """The caller's approved membership of the program; 403 saying why not otherwise."""
    partner_id = require_partner(principal)
    program = program_for_partner(stores.partners, stores.programs, program_id)
    found = stores.partners.membership(program.account_id, program_id, partner_id)
    return Member(program, require_approved(found, partner_id, program_id, to))


def program_view(stores: MemberStores, principal: Principal, program_id: str) -> PartnerProgramView:
    found = member(stores, principal, program_id, "read the program")
    program = found.program
    return PartnerProgramView(
        program_id=program.program_id,
        name=program.name,
        brand_name=program.brand_name,
        marketplace=program.marketplace,
        site=program.site,
        currency=program.currency,
        status=program.status,
        lock_period_days=program.lock_period_days,
        description=program.description,
        logo_url=program.logo_url,
        categories=program.categories,
        membership_status=found.membership.status,
        promotable=Promotable(
            active_products=program.onboarding.product_count,
            landing_pages=LANDING_PAGES.format(site=f"www.{program.site}"),
        ),
    )


def terms_view(stores: MemberStores, principal: Principal, program_id: str) -> PartnerTerms:
    found = member(stores, principal, program_id, "read the program's terms")
    program_versions, private_versions = _versions(stores.terms, found)
    versions = [_applied(PROGRAM, v) for v in program_versions] + [
        _applied(PRIVATE, v) for v in private_versions
    ]
    current = _in_force(program_versions, private_versions, stores.clock.now().date())
    return PartnerTerms(
        program_id=program_id,
        currency=found.program.currency,
        in_force=_applied(*current) if current else None,
        versions=sorted(versions, key=lambda v: (v.effective_date, v.source, v.version)),
    )


def products_view(
    stores: MemberStores, principal: Principal, program_id: str, *, limit: int, cursor: str | None
) -> PartnerProductPage:
    found = member(stores, principal, program_id, "read the program's products")
    program, today = found.program, stores.clock.now().date()
    current = _in_force(*_versions(stores.terms, found), today)
    products, next_cursor = stores.products.active_page(
        program.account_id, program.program_id, limit=limit, cursor=cursor
    )
    terms = current[1] if current else None
    return PartnerProductPage(
        currency=program.currency,
        products=[_product(program, p, terms, today) for p in products],
        next_cursor=next_cursor,
    )


def _versions(terms: TermsStore, found: Member) -> tuple[list[TermsVersion], list[TermsVersion]]:
    program = found.program
    every = terms.all_of_program(program.account_id, program.program_id)
    own = found.membership.partner_id
    return [v for v in every if v.partner_id is None], [v for v in every if v.partner_id == own]


def _in_force(
    program: list[TermsVersion], private: list[TermsVersion], today: date
) -> tuple[str, TermsVersion] | None:
    """A private version in force replaces the program's (as the commission function decides)."""
    own = TermsSchedule(private).version_on(today)
    if own is not None:
        return PRIVATE, own
    shared = TermsSchedule(program).version_on(today)
    return (PROGRAM, shared) if shared is not None else None


def _applied(source: str, version: TermsVersion) -> AppliedTerms:
    return AppliedTerms(
        source=source,
        version=version.version,
        effective_date=version.effective_date,
        default=version.default,
        payout_groups=version.payout_groups,
        promotions=version.promotions,
    )


def _product(program: Program, product: Product, terms: TermsVersion | None, today: date) -> PartnerProduct:
    return PartnerProduct(
        asin=product.asin,
        title=product.title,
        price=product.price,
        image_url=product.image_url,
        detail_page=detail_page(program.site, product.asin).url,
        commission=_commission(program, product, terms, today) if terms else None,
    )


def _commission(program: Program, product: Product, terms: TermsVersion, today: date) -> ProductCommission:
    payout, source, name = payout_for(terms, product.asin, today)
    return ProductCommission(
        type=payout.type.value,
        value=payout.value,
        source=source,
        name=name,
        at_list_price=_at_list_price(payout.type, payout.value, product.price, program.marketplace),
    )


def _at_list_price(
    kind: PayoutType, value: Decimal, price: Decimal | None, marketplace: str
) -> Decimal | None:
    if kind is not PayoutType.PERCENT:
        return value
    if price is None:
        return None
    return (price * value / HUNDRED).quantize(MARKETPLACES[marketplace].minor_unit, rounding=ROUND_HALF_EVEN)
