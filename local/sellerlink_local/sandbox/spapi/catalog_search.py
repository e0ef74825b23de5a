"""searchCatalogItems parameters, checked as SP-API checks them."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from ..marketplaces import BY_ID, Marketplace
from ..web import SandboxError, spapi_error
from .catalog_items import INCLUDED_DATA, CatalogItem

IDENTIFIER_TYPES = ("ASIN", "EAN", "GTIN", "ISBN", "JAN", "MINSAN", "SKU", "UPC")
MAX_PAGE_SIZE = 20


@dataclass(frozen=True)
class SearchQuery:
    market: Marketplace
    identifiers: tuple[str, ...]
    identifiers_type: str
    keywords: tuple[str, ...]
    brand_names: frozenset[str]
    classification_ids: frozenset[str]
    included: list[str]
    page_size: int

    def identity(self) -> tuple[object, ...]:
        return (
            self.market.code,
            self.identifiers,
            self.identifiers_type,
            self.keywords,
            sorted(self.brand_names),
            sorted(self.classification_ids),
            self.page_size,
        )

    def matches(self, item: CatalogItem) -> bool:
        if self.identifiers:
            value = item.asin if self.identifiers_type == "ASIN" else item.ean
            return self.identifiers_type in ("ASIN", "EAN") and value in self.identifiers
        text = item.search_text()
        if not all(word in text for keyword in self.keywords for word in keyword.lower().split()):
            return False
        if self.brand_names and item.brand_name.lower() not in self.brand_names:
            return False
        return not self.classification_ids or item.classification_id in self.classification_ids


def parse_search(args: Mapping[str, str], region: str) -> SearchQuery:
    market = marketplace_param(args.get("marketplaceIds", ""), region)
    identifiers = _csv(args.get("identifiers"))
    keywords = _csv(args.get("keywords"))
    brand_names = frozenset(name.lower() for name in _csv(args.get("brandNames")))
    classification_ids = frozenset(_csv(args.get("classificationIds")))
    id_type = args.get("identifiersType", "")
    _check_combination(identifiers, keywords, bool(brand_names or classification_ids), id_type, args)
    return SearchQuery(
        market,
        tuple(identifiers),
        id_type,
        tuple(keywords),
        brand_names,
        classification_ids,
        included_data(args.get("includedData")),
        _page_size(args.get("pageSize")),
    )


def _check_combination(
    identifiers: list[str], keywords: list[str], refined: bool, id_type: str, args: Mapping[str, str]
) -> None:
    if identifiers and keywords:
        raise invalid("Cannot include both identifiers and keywords in the same request")
    if not identifiers and not keywords:
        raise invalid("Either identifiers or keywords is required")
    if len(identifiers) > 20 or len(keywords) > 20:
        raise invalid("At most 20 identifiers or keywords are allowed")
    if identifiers and id_type not in IDENTIFIER_TYPES:
        raise invalid(
            "identifiersType is required with identifiers and must be one of " + ", ".join(IDENTIFIER_TYPES)
        )
    if identifiers and refined:
        raise invalid("brandNames and classificationIds cannot be used with identifiers")
    if id_type == "SKU" and not args.get("sellerId"):
        raise invalid("sellerId is required when identifiersType is SKU")


def _page_size(raw: str | None) -> int:
    if raw is None:
        return 10
    if not raw.isdigit() or not 1 <= int(raw) <= MAX_PAGE_SIZE:
        raise invalid(f"pageSize must be an integer from 1 to {MAX_PAGE_SIZE}")
    return int(raw)


def _csv(raw: str | None) -> list[str]:
    return [part.strip() for part in (raw or "").split(",") if part.strip()]


def invalid(message: str) -> SandboxError:
    return SandboxError(spapi_error(400, "InvalidInput", message))


def marketplace_param(raw: str, region: str) -> Marketplace:
    ids = [part for part in raw.split(",") if part]
    if not ids:
        raise invalid("Missing required 'marketplaceIds' parameter")
    if len(ids) > 1:
        raise invalid("marketplaceIds accepts exactly one marketplace")
    market = BY_ID.get(ids[0])
    if market is None or market.region != region:
        raise invalid(f"Invalid marketplace identifier for this endpoint: {ids[0]}")
    return market


def included_data(raw: str | None) -> list[str]:
    names = [part for part in (raw or "summaries").split(",") if part]
    unknown = [name for name in names if name not in INCLUDED_DATA]
    if unknown:
        raise invalid(f"Invalid includedData value(s): {', '.join(unknown)}")
    return list(dict.fromkeys(names))
