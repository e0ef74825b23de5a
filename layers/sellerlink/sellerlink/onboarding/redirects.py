"""Amazon's redirects back: verify the state, exchange the code, keep the refresh token
encrypted, then take the next onboarding step. Every outcome is a sentence for the brand."""

from __future__ import annotations

from collections.abc import Mapping

from pydantic import SecretStr

from sellerlink.amazon.lwa import InvalidGrant, TokenGrant
from sellerlink.amazon.transport import AmazonError
from sellerlink.connections.models import Connection, ConnectionKind
from sellerlink.errors import SellerlinkError
from sellerlink.model import Model
from sellerlink.onboarding import binding
from sellerlink.onboarding.context import OnboardingContext
from sellerlink.onboarding.oauth_state import InvalidState
from sellerlink.onboarding.profiles import after_ads_consent
from sellerlink.programs.models import ConnectionState, Program


class Outcome(Model):
    connection: ConnectionKind
    ok: bool
    message: str
    program_id: str | None = None
    return_url: str | None = None


def complete_ads(ctx: OnboardingContext, query: dict[str, str], cookies: Mapping[str, str]) -> Outcome:
    kind = ConnectionKind.AMAZON_ADS
    try:
        program, grant = _authorize(ctx, kind, query, query.get("code"), cookies)
        after = after_ads_consent(
            ctx, program, grant.access_token, keep=lambda: _store(ctx, program, kind, grant)
        )
    except _Stopped as stopped:
        return stopped.outcome
    except (SellerlinkError, AmazonError) as problem:
        return _failed(ctx, kind, program, _sentence(problem))
    if after.onboarding.ads_profile_id:
        return _done(kind, after, "Amazon Ads is connected and Amazon Attribution measures this program.")
    return _done(kind, after, after.onboarding.problem or "Choose the Amazon Ads profile to measure with.")


def complete_selling_partner(
    ctx: OnboardingContext, query: dict[str, str], cookies: Mapping[str, str]
) -> Outcome:
    kind = ConnectionKind.SELLING_PARTNER
    try:
        program, grant = _authorize(ctx, kind, query, query.get("spapi_oauth_code"), cookies)
        selling = ctx.amazon.selling_partner(program.region)
        if program.marketplace_id not in selling.participating_marketplaces(grant.access_token):
            raise _Stopped(_failed(ctx, kind, program, _not_participating(program)))
    except _Stopped as stopped:
        return stopped.outcome
    except AmazonError as problem:
        return _failed(ctx, kind, program, _sentence(problem))
    _store(ctx, program, kind, grant, query.get("selling_partner_id"))
    ctx.programs.clear_problem(program.account_id, program.program_id, STEPS[kind])
    ctx.catalog.start(program)
    return _done(
        kind, program, "Connected. Sellerlink is importing the catalog; the program shows its progress."
    )


class _Stopped(Exception):
    def __init__(self, outcome: Outcome) -> None:
        super().__init__(outcome.message)
        self.outcome = outcome


def _authorize(
    ctx: OnboardingContext,
    kind: ConnectionKind,
    query: dict[str, str],
    code: str | None,
    cookies: Mapping[str, str],
) -> tuple[Program, TokenGrant]:
    """State (Sellerlink's, unexpired, for this connection, from the browser that started the flow,
    unused), consent and code exchange. Nothing is stored until Amazon's side checks out; a state
    that comes back without its browser's cookie is left unspent for the browser that has it."""
    token = query.get("state")
    try:
        state = ctx.states.opened(token, kind)
        if not binding.bound(state, token or "", cookies):
            raise InvalidState(binding.REFUSAL)
        redeemed = ctx.states.redeem(token, kind)
    except SellerlinkError as invalid:
        raise _Stopped(Outcome(connection=kind, ok=False, message=invalid.detail)) from None
    program = ctx.programs.get(redeemed.state.account_id, redeemed.state.program_id)
    if program is None:
        raise _Stopped(
            Outcome(connection=kind, ok=False, message="The program of this sign-in no longer exists.")
        )
    if query.get("error") or not code:
        denied = "You declined" if query.get("error") == "access_denied" else "Amazon did not grant"
        raise _Stopped(
            _failed(
                ctx,
                kind,
                program,
                f"{denied} access at Amazon, so {kind.display_name} is not "
                "connected. Start again from the checklist and choose Allow.",
            )
        )
    try:
        lwa = ctx.amazon.lwa(program.region)
        grant = lwa.exchange_code(code, redeemed.redirect_uri, redeemed.code_verifier)
    except InvalidGrant:
        raise _Stopped(
            _failed(
                ctx,
                kind,
                program,
                "Amazon says this sign-in code was already used or has expired "
                "(codes last 5 minutes). Start again from the checklist.",
            )
        ) from None
    except AmazonError as problem:
        raise _Stopped(_failed(ctx, kind, program, _sentence(problem))) from None
    return program, grant


def _store(
    ctx: OnboardingContext,
    program: Program,
    kind: ConnectionKind,
    grant: TokenGrant,
    partner: str | None = None,
) -> Program:
    """The connection (refresh token sealed) and its checklist step."""
    refresh = grant.refresh_token or SecretStr("")
    connection = Connection(
        account_id=program.account_id,
        program_id=program.program_id,
        kind=kind,
        region=program.region,
        state=ConnectionState.CONNECTED,
        connected_at=ctx.clock.now(),
        selling_partner_id=partner,
        refresh_token=ctx.tokens.seal(program.account_id, program.program_id, kind, refresh),
    )
    ctx.connections.save(connection)
    ctx.tokens.remember(program.account_id, program.program_id, kind, grant)
    if kind is ConnectionKind.AMAZON_ADS:
        return ctx.programs.update_onboarding(
            program.account_id, program.program_id, amazon_ads=ConnectionState.CONNECTED
        )
    return ctx.programs.update_onboarding(
        program.account_id,
        program.program_id,
        selling_partner=ConnectionState.CONNECTED,
        selling_partner_id=partner,
    )


def _done(kind: ConnectionKind, program: Program, message: str) -> Outcome:
    return _outcome(kind, program, message, ok=True)


STEPS = {
    ConnectionKind.AMAZON_ADS: "connect_amazon_ads",
    ConnectionKind.SELLING_PARTNER: "connect_selling_partner",
}


def _failed(ctx: OnboardingContext, kind: ConnectionKind, program: Program, message: str) -> Outcome:
    """Every refusal lands in `onboarding.problem` too, for a brand that closed the page."""
    ctx.programs.report_problem(program.account_id, program.program_id, STEPS[kind], message)
    return _outcome(kind, program, message, ok=False)


def _outcome(kind: ConnectionKind, program: Program, message: str, *, ok: bool) -> Outcome:
    return Outcome(
        connection=kind, ok=ok, message=message, program_id=program.program_id, return_url=program.return_url
    )


def _sentence(problem: Exception) -> str:
    if isinstance(problem, SellerlinkError):
        return problem.detail
    return f"Amazon could not complete the step ({problem}). Try again in a few minutes."


def _not_participating(program: Program) -> str:
    return (
        f"The Amazon account that signed in does not sell on {program.site}. Sign out of Amazon, sign in "
        f"with the account that sells {program.brand_name} on {program.site}, and connect again."
    )
