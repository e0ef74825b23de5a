"""Plays Sellerlink's part against the Amazon sandbox over real HTTP (shared by the sandbox tests)."""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs, urlsplit

import requests

CLIENT_ID = "amzn1.application-oa2-client.sellerlinksandbox"
CLIENT_SECRET = "sellerlink-sandbox-secret"
APPLICATION_ID = "amzn1.sp.solution.sellerlink-sandbox"
ADS_CALLBACK = "http://localhost:3000/oauth/amazon-ads/callback"
SP_CALLBACK = "http://localhost:3000/oauth/selling-partner/callback"
SCOPE = "advertising::campaign_management"


@dataclass
class Connection:
    """A brand connected to Amazon Ads: its sandbox user, profiles and tokens."""

    brand: dict[str, Any]
    access_token: str
    refresh_token: str
    region: str = "na"
    headers: dict[str, str] = field(default_factory=dict)

    def profile(self, country: str, kind: str = "seller", legacy: bool = False) -> dict[str, Any]:
        for profile in self.brand["profiles"]:
            info = profile["accountInfo"]
            if profile["countryCode"] == country and info["type"] == kind and ("subType" in info) == legacy:
                return profile
        raise AssertionError(f"no {kind} profile in {country}")


class AmazonDriver:
    def __init__(self, url: str) -> None:
        self.url = url
        self.http = requests.Session()

    def control(self, method: str, path: str, **kwargs: Any) -> requests.Response:
        return self.http.request(method, self.url + path, timeout=30, **kwargs)

    def get(self, path: str, **kwargs: Any) -> requests.Response:
        return self.http.get(self.url + path, timeout=30, allow_redirects=False, **kwargs)

    def post(self, path: str, **kwargs: Any) -> requests.Response:
        return self.http.post(self.url + path, timeout=30, allow_redirects=False, **kwargs)

    def create_brand(self, **spec: Any) -> dict[str, Any]:
        body = {
            "brand_name": "Acme Outdoors",
            "seller_type": "3P",
            "marketplaces": ["US"],
            "brand_registry": True,
            "brb_enrolled": True,
            "catalog_size": 20,
            **spec,
        }
        response = self.control("post", "/_sandbox/brands", json=body)
        assert response.status_code == 201, response.text
        return response.json()

    def set_clock(self, now: str) -> None:
        self.control("put", "/_sandbox/clock", json={"now": now}).raise_for_status()

    def advance(self, days: float = 0, seconds: float = 0) -> None:
        body = {"advance_days": days, "advance_seconds": seconds}
        self.control("put", "/_sandbox/clock", json=body).raise_for_status()

    def consent_code(
        self, login: str, region: str = "na", verifier: str | None = None, redirect_uri: str = ADS_CALLBACK
    ) -> str:
        params = {
            "client_id": CLIENT_ID,
            "scope": SCOPE,
            "response_type": "code",
            "redirect_uri": redirect_uri,
            "state": "st-1",
            "sandbox_user": login,
            "sandbox_decision": "approve",
        }
        if verifier:
            params.update(code_challenge=pkce_challenge(verifier), code_challenge_method="S256")
        response = self.get(f"/{region}/ap/oa", params=params)
        assert response.status_code == 302, response.text
        return query_of(response.headers["Location"])["code"]

    def token(self, **form: str) -> requests.Response:
        base = {"client_id": CLIENT_ID, "client_secret": CLIENT_SECRET}
        return self.post("/na/auth/o2/token", data={**base, **form})

    def connect_ads(self, brand: dict[str, Any], region: str = "na") -> Connection:
        code = self.consent_code(brand["login"], region)
        tokens = self.token(grant_type="authorization_code", code=code, redirect_uri=ADS_CALLBACK).json()
        return Connection(brand, tokens["access_token"], tokens["refresh_token"], region)

    def connect_spapi(self, brand: dict[str, Any], central: str = "") -> str:
        params = {
            "application_id": APPLICATION_ID,
            "state": "sp-1",
            "version": "beta",
            "redirect_uri": SP_CALLBACK,
            "sandbox_user": brand["login"],
            "sandbox_decision": "approve",
        }
        response = self.get(f"/na{central}/apps/authorize/consent", params=params)
        assert response.status_code == 302, response.text
        code = query_of(response.headers["Location"])["spapi_oauth_code"]
        return str(self.token(grant_type="authorization_code", code=code).json()["access_token"])

    def ads_headers(self, connection: Connection, profile_id: int | None = None) -> dict[str, str]:
        headers = {
            "Amazon-Advertising-API-ClientId": CLIENT_ID,
            "Authorization": f"Bearer {connection.access_token}",
        }
        if profile_id is not None:
            headers["Amazon-Advertising-API-Scope"] = str(profile_id)
        return headers

    def tracking_template(self, connection: Connection, profile: dict[str, Any]) -> str:
        """Fetch the non-macro tag (this turns measurement on for the profile)."""
        response = self.get(
            f"/{connection.region}/attribution/tags/nonMacroTemplateTag",
            params={"publisherIds": "99"},
            headers=self.ads_headers(connection, profile["profileId"]),
        )
        assert response.status_code == 200, response.text
        tag_map = response.json()["advertiserAttributionTagMap"]
        return str(next(iter(tag_map.values()))["99"])

    def report(self, connection: Connection, profile_id: int, **body: Any) -> requests.Response:
        return self.post(
            f"/{connection.region}/attribution/report",
            json=body,
            headers=self.ads_headers(connection, profile_id),
        )

    def all_rows(self, connection: Connection, profile_id: int, **body: Any) -> list[dict[str, Any]]:
        rows: list[dict[str, Any]] = []
        cursor = ""
        while True:
            response = self.report(connection, profile_id, cursorId=cursor, **body)
            assert response.status_code == 200, response.text
            page = response.json()
            rows.extend(page["reports"])
            cursor = page.get("cursorId") or ""
            if not cursor:
                return rows

    def send_events(self, events: list[dict[str, Any]]) -> dict[str, Any]:
        response = self.control("post", "/_sandbox/events", json={"events": events})
        assert response.status_code == 200, response.text
        return response.json()


def tracking_url(
    template: str, asin: str, campaign: str, adgroup: str, creative: str, site: str = "amazon.com"
) -> str:
    tag = (
        template.replace("{insertCampaignId}", campaign)
        .replace("{insertAdGroupId}", adgroup)
        .replace("{insertAdiD}", creative)
    )
    return f"https://www.{site}/dp/{asin}{tag}"


def pkce_challenge(verifier: str) -> str:
    return base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).decode().rstrip("=")


def query_of(url: str) -> dict[str, str]:
    return {name: values[0] for name, values in parse_qs(urlsplit(url).query).items()}
