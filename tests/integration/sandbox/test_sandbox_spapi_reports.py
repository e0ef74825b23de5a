"""SP-API Reports: the merchant listings report, created, read and downloaded as a seller does."""

from __future__ import annotations

from typing import Any

import requests
from sandbox_driver import AmazonDriver
from sandbox_specs import ReportsSpec

US = "ATVPDKIKX0DER"
REPORTS = "/na/reports/2021-06-30"


def create(amazon: AmazonDriver, token: str, body: Any) -> requests.Response:
    return amazon.post(f"{REPORTS}/reports", json=body, headers={"x-amz-access-token": token})


def test_the_merchant_listings_report_lists_every_asin_the_seller_offers(
    amazon: AmazonDriver, reports_spec: ReportsSpec
) -> None:
    # Given a seller with 1,500 products in one classification (beyond a search's 1,000)
    items = [
        {"asin": f"B0LIST{i:04d}", "title": f"Mug {i}", "price": 9.5, "category": "Mugs"} for i in range(1500)
    ]
    brand = amazon.create_brand(catalog=items)
    amazon.create_brand(brand_name="Other", catalog=[{"asin": "B0OTHER001", "title": "x", "price": 1}])
    token = amazon.connect_spapi(brand)
    headers = {"x-amz-access-token": token}
    # When it creates GET_MERCHANT_LISTINGS_ALL_DATA, reads the report and downloads its document
    created = create(amazon, token, {"reportType": "GET_MERCHANT_LISTINGS_ALL_DATA", "marketplaceIds": [US]})
    assert created.status_code == 202, created.text
    reports_spec.validate("CreateReportResponse", created.json())
    report = amazon.get(f"{REPORTS}/reports/{created.json()['reportId']}", headers=headers)
    reports_spec.validate("Report", report.json())
    assert report.json()["processingStatus"] == "DONE"
    document = amazon.get(f"{REPORTS}/documents/{report.json()['reportDocumentId']}", headers=headers)
    reports_spec.validate("ReportDocument", document.json())
    content = requests.get(document.json()["url"], timeout=10)
    # Then the tab-separated document has every one of its ASINs and no other brand's
    lines = content.text.splitlines()
    header = lines[0].split("\t")
    assert header[:2] == ["item-name", "item-description"] and "asin1" in header
    asins = {line.split("\t")[header.index("asin1")] for line in lines[1:]}
    assert asins == {item["asin"] for item in items}
    first = dict(zip(header, lines[1].split("\t"), strict=True))
    assert (first["item-name"], first["price"], first["status"]) == ("Mug 0", "9.50", "Active")


def test_a_vendors_merchant_listings_report_is_fatal(amazon: AmazonDriver) -> None:
    vendor = amazon.create_brand(brand_name="Vendor Co", seller_type="1P")
    token = amazon.connect_spapi(vendor, "/vendor")
    created = create(amazon, token, {"reportType": "GET_MERCHANT_LISTINGS_ALL_DATA", "marketplaceIds": [US]})
    report = amazon.get(
        f"{REPORTS}/reports/{created.json()['reportId']}", headers={"x-amz-access-token": token}
    ).json()
    assert report["processingStatus"] == "FATAL" and "reportDocumentId" not in report


def test_invalid_report_requests_are_400_invalid_input(amazon: AmazonDriver) -> None:
    token = amazon.connect_spapi(amazon.create_brand())
    cases = [
        ({"marketplaceIds": [US]}, "reportType is required"),
        (
            {"reportType": "GET_FLAT_FILE_OPEN_LISTINGS_DATA", "marketplaceIds": [US]},
            "Report type GET_FLAT_FILE_OPEN_LISTINGS_DATA is not available in the sandbox; "
            "ask for GET_MERCHANT_LISTINGS_ALL_DATA",
        ),
        (
            {"reportType": "GET_MERCHANT_LISTINGS_ALL_DATA"},
            "marketplaceIds is required: a list of one to 25 marketplace identifiers",
        ),
        (
            {"reportType": "GET_MERCHANT_LISTINGS_ALL_DATA", "marketplaceIds": ["A1PA6795UKMFR9"]},
            "Invalid marketplaceIds for this endpoint: A1PA6795UKMFR9",
        ),
        ([1], "The request body must be a CreateReportSpecification object"),
    ]
    for body, message in cases:
        answer = create(amazon, token, body)
        assert answer.status_code == 400, body
        assert answer.json()["errors"][0] == {"code": "InvalidInput", "message": message, "details": ""}


def test_another_sellers_report_is_404(amazon: AmazonDriver) -> None:
    mine = amazon.connect_spapi(amazon.create_brand())
    theirs = amazon.connect_spapi(amazon.create_brand(brand_name="Theirs"))
    created = create(amazon, mine, {"reportType": "GET_MERCHANT_LISTINGS_ALL_DATA", "marketplaceIds": [US]})
    answer = amazon.get(
        f"{REPORTS}/reports/{created.json()['reportId']}", headers={"x-amz-access-token": theirs}
    )
    assert answer.status_code == 404
    assert answer.json()["errors"][0]["message"] == f"Report {created.json()['reportId']} not found"
