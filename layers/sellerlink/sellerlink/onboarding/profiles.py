"""Which Amazon Ads profile measures the program, and turning measurement on for it.

Profiles of other marketplaces and legacy AMAZON_ATTRIBUTION profiles are dropped; a profile
of the wrong account type is explained, never used; when several remain, the brand chooses.
"""

from __future__ import annotations

from collections.abc import Callable

from pydantic import SecretStr

from sellerlink.accounts.models import Principal
from sellerlink.accounts.permissions import require_editor
from sellerlink.amazon.ads import AdsProfile, AttributionForbidden
from sellerlink.connections.models import ConnectionKind
from sellerlink.errors import Conflict, Unprocessable
from sellerlink.onboarding.context import OnboardingContext
from sellerlink.programs.logic import get_program
from sellerlink.programs.models import ConnectionState, ProfileCandidate, Program, SellerType

ACCOUNT_TYPES = {SellerType.SELLER: "seller", SellerType.VENDOR: "vendor"}
CENTRAL = {"seller": "Seller Central (3P)", "vendor": "Vendor Central (1P)", "agency": "an agency account"}


class OnboardingProblem(Unprocessable):
    """Amazon's answer stops the onboarding; the message says what the brand should do."""


def candidates_for(program: Program, profiles: list[AdsProfile]) -> list[ProfileCandidate]:
    """The program marketplace's profiles, legacy Attribution profiles left out."""
    return [
        ProfileCandidate(
            profile_id=p.profile_id,
            account_type=p.account.type,
            account_name=p.account.name,
            account_id=p.account.id,
        )
        for p in profiles
        if p.account.marketplace_id == program.marketplace_id and not p.is_legacy_attribution
    ]


def after_ads_consent(
    ctx: OnboardingContext, program: Program, token: SecretStr, keep: Callable[[], Program]
) -> Program:
    """Picks the profile when exactly one fits, else waits for the brand's choice. `keep` stores
    the connection, once Amazon's answers show it can measure this program (never before)."""
    candidates = candidates_for(program, ctx.amazon.ads(program.region).profiles(token))
    fitting = [c for c in candidates if _fits(program, c)]
    if not candidates:
        raise OnboardingProblem(_no_profile(program))
    if not fitting:
        raise OnboardingProblem(_wrong_type(program, candidates[0]))
    if len(candidates) == 1:
        enable_measurement(ctx, program, fitting[0], token)
        return keep()
    keep()
    return ctx.programs.update_onboarding(
        program.account_id,
        program.program_id,
        profile_candidates=candidates,
        ads_profile_id=None,
        problem_step="choose_ads_profile",
        problem=f"Amazon Ads has {len(candidates)} profiles for {program.site}; choose the one to measure "
        "with PUT /v1/programs/{id}/amazon/profile.",
    )


def choose_profile(ctx: OnboardingContext, principal: Principal, program_id: str, profile_id: str) -> Program:
    require_editor(principal, "choose the Amazon Ads profile")
    program = get_program(ctx.programs, principal, program_id)
    if program.onboarding.amazon_ads is not ConnectionState.CONNECTED:
        raise Conflict("Connect Amazon Ads first; the profiles to choose from come from that sign-in.")
    chosen = next((c for c in program.onboarding.profile_candidates if c.profile_id == profile_id), None)
    if chosen is None:
        offered = ", ".join(c.profile_id for c in program.onboarding.profile_candidates) or "none"
        raise Unprocessable(f"Profile {profile_id} is not one of this program's candidates ({offered}).")
    if not _fits(program, chosen):
        raise Unprocessable(_wrong_type(program, chosen))
    token = ctx.tokens.access_token(program.account_id, program.program_id, ConnectionKind.AMAZON_ADS)
    return enable_measurement(ctx, program, chosen, token)


def enable_measurement(
    ctx: OnboardingContext, program: Program, chosen: ProfileCandidate, token: SecretStr
) -> Program:
    """Advertiser, publisher and the non-macro tag template; fetching the tag turns measurement on."""
    ads = ctx.amazon.ads(program.region)
    try:
        advertiser = ads.advertisers(token, chosen.profile_id)[0]
        publisher = next(p for p in ads.publishers(token, chosen.profile_id) if not p.macro_enabled)
        template = ads.non_macro_template(token, chosen.profile_id, advertiser, publisher.id)
    except AttributionForbidden as refused:
        problem = _forbidden(program, refused)
        ctx.programs.report_problem(program.account_id, program.program_id, "connect_amazon_ads", problem)
        raise OnboardingProblem(problem) from None
    measured = ctx.programs.update_onboarding(
        program.account_id,
        program.program_id,
        ads_profile_id=chosen.profile_id,
        advertiser_id=advertiser,
        tag_template=template,
        profile_candidates=[chosen],
        problem=None,
        problem_step=None,
    )
    ctx.backfill(measured)  # the first time only: the history Amazon keeps, in the background
    return ctx.programs.get(program.account_id, program.program_id) or measured


def _fits(program: Program, candidate: ProfileCandidate) -> bool:
    return candidate.account_type in (ACCOUNT_TYPES[program.seller_type], "agency")


def _no_profile(program: Program) -> str:
    return (
        f"The Amazon user who signed in has no Amazon Ads profile for {program.site}. Sign in with a user "
        "who has Admin access to the brand's advertising account, or ask its administrator to grant it in "
        "Amazon Ads (Administration → User management), then connect Amazon Ads again."
    )


def _wrong_type(program: Program, found: ProfileCandidate) -> str:
    expected = CENTRAL[ACCOUNT_TYPES[program.seller_type]]
    return (
        f"Amazon Ads returned {CENTRAL.get(found.account_type, found.account_type)} account "
        f"'{found.account_name}', but this program is for {expected}. Sign out of Amazon "
        f"(www.{program.site} → Sign out), sign in with the {expected} account's user, and connect again."
    )


def _forbidden(program: Program, refused: AttributionForbidden) -> str:
    if refused.brand_registry_missing:
        return (
            f"Amazon Attribution refused the profile: {program.brand_name} is not enrolled in Amazon Brand "
            "Registry. Enrol the brand (brandservices.amazon.com), then connect Amazon Ads again."
        )
    return (
        "Amazon Attribution refused the profile: the Amazon user who signed in lacks Admin access to the "
        "advertising account. Ask its administrator to grant Admin access in Amazon Ads (Administration → "
        "User management) or to connect Amazon Ads themselves."
    )
