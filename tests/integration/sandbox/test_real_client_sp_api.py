"""python-amazon-sp-api, a client no one here wrote, against the sandbox: catalog search with
pagination, get item, marketplace participations, token refresh and the merchant listings report."""

from __future__ import annotations

import pytest
from real_clients import lwa_credentials, point_at
from sandbox_driver import CLIENT_ID, CLIENT_SECRET, SP_CALLBACK, AmazonDriver, query_of
from sp_api.api import CatalogItems, Reports, Sellers
from sp_api.api.catalog_items.catalog_items import CatalogItemsVersion
from sp_api.base import Marketplaces, SellingApiException

US = "ATVPDKIKX0DER"


def refresh_token(amazon: AmazonDriver, brand: dict, central: str = "") -> str:
    params = {
        "application_id": "amzn1.sp.solution.sellerlink-sandbox",
        "state": "sp",
        "redirect_uri": SP_CALLBACK,
        "sandbox_user": brand["login"],
        "sandbox_decision": "approve",
    }
    consent = amazon.get(f"/na{central}/apps/authorize/consent", params=params)
    code = query_of(consent.headers["Location"])["spapi_oauth_code"]
    return str(amazon.token(grant_type="authorization_code", code=code).json()["refresh_token"])


def catalog(amazon: AmazonDriver, token: str) -> CatalogItems:
    client = CatalogItems(
        Marketplaces.US, credentials=lwa_credentials(token), version=CatalogItemsVersion.V_2022_04_01
    )
    return point_at(client, amazon.url)


def test_catalog_search_pages_through_every_item_and_gets_one(amazon: AmazonDriver) -> None:
    # Given a brand with 45 products, and the library refreshing its own access token
    brand = amazon.create_brand(brand_name="Pager Co", catalog_size=45)
    client = catalog(amazon, refresh_token(amazon, brand))
    # When it searches by keyword 20 at a time, following nextToken, and gets one item
    seen, token = [], None
    while True:
        extra = {"pageToken": token} if token else {}
        page = client.search_catalog_items(
            keywords=["Pager"], marketplaceIds=[US], pageSize=20, includedData=["summaries"], **extra
        )
        seen += [item["asin"] for item in page.payload["items"]]
        token = page.pagination.get("nextToken") if page.pagination else None
        if not token:
            break
    one = client.get_catalog_item(seen[0], marketplaceIds=[US], includedData=["summaries", "images"])
    # Then every product comes back once, and the item has what was asked
    assert sorted(seen) == sorted(item["asin"] for item in brand["catalog"])
    assert one.payload["asin"] == seen[0] and one.payload["summaries"][0]["brand"] == "Pager Co"
    assert one.headers["x-amzn-RequestId"]


def test_identifiers_are_read_comma_separated_and_a_list_sent_as_repeated_keys_is_400(
    amazon: AmazonDriver,
) -> None:
    # Given two ASINs; the library documents identifiers as "a comma-delimited list", and sends a
    # Python list as repeated keys (identifiers=A&identifiers=B)
    brand = amazon.create_brand(catalog_size=3)
    client = catalog(amazon, refresh_token(amazon, brand))
    asins = [item["asin"] for item in brand["catalog"][:2]]
    # When it searches with the comma-delimited string, and with the list
    found = client.search_catalog_items(
        identifiers=",".join(asins), identifiersType="ASIN", marketplaceIds=[US]
    )
    with pytest.raises(SellingApiException) as refused:
        client.search_catalog_items(identifiers=asins, identifiersType="ASIN", marketplaceIds=[US])
    # Then the string finds both; the repeated keys are refused, never half read
    assert sorted(item["asin"] for item in found.payload["items"]) == sorted(asins)
    assert refused.value.code == 400
    assert refused.value.message == (
        "Parameter 'identifiers' appears more than once; give its values once, "
        "comma-separated (identifiers=A,B)."
    )


def test_a_missing_item_is_the_librarys_not_found(amazon: AmazonDriver) -> None:
    client = catalog(amazon, refresh_token(amazon, amazon.create_brand()))
    with pytest.raises(SellingApiException) as raised:
        client.get_catalog_item("B0NOTHERE0", marketplaceIds=[US])
    assert raised.value.code == 404
    assert raised.value.headers["x-amzn-RateLimit-Limit"]


def test_marketplace_participations(amazon: AmazonDriver) -> None:
    brand = amazon.create_brand(brand_name="Two Markets", marketplaces=["US", "CA"])
    client = point_at(
        Sellers(Marketplaces.US, credentials=lwa_credentials(refresh_token(amazon, brand))), amazon.url
    )
    payload = client.get_marketplace_participation().payload
    assert sorted(p["marketplace"]["countryCode"] for p in payload) == ["CA", "US"]
    assert {p["storeName"] for p in payload} == {"Two Markets"}


def test_an_expired_access_token_is_refreshed_by_the_library(amazon: AmazonDriver) -> None:
    # Given a library client that has an access token, and a revoked refresh token
    brand = amazon.create_brand()
    good = refresh_token(amazon, brand)
    client = point_at(Sellers(Marketplaces.US, credentials=lwa_credentials(good)), amazon.url)
    assert client.get_marketplace_participation().payload
    bad = point_at(
        Sellers(Marketplaces.US, credentials={**lwa_credentials("Atzr|revoked"), "lwa_app_id": CLIENT_ID}),
        amazon.url,
    )
    # When the revoked one asks for a token, LWA refuses it the way the library understands
    with pytest.raises(Exception) as raised:
        bad.get_marketplace_participation()
    assert "invalid_grant" in str(raised.value)
    assert CLIENT_SECRET not in str(raised.value)


def test_the_merchant_listings_report_downloads_through_the_library(amazon: AmazonDriver) -> None:
    # Given a seller with 30 products
    brand = amazon.create_brand(brand_name="Listings Co", catalog_size=30)
    client = point_at(
        Reports(Marketplaces.US, credentials=lwa_credentials(refresh_token(amazon, brand))), amazon.url
    )
    # When it creates GET_MERCHANT_LISTINGS_ALL_DATA, reads it and downloads the document
    created = client.create_report(reportType="GET_MERCHANT_LISTINGS_ALL_DATA", marketplaceIds=[US])
    report = client.get_report(created.payload["reportId"]).payload
    document = client.get_report_document(report["reportDocumentId"], download=True).payload["document"]
    # Then the document lists every ASIN
    lines = document.splitlines()
    column = lines[0].split("\t").index("asin1")
    assert {line.split("\t")[column] for line in lines[1:]} == {item["asin"] for item in brand["catalog"]}
