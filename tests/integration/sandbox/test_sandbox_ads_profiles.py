"""Ads API: /v2/profiles per region, header checks, and the Attribution API's small resources."""

from __future__ import annotations

from sandbox_driver import CLIENT_ID, AmazonDriver
from sandbox_specs import AttributionSpec


def test_profiles_are_scoped_to_the_region_of_the_host(amazon: AmazonDriver) -> None:
    # Given a brand selling in the US, Canada, the UK and Germany
    brand = amazon.create_brand(marketplaces=["US", "CA", "UK", "DE"])
    na = amazon.connect_ads(brand, "na")
    # When Sellerlink lists profiles on the NA and the EU host
    na_profiles = amazon.get("/na/v2/profiles", headers=amazon.ads_headers(na)).json()
    eu_profiles = amazon.get("/eu/v2/profiles", headers=amazon.ads_headers(na)).json()
    unprefixed = amazon.get("/v2/profiles", headers=amazon.ads_headers(na)).json()
    # Then each host returns only its region's marketplaces (unprefixed is NA)
    assert sorted(p["countryCode"] for p in na_profiles) == ["CA", "US"]
    assert sorted(p["countryCode"] for p in eu_profiles) == ["DE", "UK"]
    assert unprefixed == na_profiles
    us = next(p for p in na_profiles if p["countryCode"] == "US")
    assert us["currencyCode"] == "USD"
    assert us["accountInfo"]["marketplaceStringId"] == "ATVPDKIKX0DER"
    assert us["accountInfo"]["type"] == "seller"
    assert us["accountInfo"]["id"] == brand["selling_partner_id"]


def test_a_brand_that_is_also_a_vendor_has_seller_and_vendor_profiles(amazon: AmazonDriver) -> None:
    brand = amazon.create_brand(marketplaces=["US"], also_vendor=True)
    connection = amazon.connect_ads(brand)
    profiles = amazon.get("/na/v2/profiles", headers=amazon.ads_headers(connection)).json()
    assert sorted(p["accountInfo"]["type"] for p in profiles) == ["seller", "vendor"]
    vendor = next(p for p in profiles if p["accountInfo"]["type"] == "vendor")
    assert vendor["accountInfo"]["id"].startswith("ENTITY")


def test_a_legacy_attribution_profile_carries_subtype_amazon_attribution(amazon: AmazonDriver) -> None:
    brand = amazon.create_brand(legacy_attribution_profile=True)
    connection = amazon.connect_ads(brand)
    profiles = amazon.get("/na/v2/profiles", headers=amazon.ads_headers(connection)).json()
    assert len(profiles) == 2
    assert [p["accountInfo"].get("subType") for p in profiles].count("AMAZON_ATTRIBUTION") == 1


def test_a_1p_brand_has_vendor_profiles_only(amazon: AmazonDriver) -> None:
    brand = amazon.create_brand(seller_type="1P", marketplaces=["DE"])
    connection = amazon.connect_ads(brand, "eu")
    profiles = amazon.get("/eu/v2/profiles", headers=amazon.ads_headers(connection)).json()
    assert [p["accountInfo"]["type"] for p in profiles] == ["vendor"]


def test_profiles_without_the_client_id_header_are_401(amazon: AmazonDriver) -> None:
    connection = amazon.connect_ads(amazon.create_brand())
    headers = amazon.ads_headers(connection)
    del headers["Amazon-Advertising-API-ClientId"]
    response = amazon.get("/na/v2/profiles", headers=headers)
    assert response.status_code == 401
    assert response.json() == {
        "code": "401",
        "details": "Missing required header Amazon-Advertising-API-ClientId",
    }


def test_profile_type_filter_keeps_the_types_asked_for(amazon: AmazonDriver) -> None:
    # Given a brand with seller and vendor profiles
    connection = amazon.connect_ads(amazon.create_brand(marketplaces=["US"], also_vendor=True))
    headers = amazon.ads_headers(connection)
    # When profiles are listed with profileTypeFilter
    vendor = amazon.get("/na/v2/profiles", params={"profileTypeFilter": "vendor"}, headers=headers)
    both = amazon.get("/na/v2/profiles", params={"profileTypeFilter": "seller,vendor"}, headers=headers)
    wrong = amazon.get("/na/v2/profiles", params={"profileTypeFilter": "shopper"}, headers=headers)
    # Then only those types come back; an unknown type is 400
    assert [p["accountInfo"]["type"] for p in vendor.json()] == ["vendor"]
    assert sorted(p["accountInfo"]["type"] for p in both.json()) == ["seller", "vendor"]
    assert wrong.status_code == 400
    assert wrong.json() == {"code": "400", "details": "Invalid profileTypeFilter value(s): shopper"}


