"""python-amazon-ad-api, a client no one here wrote, against the sandbox: token refresh, profiles,
Attribution advertisers, publishers, tags and reports, throttling, and the code exchange."""

from __future__ import annotations

from typing import Any

import pytest
from ad_api.api import Attribution, Profiles
from ad_api.auth import AccessTokenClient
from ad_api.auth.exceptions import AuthorizationError
from ad_api.base import Marketplaces
from ad_api.base.exceptions import AdvertisingApiTooManyRequestsException
from attribution_setup import measured_brand, purchase
from real_clients import lwa_credentials, point_at
from sandbox_driver import ADS_CALLBACK, AmazonDriver


def attribution(amazon: AmazonDriver, refresh_token: str, profile_id: int) -> Attribution:
    credentials = lwa_credentials(refresh_token, profile_id=str(profile_id))
    return point_at(Attribution(credentials=credentials, marketplace=Marketplaces.NA), amazon.url)


def test_profiles_through_the_library_honour_profile_type_filter(amazon: AmazonDriver) -> None:
    # Given a brand with seller and vendor profiles, and the library refreshing its own token
    connection = amazon.connect_ads(amazon.create_brand(brand_name="Both Co", also_vendor=True))
    client = point_at(
        Profiles(
            credentials=lwa_credentials(connection.refresh_token),
            marketplace=Marketplaces.NA,
            verify_additional_credentials=False,  # profiles need no profile_id
        ),
        amazon.url,
    )
    # When it lists every profile, then vendor profiles only
    every = client.list_profiles().payload
    vendors = client.list_profiles(profileTypeFilter="vendor").payload
    # Then the filter keeps the vendor profile alone
    assert sorted(p["accountInfo"]["type"] for p in every) == ["seller", "vendor"]
    assert [p["accountInfo"]["type"] for p in vendors] == ["vendor"]


def test_attribution_advertisers_publishers_and_tags(amazon: AmazonDriver) -> None:
    connection = amazon.connect_ads(amazon.create_brand(brand_name="Tag Co"))
    profile = connection.profile("US")
    client = attribution(amazon, connection.refresh_token, profile["profileId"])
    advertisers = client.get_advertisers().payload["advertisers"]
    publishers = client.get_publishers().payload["publisher"]
    tags = client.get_non_macro_template_tag(publisherIds="99").payload["advertiserAttributionTagMap"]
    assert [a["advertiserName"] for a in advertisers] == ["Tag Co"]
    assert any(p["id"] == "99" and not p["macroEnabled"] for p in publishers)
    assert tags[advertisers[0]["advertiserId"]]["99"].startswith("?maas=maas_adg_api_")


def test_post_report_reads_one_page_and_pages_to_the_end(amazon: AmazonDriver) -> None:
    # Given a measured brand whose link drove clicks and a sale on three days
    brand = measured_brand(amazon)
    events: list[dict[str, Any]] = []
    for day in (10, 11, 12):
        events += brand.clicks(10, f"2026-02-{day}T10:00:00Z", prefix=f"d{day}-")
    events.append(purchase("d10-1", "2026-02-10T11:00:00Z", price=20.0))
    amazon.send_events(events)
    client = attribution(amazon, brand.connection.refresh_token, brand.profile_id)
    body = {
        "reportType": "PERFORMANCE",
        "groupBy": "CAMPAIGN",
        "startDate": "20260201",
        "endDate": "20260228",
    }
    # When it reads the report in one page, and one row at a time
    whole = client.post_report(body={**body, "count": 5000, "cursorId": ""})
    rows, cursor = [], ""
    while True:
        page = client.post_report(body={**body, "count": 1, "cursorId": cursor})
        rows += page.payload["reports"]
        cursor = page.next_token
        if not cursor:
            break
    # Then the one-page report and the last page end with no next token, and the pages add up
    assert whole.next_token is None and len(whole.payload["reports"]) == 3
    assert rows == whole.payload["reports"]
    assert sum(float(r["attributedSales14d"]) for r in rows) == 20.0


def test_the_library_is_told_to_wait_when_its_profile_is_throttled(amazon: AmazonDriver) -> None:
    connection = amazon.connect_ads(amazon.create_brand())
    client = attribution(amazon, connection.refresh_token, connection.profile("US")["profileId"])
    amazon.control("put", "/_sandbox/throttling", json={"ads": {"rate": 0.5, "burst": 1}}).raise_for_status()
    client.get_publishers()
    with pytest.raises(AdvertisingApiTooManyRequestsException) as throttled:
        client.get_publishers()
    assert throttled.value.code == 429 and throttled.value.headers["Retry-After"] == "2"


def test_the_librarys_code_exchange_without_redirect_uri_is_refused_as_lwa_refuses_it(
    amazon: AmazonDriver,
) -> None:
    # Given a fresh authorization code from LWA consent (issued for ADS_CALLBACK)
    brand = amazon.create_brand()
    code = amazon.consent_code(brand["login"], redirect_uri=ADS_CALLBACK)
    exchange = point_at(_TokenClientHolder(lwa_credentials("unused")), amazon.url)._auth
    # When the library exchanges it: its request carries no redirect_uri
    with pytest.raises(AuthorizationError) as refused:
        exchange.authorize_auth_code(code)
    # Then LWA answers invalid_grant (the exchange must name the code's redirect_uri)
    assert (refused.value.status_code, refused.value.error_code) == (400, "invalid_grant")
    assert (
        refused.value.message
        == "The redirect_uri does not match the one the authorization code was issued for"
    )


class _TokenClientHolder:
    """Holds the library's token client the way its API clients do (`_auth`), so `point_at` applies."""

    def __init__(self, credentials: dict[str, Any]) -> None:
        self._auth = AccessTokenClient(credentials=credentials)
        self.endpoint = ""
