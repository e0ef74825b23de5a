"""SP-API: Seller/Vendor Central consent, x-amz-access-token, catalog search and items, throttling."""

from __future__ import annotations

from typing import Any

import requests
from sandbox_driver import APPLICATION_ID, SP_CALLBACK, AmazonDriver, query_of
from sandbox_specs import CatalogSpec

US = "ATVPDKIKX0DER"


def search(amazon: AmazonDriver, token: str, **params: Any) -> requests.Response:
    return amazon.get(
        "/na/catalog/2022-04-01/items",
        params={"marketplaceIds": US, **params},
        headers={"x-amz-access-token": token},
    )


def test_seller_central_consent_redirects_with_state_partner_id_and_code(amazon: AmazonDriver) -> None:
    brand = amazon.create_brand()
    response = amazon.get(
        "/na/apps/authorize/consent",
        params={
            "application_id": APPLICATION_ID,
            "state": "s-9",
            "version": "beta",
            "redirect_uri": SP_CALLBACK,
            "sandbox_user": brand["login"],
            "sandbox_decision": "approve",
        },
    )
    assert response.status_code == 302
    params = query_of(response.headers["Location"])
    assert response.headers["Location"].startswith(SP_CALLBACK + "?")
    assert params["state"] == "s-9" and params["selling_partner_id"] == brand["selling_partner_id"]
    token = amazon.token(grant_type="authorization_code", code=params["spapi_oauth_code"])
    assert token.status_code == 200 and token.json()["access_token"].startswith("Atza|")


def test_vendor_central_consent_is_for_vendors(amazon: AmazonDriver) -> None:
    seller = amazon.create_brand()
    vendor = amazon.create_brand(brand_name="Vendor Co", seller_type="1P")
    params = {
        "application_id": APPLICATION_ID,
        "state": "v",
        "redirect_uri": SP_CALLBACK,
        "sandbox_decision": "approve",
    }
    refused = amazon.get(
        "/na/vendor/apps/authorize/consent", params={**params, "sandbox_user": seller["login"]}
    )
    granted = amazon.get(
        "/na/vendor/apps/authorize/consent", params={**params, "sandbox_user": vendor["login"]}
    )
    assert refused.status_code == 400 and "no Vendor Central account" in refused.text
    assert granted.status_code == 302
    assert query_of(granted.headers["Location"])["selling_partner_id"] == vendor["selling_partner_id"]


def test_spapi_consent_for_an_unknown_application_or_redirect_is_an_error_page(amazon: AmazonDriver) -> None:
    unknown = amazon.get("/na/apps/authorize/consent", params={"application_id": "amzn1.sp.solution.nope"})
    mismatch = amazon.get(
        "/na/apps/authorize/consent",
        params={"application_id": APPLICATION_ID, "redirect_uri": "https://evil.example/cb"},
    )
    assert unknown.status_code == 400 and "Unknown application_id" in unknown.text
    assert mismatch.status_code == 400 and "invalid_request" in mismatch.text


def test_denied_spapi_consent_redirects_with_access_denied(amazon: AmazonDriver) -> None:
    brand = amazon.create_brand()
    response = amazon.get(
        "/na/apps/authorize/consent",
        params={
            "application_id": APPLICATION_ID,
            "state": "d",
            "redirect_uri": SP_CALLBACK,
            "sandbox_user": brand["login"],
            "sandbox_decision": "deny",
        },
    )
    assert query_of(response.headers["Location"]) == {
        "error": "access_denied",
        "state": "d",
        "error_description": "The user denied the request",
    }


def test_an_ads_token_or_no_token_does_not_open_the_spapi(amazon: AmazonDriver) -> None:
    connection = amazon.connect_ads(amazon.create_brand())
    missing = search(amazon, "", keywords="Acme")
    ads = search(amazon, connection.access_token, keywords="Acme")
    for response in (missing, ads):
        assert response.status_code == 403
        assert response.json()["errors"][0]["code"] == "Unauthorized"
        assert response.headers["x-amzn-RequestId"]


