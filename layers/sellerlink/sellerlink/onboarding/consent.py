"""Starting a connection: Sellerlink's start URL, which binds the state to the brand's browser and
then sends it to the Amazon consent page of the program's region."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlencode

from pydantic import Field

from sellerlink.accounts.models import Principal
from sellerlink.accounts.permissions import require_editor
from sellerlink.connections.models import ConnectionKind
from sellerlink.model import Model
from sellerlink.onboarding import binding
from sellerlink.onboarding.context import OnboardingContext
from sellerlink.onboarding.oauth_state import STATE_LIFETIME
from sellerlink.programs.logic import get_program
from sellerlink.programs.models import Program, SellerType

ADS_SCOPE = "advertising::campaign_management"


class ConsentLink(Model):
    url: str = Field(
        description="Open it in the browser that signs in at Amazon: Sellerlink's start page, which "
        "remembers that browser (a cookie) and sends it on to Amazon."
    )
    expires_at: datetime


@dataclass(frozen=True)
class Started:
    """The start endpoint's answer: the cookie that binds the state, and Amazon's consent page."""

    location: str
    cookie: binding.FlowCookie


def consent_link(
    ctx: OnboardingContext,
    principal: Principal,
    program_id: str,
    kind: ConnectionKind,
    *,
    draft_app: bool,
    request_host: str,
) -> ConsentLink:
    """`draft_app`: Sellerlink's SP-API application is still a draft (consent URLs add version=beta).
    `request_host`: the host the brand called, for Amazon's way back when no public URL is set."""
    require_editor(principal, "connect Amazon accounts")
    program = get_program(ctx.programs, principal, program_id)
    redirect_uri = ctx.redirect_uri(kind, request_host)

    def amazon_url(state: str, challenge: str | None) -> str:
        if kind is ConnectionKind.AMAZON_ADS:
            return _ads_url(ctx, program, state, challenge, redirect_uri)
        return _selling_partner_url(ctx, program, state, draft_app, redirect_uri)

    issued = ctx.states.issue(
        program.account_id,
        program.program_id,
        str(principal.key_id),
        kind,
        pkce=kind is ConnectionKind.AMAZON_ADS,
        redirect_uri=redirect_uri,
        consent_url=amazon_url,
    )
    url = f"{ctx.start_uri(kind, request_host)}?{urlencode({'state': issued.token})}"
    return ConsentLink(url=url, expires_at=ctx.clock.now() + STATE_LIFETIME)


def start(ctx: OnboardingContext, kind: ConnectionKind, token: str | None) -> Started:
    """The brand's browser arrives with the state: bind it (a cookie) and send it to Amazon.
    InvalidState, saying to start again from the program, for a state that cannot be used."""
    state, consent = ctx.states.consent_url(token, kind)
    return Started(location=consent, cookie=binding.set_cookie(state, token or ""))


def _ads_url(
    ctx: OnboardingContext, program: Program, state: str, challenge: str | None, redirect_uri: str
) -> str:
    query = {
        "client_id": ctx.amazon.app.lwa_client_id,
        "scope": ADS_SCOPE,
        "response_type": "code",
        "redirect_uri": redirect_uri,
        "state": state,
    }
    if challenge:
        query |= {"code_challenge": challenge, "code_challenge_method": "S256"}
    return f"{ctx.amazon.hosts[program.region].consent_url}?{urlencode(query)}"


def _selling_partner_url(
    ctx: OnboardingContext, program: Program, state: str, draft_app: bool, redirect_uri: str
) -> str:
    hosts = ctx.amazon.hosts[program.region]
    central = hosts.vendor_central if program.seller_type is SellerType.VENDOR else hosts.seller_central
    query = {
        "application_id": ctx.amazon.app.sp_api_application_id,
        "state": state,
        "redirect_uri": redirect_uri,
    }
    if draft_app:
        query["version"] = "beta"
    return f"{central}/apps/authorize/consent?{urlencode(query)}"