def test_ads_calls_are_throttled_per_profile_with_retry_after(amazon: AmazonDriver) -> None:
    # Given a bucket of 2 calls refilled at one call a second
    brand = amazon.create_brand(marketplaces=["US", "CA"])
    connection = amazon.connect_ads(brand)
    amazon.control("put", "/_sandbox/throttling", json={"ads": {"rate": 1, "burst": 2}}).raise_for_status()
    us, ca = (connection.profile(code)["profileId"] for code in ("US", "CA"))
    # When one profile calls three times at once, and then another profile calls
    answers = [
        amazon.get("/na/attribution/publishers", headers=amazon.ads_headers(connection, us)) for _ in range(3)
    ]
    other = amazon.get("/na/attribution/publishers", headers=amazon.ads_headers(connection, ca))
    # Then the third call is 429 with Retry-After; the other profile has its own bucket
    assert [a.status_code for a in answers] == [200, 200, 429]
    assert answers[2].json() == {"code": "429", "details": "Too Many Requests"}
    assert answers[2].headers["Retry-After"] == "1"
    assert other.status_code == 200


def test_a_client_id_other_than_the_tokens_is_401(amazon: AmazonDriver) -> None:
    connection = amazon.connect_ads(amazon.create_brand())
    headers = {**amazon.ads_headers(connection), "Amazon-Advertising-API-ClientId": CLIENT_ID + "x"}
    response = amazon.get("/na/v2/profiles", headers=headers)
    assert response.status_code == 401


def test_a_missing_or_unknown_bearer_token_is_401(amazon: AmazonDriver) -> None:
    missing = amazon.get("/na/v2/profiles", headers={"Amazon-Advertising-API-ClientId": CLIENT_ID})
    unknown = amazon.get(
        "/na/v2/profiles",
        headers={"Amazon-Advertising-API-ClientId": CLIENT_ID, "Authorization": "Bearer Atza|forged"},
    )
    assert missing.status_code == 401
    assert unknown.status_code == 401


def test_an_sp_api_token_does_not_grant_ads_access(amazon: AmazonDriver) -> None:
    brand = amazon.create_brand()
    sp_token = amazon.connect_spapi(brand)
    response = amazon.get(
        "/na/v2/profiles",
        headers={"Amazon-Advertising-API-ClientId": CLIENT_ID, "Authorization": f"Bearer {sp_token}"},
    )
    assert response.status_code == 401
    assert "does not grant Amazon Ads" in response.json()["details"]


def test_attribution_calls_without_the_scope_header_are_401(amazon: AmazonDriver) -> None:
    connection = amazon.connect_ads(amazon.create_brand())
    response = amazon.get("/na/attribution/advertisers", headers=amazon.ads_headers(connection))
    assert response.status_code == 401
    assert response.json() == {
        "code": "401",
        "details": "Missing required header Amazon-Advertising-API-Scope",
    }


def test_a_scope_the_user_cannot_reach_is_401(amazon: AmazonDriver) -> None:
    # Given two brands; the first user's token with the second brand's profile as scope
    mine = amazon.connect_ads(amazon.create_brand())
    other = amazon.create_brand(brand_name="Other Co")
    for scope in (other["profiles"][0]["profileId"], "not-a-number"):
        response = amazon.get(
            "/na/attribution/advertisers",
            headers={**amazon.ads_headers(mine), "Amazon-Advertising-API-Scope": str(scope)},
        )
        assert response.status_code == 401
        assert "Not authorized to access scope" in response.json()["details"]


