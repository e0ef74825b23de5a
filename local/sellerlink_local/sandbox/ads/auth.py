"""Who is calling the Ads API: ClientId header, Bearer token, Scope header, eligibility."""

from __future__ import annotations

import math
from dataclasses import dataclass

from werkzeug.wrappers import Request

from ..accounts import Brand, Profile
from ..lwa.tokens import Grant
from ..state import SandboxState
from ..web import SandboxError, maas_error

CLIENT_HEADER = "Amazon-Advertising-API-ClientId"
SCOPE_HEADER = "Amazon-Advertising-API-Scope"
ADS_OPERATION = "ads"


@dataclass(frozen=True)
class AdsCaller:
    grant: Grant
    brand: Brand
    region: str

    def region_profiles(self) -> list[Profile]:
        return [p for p in self.brand.profiles if p.marketplace.region == self.region]


def ads_caller(state: SandboxState, request: Request, region: str) -> AdsCaller:
    """The caller, or 401 as Amazon answers a call without credentials (the ClientId header included)."""
    client_id = request.headers.get(CLIENT_HEADER, "")
    if not client_id:
        raise SandboxError(maas_error(401, f"Missing required header {CLIENT_HEADER}"))
    authorization = request.headers.get("Authorization", "")
    if not authorization.startswith("Bearer "):
        raise SandboxError(
            maas_error(401, "Missing or malformed Authorization header: use Bearer <access token>")
        )
    grant = state.tokens.resolve(authorization[len("Bearer ") :].strip(), state.clock.timestamp())
    if grant == "expired":
        raise SandboxError(maas_error(401, "The access token has expired: refresh it"))
    if not isinstance(grant, Grant):
        raise SandboxError(maas_error(401, "Invalid access token"))
    if grant.audience != "ads":
        raise SandboxError(maas_error(401, "This access token does not grant Amazon Ads API access"))
    if client_id != grant.client_id:
        raise SandboxError(
            maas_error(401, f"{CLIENT_HEADER} does not match the client the token was issued to")
        )
    _throttle(state, request.headers.get(SCOPE_HEADER, "").strip() or f"{grant.login}|{client_id}")
    return AdsCaller(grant, state.users[grant.login], region)


def _throttle(state: SandboxState, caller: str) -> None:
    """A token bucket per profile (Scope), as SP-API's per operation: 429 with Retry-After."""
    if not state.throttling.allow(ADS_OPERATION, caller):
        wait = max(1, math.ceil(state.throttling.seconds_until_token(ADS_OPERATION, caller)))
        raise SandboxError(maas_error(429, "Too Many Requests", {"Retry-After": str(wait)}))


def scoped_profile(caller: AdsCaller, request: Request) -> Profile:
    scope = request.headers.get(SCOPE_HEADER, "").strip()
    if not scope:
        raise SandboxError(maas_error(401, f"Missing required header {SCOPE_HEADER}"))
    for profile in caller.region_profiles():
        if str(profile.profile_id) == scope:
            return profile
    raise SandboxError(maas_error(401, f"Not authorized to access scope {scope}"))


def attribution_profile(state: SandboxState, request: Request, region: str) -> tuple[AdsCaller, Profile]:
    """The caller and Scope profile of an Attribution call, 403 when not eligible."""
    caller = ads_caller(state, request, region)
    profile = scoped_profile(caller, request)
    brand = caller.brand
    if not brand.brand_registry:
        raise SandboxError(
            maas_error(
                403,
                "Amazon Attribution is available only to brands enrolled in Brand Registry: "
                f"advertiser {profile.advertiser_id} is not enrolled",
            )
        )
    if brand.user_role != "admin":
        raise SandboxError(
            maas_error(
                403,
                "This user has limited access to the advertising account and cannot use Amazon "
                "Attribution: ask an account administrator to connect",
            )
        )
    return caller, profile
