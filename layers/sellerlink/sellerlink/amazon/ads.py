"""Amazon Ads: profiles, and the Attribution advertisers, publishers and tag templates."""

from __future__ import annotations

from typing import Any

from pydantic import Field, SecretStr

from sellerlink.amazon import attribution_report
from sellerlink.amazon.transport import AmazonError, Transport
from sellerlink.attribution.models import ReportPage, ReportRequest
from sellerlink.model import Model

LEGACY_ATTRIBUTION = "AMAZON_ATTRIBUTION"


class AttributionForbidden(AmazonError):
    """Amazon Attribution refused the profile (no Brand Registry, or no admin access)."""

    @property
    def brand_registry_missing(self) -> bool:
        return "brand registry" in self.details.lower()


class AccountInfo(Model):
    marketplace_id: str = Field(alias="marketplaceStringId")
    id: str
    type: str
    name: str = ""
    sub_type: str | None = Field(default=None, alias="subType")


class AdsProfile(Model):
    profile_id: str
    country_code: str = Field(alias="countryCode")
    currency_code: str = Field(alias="currencyCode")
    account: AccountInfo = Field(alias="accountInfo")

    @classmethod
    def from_amazon(cls, body: dict[str, Any]) -> AdsProfile:
        return cls.model_validate({**body, "profile_id": str(body["profileId"])})

    @property
    def is_legacy_attribution(self) -> bool:
        return self.account.sub_type == LEGACY_ATTRIBUTION


class Publisher(Model):
    id: str
    name: str
    macro_enabled: bool = Field(alias="macroEnabled")


class AdsClient:
    def __init__(self, transport: Transport, base_url: str, client_id: str) -> None:
        self._transport, self._base, self._client_id = transport, base_url.rstrip("/"), client_id

    def profiles(self, token: SecretStr) -> list[AdsProfile]:
        body = self._get("list Ads profiles", "/v2/profiles", token)
        return [AdsProfile.from_amazon(profile) for profile in body]

    def advertisers(self, token: SecretStr, profile_id: str) -> list[str]:
        body = self._get("list Attribution advertisers", "/attribution/advertisers", token, profile_id)
        return [str(a["advertiserId"]) for a in body.get("advertisers", [])]

    def publishers(self, token: SecretStr, profile_id: str) -> list[Publisher]:
        body = self._get("list Attribution publishers", "/attribution/publishers", token, profile_id)
        return [Publisher.model_validate({**p, "id": str(p["id"])}) for p in body.get("publisher", [])]

    def non_macro_template(
        self, token: SecretStr, profile_id: str, advertiser_id: str, publisher_id: str
    ) -> str:
        """The advertiser's non-macro tag template; asking for it turns measurement on."""
        params = {"publisherIds": publisher_id, "advertiserIds": advertiser_id}
        path = "/attribution/tags/nonMacroTemplateTag"
        body = self._get("fetch the non-macro tag template", path, token, profile_id, params)
        tag = body.get("advertiserAttributionTagMap", body).get(advertiser_id, {}).get(publisher_id)
        if not tag:
            raise AmazonError(
                "fetch the non-macro tag template", 200, "Amazon returned no tag for the advertiser"
            )
        return str(tag).lstrip("?")

    def report(self, token: SecretStr, profile_id: str, request: ReportRequest) -> ReportPage:
        """One page of an Attribution report, its rows typed."""
        headers = self._headers(token, profile_id)
        answer = self._transport.send(
            "read an Attribution report",
            "POST",
            f"{self._base}/attribution/report",
            headers=headers,
            json=attribution_report.request_body(request),
        )
        return attribution_report.page_of(_checked("read an Attribution report", answer), request)

    def _get(
        self, operation: str, path: str, token: SecretStr, profile_id: str | None = None, params: Any = None
    ) -> Any:
        headers = self._headers(token, profile_id)
        answer = self._transport.send(operation, "GET", self._base + path, headers=headers, params=params)
        return _checked(operation, answer)

    def _headers(self, token: SecretStr, profile_id: str | None) -> dict[str, str]:
        headers = {
            "Amazon-Advertising-API-ClientId": self._client_id,
            "Authorization": f"Bearer {token.get_secret_value()}",
        }
        if profile_id:
            headers["Amazon-Advertising-API-Scope"] = profile_id
        return headers


def _checked(operation: str, answer: Any) -> Any:
    if answer.ok:
        return answer.json()
    try:
        details = str(answer.json().get("details") or answer.json().get("message") or answer.reason)
    except ValueError:
        details = answer.reason
    kind = AttributionForbidden if answer.status_code == 403 else AmazonError
    raise kind(operation, answer.status_code, details)