def test_a_profile_of_another_region_is_not_a_valid_scope_on_this_host(amazon: AmazonDriver) -> None:
    brand = amazon.create_brand(marketplaces=["US", "DE"])
    connection = amazon.connect_ads(brand)
    de = connection.profile("DE")
    response = amazon.get(
        "/na/attribution/advertisers", headers=amazon.ads_headers(connection, de["profileId"])
    )
    assert response.status_code == 401
    eu = amazon.get("/eu/attribution/advertisers", headers=amazon.ads_headers(connection, de["profileId"]))
    assert eu.status_code == 200


def test_advertisers_publishers_and_tags_agree_with_the_spec(
    amazon: AmazonDriver, attribution_spec: AttributionSpec
) -> None:
    brand = amazon.create_brand()
    connection = amazon.connect_ads(brand)
    us = connection.profile("US")
    headers = amazon.ads_headers(connection, us["profileId"])
    advertisers = amazon.get("/na/attribution/advertisers", headers=headers).json()
    publishers = amazon.get("/na/attribution/publishers", headers=headers).json()
    macro = amazon.get("/na/attribution/tags/macroTag", params={"publisherIds": "1"}, headers=headers).json()
    non_macro = amazon.get(
        "/na/attribution/tags/nonMacroTemplateTag", params={"publisherIds": "99"}, headers=headers
    ).json()
    attribution_spec.validate("AdvertiserResponse", advertisers)
    attribution_spec.validate("PublishersResponse", publishers)
    attribution_spec.validate("AttributionTagResponse", macro)
    attribution_spec.validate("AttributionTagResponse", non_macro)
    advertiser_id = brand["advertiser_ids"]["US"]
    assert advertisers["advertisers"][0]["advertiserId"] == advertiser_id
    tag = non_macro["advertiserAttributionTagMap"][advertiser_id]["99"]
    assert tag == (
        f"?maas=maas_adg_api_{advertiser_id}_static_9_99&ref_=aa_maas&tag=maas"
        "&aa_campaignid={insertCampaignId}&aa_adgroupid={insertAdGroupId}&aa_creativeid={insertAdiD}"
    )
    assert "{campaignid}" in macro["advertiserAttributionTagMap"][advertiser_id]["1"]


def test_tags_need_publisher_ids_and_a_supported_publisher(amazon: AmazonDriver) -> None:
    connection = amazon.connect_ads(amazon.create_brand())
    headers = amazon.ads_headers(connection, connection.profile("US")["profileId"])
    missing = amazon.get("/na/attribution/tags/nonMacroTemplateTag", headers=headers)
    unknown = amazon.get(
        "/na/attribution/tags/nonMacroTemplateTag", params={"publisherIds": "777"}, headers=headers
    )
    not_macro = amazon.get("/na/attribution/tags/macroTag", params={"publisherIds": "99"}, headers=headers)
    assert (missing.status_code, unknown.status_code, not_macro.status_code) == (400, 400, 400)
    assert missing.json()["details"] == "publisherIds is required"


def test_without_brand_registry_attribution_answers_403_maas_error(
    amazon: AmazonDriver, attribution_spec: AttributionSpec
) -> None:
    connection = amazon.connect_ads(amazon.create_brand(brand_registry=False))
    profile_id = connection.profile("US")["profileId"]
    headers = amazon.ads_headers(connection, profile_id)
    for response in (
        amazon.get("/na/attribution/advertisers", headers=headers),
        amazon.get(
            "/na/attribution/tags/nonMacroTemplateTag", params={"publisherIds": "99"}, headers=headers
        ),
        amazon.report(
            connection, profile_id, reportType="PERFORMANCE", startDate="20260101", endDate="20260102"
        ),
    ):
        assert response.status_code == 403
        attribution_spec.validate("MaaSError", response.json())
        assert response.json()["code"] == "403"
        assert "Brand Registry" in response.json()["details"]


def test_a_limited_user_sees_profiles_but_attribution_answers_403(amazon: AmazonDriver) -> None:
    connection = amazon.connect_ads(amazon.create_brand(user_role="limited"))
    profiles = amazon.get("/na/v2/profiles", headers=amazon.ads_headers(connection)).json()
    response = amazon.get(
        "/na/attribution/advertisers", headers=amazon.ads_headers(connection, profiles[0]["profileId"])
    )
    assert len(profiles) == 1
    assert response.status_code == 403
    assert "limited access" in response.json()["details"]
