"""SP-API: marketplace participation and the catalog (searchCatalogItems 2022-04-01)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from pydantic import Field, SecretStr

from sellerlink.amazon.transport import AmazonError, Transport
from sellerlink.model import Model

CATALOG = "/catalog/2022-04-01/items"
PAGE_SIZE = 20
INCLUDED = "summaries,attributes,images,classifications"


class CatalogItem(Model):
    asin: str
    title: str
    price: Decimal | None = None
    image_url: str | None = None
    classification: str | None = None
    brand: str | None = Field(default=None, exclude=True)


class CatalogPage(Model):
    items: list[CatalogItem]
    next_token: str | None
    number_of_results: int
    classifications: dict[str, int]
    brands: dict[str, int] = Field(default_factory=dict)


class SellingPartnerClient:
    def __init__(self, transport: Transport, base_url: str) -> None:
        self._transport, self._base = transport, base_url.rstrip("/")

    def participating_marketplaces(self, token: SecretStr) -> set[str]:
        body = self._get("read marketplace participations", "/sellers/v1/marketplaceParticipations", token)
        return {
            entry["marketplace"]["id"]
            for entry in body.get("payload", [])
            if entry.get("participation", {}).get("isParticipating")
        }

    def search_catalog(
        self,
        token: SecretStr,
        marketplace_id: str,
        brand: str,
        classification: str | None = None,
        page_token: str | None = None,
    ) -> CatalogPage:
        params = {
            "marketplaceIds": marketplace_id,
            "keywords": brand,
            "brandNames": brand,
            "includedData": INCLUDED,
            "pageSize": PAGE_SIZE,
        }
        if classification:
            params["classificationIds"] = classification
        if page_token:
            params["pageToken"] = page_token
        return _page(self._get("search the catalog", CATALOG, token, params), marketplace_id)

    def brands_like(self, token: SecretStr, marketplace_id: str, words: list[str]) -> set[str]:
        """The brand names Amazon's catalog has for searches of these words (its refinements)."""
        found: set[str] = set()
        for word in words:
            params = {"marketplaceIds": marketplace_id, "keywords": word, "pageSize": 1}
            found |= set(
                _page(self._get("search the catalog", CATALOG, token, params), marketplace_id).brands
            )
        return found

    def items(self, token: SecretStr, marketplace_id: str, asins: list[str]) -> list[CatalogItem]:
        """Up to 20 ASINs by identifier, with their brand."""
        params = {
            "marketplaceIds": marketplace_id,
            "identifiers": ",".join(asins[:20]),
            "identifiersType": "ASIN",
            "includedData": INCLUDED,
            "pageSize": PAGE_SIZE,
        }
        return _page(self._get("look up catalog items", CATALOG, token, params), marketplace_id).items

    def _get(self, operation: str, path: str, token: SecretStr, params: Any = None) -> Any:
        headers = {"x-amz-access-token": token.get_secret_value()}
        answer = self._transport.send(operation, "GET", self._base + path, headers=headers, params=params)
        return checked(operation, answer)


def checked(operation: str, answer: Any) -> Any:
    """An SP-API answer's JSON, or AmazonError with the first error's code and message."""
    if answer.ok:
        return answer.json()
    try:
        errors = answer.json().get("errors") or [{}]
        details = f"{errors[0].get('code', '')}: {errors[0].get('message', answer.reason)}"
    except ValueError:
        details = answer.reason
    raise AmazonError(operation, answer.status_code, details)


def _page(body: dict[str, Any], marketplace_id: str) -> CatalogPage:
    refinements = body.get("refinements") or {}
    return CatalogPage(
        items=[_item(raw, marketplace_id) for raw in body.get("items", [])],
        next_token=(body.get("pagination") or {}).get("nextToken"),
        number_of_results=int(body.get("numberOfResults", 0)),
        classifications={
            str(c["classificationId"]): int(c.get("numberOfResults", 0))
            for c in refinements.get("classifications", [])
        },
        brands={str(b["brandName"]): int(b.get("numberOfResults", 0)) for b in refinements.get("brands", [])},
    )


def _item(raw: dict[str, Any], marketplace_id: str) -> CatalogItem:
    summary = _for_marketplace(raw.get("summaries", []), marketplace_id)
    prices = raw.get("attributes", {}).get("list_price", [])
    images = _for_marketplace(raw.get("images", []), marketplace_id).get("images", [])
    main = next((image for image in images if image.get("variant") == "MAIN"), images[0] if images else {})
    return CatalogItem(
        asin=raw["asin"],
        title=summary.get("itemName", raw["asin"]),
        price=Decimal(str(prices[0]["value"])) if prices else None,
        image_url=main.get("link"),
        classification=(summary.get("browseClassification") or {}).get("classificationId"),
        brand=summary.get("brand"),
    )


def _for_marketplace(entries: list[dict[str, Any]], marketplace_id: str) -> dict[str, Any]:
    return next(
        (e for e in entries if e.get("marketplaceId") == marketplace_id), entries[0] if entries else {}
    )
