"""Setting and reading terms: every change is a new, validated, immutable version."""

from __future__ import annotations

from datetime import date

from sellerlink.accounts.models import Principal
from sellerlink.accounts.permissions import require_editor
from sellerlink.catalog.dal import ProductStore
from sellerlink.clock import Clock
from sellerlink.errors import Conflict, NotFound, Unprocessable
from sellerlink.marketplaces import MARKETPLACES
from sellerlink.partners.dal import PartnerStore
from sellerlink.partners.logic import open_to_partners
from sellerlink.programs.dal import ProgramStore
from sellerlink.programs.logic import get_program
from sellerlink.programs.models import Program, PublicPayout, PublicPayoutGroup, PublicPromotion, PublicTerms
from sellerlink.terms import rules
from sellerlink.terms.commission import TermsSchedule
from sellerlink.terms.dal import TermsStore, VersionTaken
from sellerlink.terms.models import Payout, TermsRequest, TermsVersion

PROMO_CODES_REFUSAL = (
    "Promo codes cannot be tracked in a Seller program: Amazon Attribution returns no promo-code or "
    "coupon data, so a code's sales cannot be credited to a partner. Give partners tracking links instead."
)


def set_terms(
    terms: TermsStore,
    programs: ProgramStore,
    partners: PartnerStore,
    products: ProductStore,
    clock: Clock,
    principal: Principal,
    program_id: str,
    request: TermsRequest,
    partner_id: str | None = None,
) -> TermsVersion:
    """A new version of the program's terms, or of one partner's private terms."""
    require_editor(principal, "change commission terms")
    program = get_program(programs, principal, program_id)
    if partner_id:
        _require_member(partners, program, partner_id)
    version = _validated(terms, products, clock, program, request, partner_id)
    try:
        terms.add(version)
    except VersionTaken:
        raise Conflict("The terms changed while you were saving yours; read them again and resend.") from None
    if partner_id is None:
        _mark_default_terms_set(programs, partners, program)
        _publish(terms, programs, program, clock.now().date())
    return version


def history(
    terms: TermsStore,
    programs: ProgramStore,
    partners: PartnerStore,
    principal: Principal,
    program_id: str,
    partner_id: str | None = None,
) -> list[TermsVersion]:
    """The program's versions, or one member's private ones (404 for a partner not a member)."""
    program = get_program(programs, principal, program_id)
    if partner_id:
        _require_member(partners, program, partner_id)
    return terms.history(program.account_id, program_id, partner_id)


def refuse_promo_codes(programs: ProgramStore, principal: Principal, program_id: str) -> None:
    """Always refused, once the caller may see the program: Amazon returns no promo-code data."""
    get_program(programs, principal, program_id)
    raise Unprocessable(PROMO_CODES_REFUSAL)


def _require_member(partners: PartnerStore, program: Program, partner_id: str) -> None:
    if partners.membership(program.account_id, program.program_id, partner_id) is None:
        raise NotFound(
            f"Partner {partner_id} is not a member of program {program.program_id}; invite it first."
        )


def _validated(
    terms: TermsStore,
    products: ProductStore,
    clock: Clock,
    program: Program,
    request: TermsRequest,
    partner_id: str | None,
) -> TermsVersion:
    marketplace = MARKETPLACES[program.marketplace]
    unit, currency = marketplace.minor_unit, marketplace.currency
    default = rules.payout(request.default, unit, currency)
    groups = rules.groups(request, unit, currency)
    promotions = rules.promotions(request, unit, currency)
    _check_catalog(products, program, rules.asins_of(request))
    now = clock.now()
    return TermsVersion(
        account_id=program.account_id,
        program_id=program.program_id,
        partner_id=partner_id,
        version=terms.latest_version(program.account_id, program.program_id, partner_id) + 1,
        effective_date=rules.effective_date(request.effective_date, now.date()),
        default=default,
        payout_groups=groups,
        promotions=promotions,
        created_at=now,
    )


def _check_catalog(products: ProductStore, program: Program, asins: set[str]) -> None:
    found = products.get_many(program.account_id, program.program_id, asins)
    missing = sorted(asins - set(found))
    if missing:
        raise Unprocessable(
            f"ASIN {', '.join(missing[:10])} is not in the program's imported catalog; "
            "import the catalog again or remove it from the terms.",
            asins=missing,
        )


def _publish(terms: TermsStore, programs: ProgramStore, program: Program, today: date) -> None:
    """What every partner may read of the program's terms: from the version in force today on."""
    schedule = TermsSchedule(terms.history(program.account_id, program.program_id, None))
    public = [public_terms(version, start) for start, version in schedule.from_day(today)]
    programs.set_public_terms(program.account_id, program.program_id, public)


def public_terms(version: TermsVersion, applies_from: date) -> PublicTerms:
    """A version without its ASIN lists (how many ASINs each group and promotion covers)."""
    return PublicTerms(
        effective_date=applies_from,
        default=_public(version.default),
        payout_groups=[
            PublicPayoutGroup(name=g.name, payout=_public(g.payout), asin_count=len(g.asins))
            for g in version.payout_groups
        ],
        promotions=[
            PublicPromotion(
                name=p.name, start=p.start, end=p.end, payout=_public(p.payout), asin_count=len(p.asins)
            )
            for p in version.promotions
        ],
    )


def _public(payout: Payout) -> PublicPayout:
    return PublicPayout(type=payout.type.value, value=payout.value)


def _mark_default_terms_set(programs: ProgramStore, partners: PartnerStore, program: Program) -> None:
    open_to_partners(partners, program)
    if not program.onboarding.default_terms_set:
        programs.update_onboarding(program.account_id, program.program_id, default_terms_set=True)