def test_keyword_search_pages_refines_and_agrees_with_the_spec(
    amazon: AmazonDriver, catalog_spec: CatalogSpec
) -> None:
    brand = amazon.create_brand(catalog_size=45)
    token = amazon.connect_spapi(brand)
    first = search(
        amazon,
        token,
        keywords="Acme",
        pageSize=20,
        includedData="summaries,attributes,images,salesRanks,classifications,identifiers",
    )
    assert first.status_code == 200
    body = first.json()
    catalog_spec.validate("ItemSearchResults", body)
    assert body["numberOfResults"] == 45 and len(body["items"]) == 20
    assert body["refinements"]["brands"] == [{"numberOfResults": 45, "brandName": "Acme Outdoors"}]
    assert sum(c["numberOfResults"] for c in body["refinements"]["classifications"]) == 45
    item = body["items"][0]
    assert item["attributes"]["list_price"][0]["currency"] == "USD"
    assert item["images"][0]["images"][0]["variant"] == "MAIN"
    assert first.headers["x-amzn-RateLimit-Limit"] and first.headers["x-amzn-RequestId"]
    seen = [i["asin"] for i in body["items"]]
    token_value = body["pagination"]["nextToken"]
    while token_value:
        page = search(amazon, token, keywords="Acme", pageSize=20, pageToken=token_value).json()
        seen += [i["asin"] for i in page["items"]]
        token_value = page["pagination"].get("nextToken")
    assert sorted(seen) == sorted(entry["asin"] for entry in brand["catalog"])


def test_a_search_reaches_at_most_1000_results_so_big_catalogs_split_by_classification(
    amazon: AmazonDriver,
) -> None:
    brand = amazon.create_brand(catalog_size=5000)
    token = amazon.connect_spapi(brand)
    body = search(amazon, token, keywords="Acme", pageSize=20, pageToken="").json()
    assert body["numberOfResults"] == 5000
    # Walking to the end stops at 1,000 items
    reachable = 20
    next_token = body["pagination"].get("nextToken")
    while next_token:
        page = search(amazon, token, keywords="Acme", pageSize=20, pageToken=next_token).json()
        reachable += len(page["items"])
        next_token = page["pagination"].get("nextToken")
    assert reachable == 1000
    # Each classification holds at most 1,000 items and together they cover the catalog
    classes = body["refinements"]["classifications"]
    assert all(c["numberOfResults"] <= 1000 for c in classes)
    assert sum(c["numberOfResults"] for c in classes) == 5000
    one = search(amazon, token, keywords="Acme", classificationIds=classes[0]["classificationId"]).json()
    assert one["numberOfResults"] == classes[0]["numberOfResults"]


def test_identifier_search_and_get_item(amazon: AmazonDriver, catalog_spec: CatalogSpec) -> None:
    brand = amazon.create_brand(
        catalog=[{"asin": "B0CATALOG1", "title": "Blue Kettle", "price": 34.5, "category": "Home & Kitchen"}]
    )
    token = amazon.connect_spapi(brand)
    found = search(amazon, token, identifiers="B0CATALOG1", identifiersType="ASIN").json()
    item = amazon.get(
        "/na/catalog/2022-04-01/items/B0CATALOG1",
        params={"marketplaceIds": US, "includedData": "summaries,attributes"},
        headers={"x-amz-access-token": token},
    )
    missing = amazon.get(
        "/na/catalog/2022-04-01/items/B0MISSING0",
        params={"marketplaceIds": US},
        headers={"x-amz-access-token": token},
    )
    catalog_spec.validate("ItemSearchResults", found)
    catalog_spec.validate("Item", item.json())
    catalog_spec.validate("ErrorList", missing.json())
    assert [i["asin"] for i in found["items"]] == ["B0CATALOG1"] and "refinements" not in found
    assert item.json()["summaries"][0]["itemName"] == "Blue Kettle"
    assert item.json()["attributes"]["list_price"][0]["value"] == 34.5
    assert missing.status_code == 404 and missing.json()["errors"][0]["code"] == "NotFound"


