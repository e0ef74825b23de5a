"""Every response header the vendored SP-API models list for a status comes with it."""

from __future__ import annotations

from collections.abc import Callable

import requests
from sandbox_driver import AmazonDriver
from sandbox_specs import documented_headers

US = "ATVPDKIKX0DER"
CATALOG = "/catalog/2022-04-01/items"
REPORTS = "/reports/2021-06-30"
Call = Callable[[AmazonDriver, str, str], requests.Response]  # (amazon, token, an ASIN)


def _get(path: str, *, token: bool = True, **params: str) -> Call:
    return lambda amazon, key, asin: amazon.get(
        "/na" + path.replace("{asin}", asin),
        params=params,
        headers={"x-amz-access-token": key} if token else {},
    )


def _create(body: object) -> Call:
    return lambda amazon, key, asin: amazon.post(
        f"/na{REPORTS}/reports", json=body, headers={"x-amz-access-token": key}
    )


LISTINGS = {"reportType": "GET_MERCHANT_LISTINGS_ALL_DATA", "marketplaceIds": [US]}
# (method, path as the model names it, status) -> a request that the sandbox answers with it
CASES: dict[tuple[str, str, str], Call] = {
    ("get", CATALOG, "200"): _get(CATALOG, marketplaceIds=US, keywords="Acme"),
    ("get", CATALOG, "400"): _get(CATALOG, marketplaceIds=US),
    ("get", CATALOG, "403"): _get(CATALOG, token=False, marketplaceIds=US),
    ("get", CATALOG, "429"): _get(CATALOG, marketplaceIds=US, keywords="Acme"),
    ("get", CATALOG + "/{asin}", "200"): _get(CATALOG + "/{asin}", marketplaceIds=US),
    ("get", CATALOG + "/{asin}", "400"): _get(CATALOG + "/{asin}", marketplaceIds="nope"),
    ("get", CATALOG + "/{asin}", "404"): _get(CATALOG + "/B0NOTHERE0", marketplaceIds=US),
    ("post", REPORTS + "/reports", "202"): _create(LISTINGS),
    ("post", REPORTS + "/reports", "400"): _create({"marketplaceIds": [US]}),
    ("get", REPORTS + "/reports/{reportId}", "404"): _get(REPORTS + "/reports/1"),
    ("get", REPORTS + "/documents/{reportDocumentId}", "404"): _get(REPORTS + "/documents/nope"),
}


def test_each_documented_status_carries_its_documented_headers(amazon: AmazonDriver) -> None:
    # Given a seller with a product, and the headers the vendored models document per status
    brand = amazon.create_brand()
    asin = brand["catalog"][0]["asin"]
    token = amazon.connect_spapi(brand)
    documented = documented_headers()
    assert set(CASES) <= set(documented)
    for (method, path, status), call in CASES.items():
        # When the sandbox is made to answer with that status
        amazon.control("put", "/_sandbox/throttling", json={"catalog": {"rate": 1000, "burst": 1000}})
        if status == "429":
            amazon.control("put", "/_sandbox/throttling", json={"catalog": {"rate": 0.001, "burst": 1}})
            call(amazon, token, asin)
        answer = call(amazon, token, asin)
        # Then the answer has the status and every header its model lists
        assert str(answer.status_code) == status, (method, path, answer.text)
        missing = {name for name in documented[(method, path, status)] if name not in answer.headers}
        assert not missing, (method, path, status, missing)
