"""SP-API Sellers v1: getMarketplaceParticipations."""

from __future__ import annotations

from werkzeug.wrappers import Request, Response

from ..state import SandboxState
from ..web import json_response
from .auth import spapi_caller, spapi_operation


@spapi_operation("sellers")
def marketplace_participations(state: SandboxState, request: Request, region: str) -> Response:
    caller = spapi_caller(state, request, "sellers")
    payload = [
        {
            "marketplace": {
                "id": m.marketplace_id,
                "countryCode": "GB" if m.code == "UK" else m.code,
                "name": m.name,
                "defaultCurrencyCode": m.currency,
                "defaultLanguageCode": m.language,
                "domainName": f"www.{m.site}",
            },
            "participation": {"isParticipating": True, "hasSuspendedListings": False},
            "storeName": caller.brand.name,
        }
        for m in caller.brand.marketplaces
        if m.region == region
    ]
    return json_response({"payload": payload})