def test_invalid_catalog_searches_are_400_invalid_input(
    amazon: AmazonDriver, catalog_spec: CatalogSpec
) -> None:
    token = amazon.connect_spapi(amazon.create_brand())
    cases = [
        ({"keywords": "Acme", "pageSize": 21}, "pageSize must be an integer from 1 to 20"),
        (
            {"keywords": "Acme", "identifiers": "B0X", "identifiersType": "ASIN"},
            "Cannot include both identifiers and keywords in the same request",
        ),
        ({}, "Either identifiers or keywords is required"),
        (
            {"identifiers": "B0X"},
            "identifiersType is required with identifiers and must be one of "
            "ASIN, EAN, GTIN, ISBN, JAN, MINSAN, SKU, UPC",
        ),
        ({"keywords": "Acme", "includedData": "prices"}, "Invalid includedData value(s): prices"),
        (
            {"keywords": "Acme", "marketplaceIds": "A1PA6795UKMFR9"},
            "Invalid marketplace identifier for this endpoint: A1PA6795UKMFR9",
        ),
        ({"keywords": "Acme", "pageToken": "garbage"}, "Invalid pageToken"),
    ]
    for params, message in cases:
        response = search(amazon, token, **params)
        assert response.status_code == 400, params
        catalog_spec.validate("ErrorList", response.json())
        assert response.json()["errors"][0] == {"code": "InvalidInput", "message": message, "details": ""}


def test_catalog_is_throttled_at_2_rps_burst_2_with_quota_exceeded(
    amazon: AmazonDriver, catalog_spec: CatalogSpec
) -> None:
    # Given the default catalog rate (2 per second, burst 2)
    token = amazon.connect_spapi(amazon.create_brand())
    amazon.control(
        "put", "/_sandbox/throttling", json={"catalog": {"rate": 2, "burst": 2}}
    ).raise_for_status()
    # When five searches go out at once
    statuses = [search(amazon, token, keywords="Acme") for _ in range(5)]
    # Then the burst passes and the rest get 429 QuotaExceeded with Amazon's headers
    throttled = [r for r in statuses if r.status_code == 429]
    assert [r.status_code for r in statuses[:2]] == [200, 200]
    assert len(throttled) >= 2
    catalog_spec.validate("ErrorList", throttled[0].json())
    assert throttled[0].json()["errors"][0]["code"] == "QuotaExceeded"
    assert throttled[0].headers["x-amzn-RateLimit-Limit"] == "2"
    assert throttled[0].headers["x-amzn-RequestId"]


def test_raising_the_rate_lifts_the_throttle(amazon: AmazonDriver) -> None:
    token = amazon.connect_spapi(amazon.create_brand())
    amazon.control(
        "put", "/_sandbox/throttling", json={"catalog": {"rate": 100, "burst": 20}}
    ).raise_for_status()
    assert {search(amazon, token, keywords="Acme").status_code for _ in range(15)} == {200}


def test_marketplace_participations_list_the_brands_marketplaces_in_the_region(amazon: AmazonDriver) -> None:
    brand = amazon.create_brand(marketplaces=["US", "CA", "DE"])
    token = amazon.connect_spapi(brand)
    na = amazon.get("/na/sellers/v1/marketplaceParticipations", headers={"x-amz-access-token": token}).json()
    eu = amazon.get("/eu/sellers/v1/marketplaceParticipations", headers={"x-amz-access-token": token}).json()
    assert sorted(p["marketplace"]["id"] for p in na["payload"]) == ["A2EUQ1WTGCTBG2", "ATVPDKIKX0DER"]
    assert [p["marketplace"]["countryCode"] for p in eu["payload"]] == ["DE"]


def test_array_parameters_are_comma_separated_and_a_repeated_key_is_400(amazon: AmazonDriver) -> None:
    # Given a brand with two products
    brand = amazon.create_brand()
    token = amazon.connect_spapi(brand)
    first, second = (item["asin"] for item in brand["catalog"][:2])
    # When identifiers come comma-separated (the spec's form), and as a repeated key
    joined = search(amazon, token, identifiers=f"{first},{second}", identifiersType="ASIN")
    repeated = amazon.get(
        "/na/catalog/2022-04-01/items",
        params=[
            ("marketplaceIds", US),
            ("identifiers", first),
            ("identifiers", second),
            ("identifiersType", "ASIN"),
        ],
        headers={"x-amz-access-token": token},
    )
    # Then the first finds both, the second is refused, never half read
    assert sorted(item["asin"] for item in joined.json()["items"]) == sorted([first, second])
    assert repeated.status_code == 400
    assert repeated.json()["errors"] == [
        {
            "code": "InvalidInput",
            "message": "Parameter 'identifiers' appears more than once; give its values once, "
            "comma-separated (identifiers=A,B).",
            "details": "",
        }
    ]
