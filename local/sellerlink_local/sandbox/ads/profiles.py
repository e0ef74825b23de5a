"""Ads API profile routes: ``GET /v2/profiles`` and ``GET /v2/profiles/{profileId}``."""

from __future__ import annotations

from werkzeug.wrappers import Request, Response

from ..state import SandboxState
from ..web import json_response, maas_error
from .auth import ads_caller

PROFILE_TYPES = ("seller", "vendor", "agency")


def profiles(state: SandboxState, request: Request, region: str) -> Response:
    """``profileTypeFilter`` (comma-separated seller, vendor, agency) keeps those account types."""
    caller = ads_caller(state, request, region)
    raw = request.args.get("profileTypeFilter", "")
    wanted = {part.strip().lower() for part in raw.split(",") if part.strip()}
    unknown = sorted(wanted - set(PROFILE_TYPES))
    if unknown:
        return maas_error(400, f"Invalid profileTypeFilter value(s): {', '.join(unknown)}")
    found = [p for p in caller.region_profiles() if not wanted or p.account_type in wanted]
    return json_response([p.to_amazon() for p in found])


def profile(state: SandboxState, request: Request, region: str, profile_id: str) -> Response:
    caller = ads_caller(state, request, region)
    for found in caller.region_profiles():
        if str(found.profile_id) == profile_id:
            return json_response(found.to_amazon())
    return maas_error(404, f"Profile {profile_id} not found")
