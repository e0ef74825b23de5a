"""Catalog items: deterministic generation and SP-API (2022-04-01) rendering."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from .. import identifiers
from ..marketplaces import Marketplace

CLASSIFICATIONS: tuple[tuple[str, str], ...] = (
    ("1055398", "Home & Kitchen"),
    ("3375251", "Sports & Outdoors"),
    ("165793011", "Toys & Games"),
    ("3760911", "Beauty & Personal Care"),
    ("2619533011", "Pet Supplies"),
    ("172282", "Electronics"),
    ("228013", "Tools & Home Improvement"),
    ("2972638011", "Patio, Lawn & Garden"),
    ("3760901", "Health & Household"),
    ("7141123011", "Clothing, Shoes & Jewelry"),
    ("16310101", "Grocery & Gourmet Food"),
    ("1064954", "Office Products"),
)
NOUNS = ("Bottle", "Mat", "Kit", "Lamp", "Brush", "Bag", "Set", "Stand", "Case", "Organizer", "Towel", "Mug")
ADJECTIVES = ("Classic", "Eco", "Pro", "Compact", "Deluxe", "Travel", "Everyday", "Premium", "Mini", "Smart")
INCLUDED_DATA = (
    "attributes",
    "classifications",
    "dimensions",
    "identifiers",
    "images",
    "productTypes",
    "relationships",
    "salesRanks",
    "summaries",
    "vendorDetails",
)


@dataclass(frozen=True)
class CatalogItem:
    asin: str
    title: str
    price: float
    brand_id: str
    brand_name: str
    classification_id: str
    classification_name: str
    ean: str
    rank: int
    marketplace_codes: frozenset[str]

    def search_text(self) -> str:
        return f"{self.title} {self.brand_name} {self.classification_name}".lower()


def classification_for(category: str) -> tuple[str, str]:
    for class_id, name in CLASSIFICATIONS:
        if name.lower() == category.lower() or class_id == category:
            return class_id, name
    return str(10_000_000 + identifiers.digest("class", category) % 89_999_999), category


def generated_classifications(size: int) -> list[tuple[str, str]]:
    """Enough classifications that each holds at most ~800 items (a 1,000-result search fits)."""
    count = max(5, math.ceil(size / 800))
    chosen = list(CLASSIFICATIONS[:count])
    for extra in range(len(chosen), count):
        chosen.append(classification_for(f"Sandbox Department {extra + 1}"))
    return chosen


def generate_items(brand_id: str, brand_name: str, size: int, codes: frozenset[str]) -> list[CatalogItem]:
    classes = generated_classifications(size)
    items = []
    for index in range(size):
        class_id, class_name = classes[index % len(classes)]
        noun = NOUNS[identifiers.digest("noun", brand_id, index) % len(NOUNS)]
        adjective = ADJECTIVES[identifiers.digest("adj", brand_id, index) % len(ADJECTIVES)]
        cents = 499 + identifiers.digest("price", brand_id, index) % 9500
        items.append(
            CatalogItem(
                asin=identifiers.asin(brand_id, index),
                title=f"{brand_name} {adjective} {noun} No. {index + 1}",
                price=cents / 100,
                brand_id=brand_id,
                brand_name=brand_name,
                classification_id=class_id,
                classification_name=class_name,
                ean=identifiers.ean(brand_id, index),
                rank=1 + identifiers.digest("rank", brand_id, index) % 250_000,
                marketplace_codes=codes,
            )
        )
    return items


def given_item(brand_id: str, brand_name: str, entry: dict[str, Any], codes: frozenset[str]) -> CatalogItem:
    asin = str(entry["asin"]).strip().upper()
    class_id, class_name = classification_for(str(entry.get("category") or "Home & Kitchen"))
    return CatalogItem(
        asin=asin,
        title=str(entry.get("title") or f"{brand_name} {asin}"),
        price=float(entry.get("price") or 19.99),
        brand_id=brand_id,
        brand_name=brand_name,
        classification_id=class_id,
        classification_name=class_name,
        ean=identifiers.ean(brand_id, asin),
        rank=1 + identifiers.digest("rank", asin) % 250_000,
        marketplace_codes=codes,
    )


def catalog_entry(item: CatalogItem) -> dict[str, Any]:
    return {"asin": item.asin, "title": item.title, "price": item.price, "category": item.classification_name}


def render_item(item: CatalogItem, market: Marketplace, included: list[str]) -> dict[str, Any]:
    body: dict[str, Any] = {"asin": item.asin}
    for dataset in included:
        body[dataset] = _RENDERERS[dataset](item, market)
    return body


def _summaries(item: CatalogItem, market: Marketplace) -> list[dict[str, Any]]:
    return [
        {
            "marketplaceId": market.marketplace_id,
            "brand": item.brand_name,
            "browseClassification": _classification(item),
            "itemClassification": "BASE_PRODUCT",
            "itemName": item.title,
            "manufacturer": item.brand_name,
            "websiteDisplayGroup": "home_display_on_website",
            "websiteDisplayGroupName": item.classification_name,
        }
    ]


def _attributes(item: CatalogItem, market: Marketplace) -> dict[str, Any]:
    mid, lang = market.marketplace_id, market.language
    return {
        "item_name": [{"value": item.title, "language_tag": lang, "marketplace_id": mid}],
        "brand": [{"value": item.brand_name, "language_tag": lang, "marketplace_id": mid}],
        "manufacturer": [{"value": item.brand_name, "language_tag": lang, "marketplace_id": mid}],
        "list_price": [{"currency": market.currency, "value": item.price, "marketplace_id": mid}],
        "bullet_point": [
            {"value": f"Made by {item.brand_name}.", "language_tag": lang, "marketplace_id": mid}
        ],
    }


def image_url(item: CatalogItem, suffix: str = "L") -> str:
    return f"https://m.media-amazon.com/images/I/{identifiers.alnum(11, 'image', item.asin)}{suffix}.jpg"


def _images(item: CatalogItem, market: Marketplace) -> list[dict[str, Any]]:
    images = [
        {
            "variant": variant,
            "link": image_url(item, suffix),
            "height": 1500,
            "width": 1500,
        }
        for variant, suffix in (("MAIN", "L"), ("PT01", "1"))
    ]
    return [{"marketplaceId": market.marketplace_id, "images": images}]


def _sales_ranks(item: CatalogItem, market: Marketplace) -> list[dict[str, Any]]:
    return [
        {
            "marketplaceId": market.marketplace_id,
            "classificationRanks": [
                {
                    "classificationId": item.classification_id,
                    "title": item.classification_name,
                    "link": f"https://www.{market.site}/gp/bestsellers/{item.classification_id}",
                    "rank": item.rank,
                }
            ],
            "displayGroupRanks": [
                {
                    "websiteDisplayGroup": "home_display_on_website",
                    "title": item.classification_name,
                    "rank": item.rank * 3,
                }
            ],
        }
    ]


def _classification(item: CatalogItem) -> dict[str, Any]:
    return {"displayName": item.classification_name, "classificationId": item.classification_id}


def _classifications(item: CatalogItem, market: Marketplace) -> list[dict[str, Any]]:
    return [{"marketplaceId": market.marketplace_id, "classifications": [_classification(item)]}]


def _identifiers(item: CatalogItem, market: Marketplace) -> list[dict[str, Any]]:
    ids = [{"identifierType": "EAN", "identifier": item.ean}]
    return [{"marketplaceId": market.marketplace_id, "identifiers": ids}]


def _dimensions(item: CatalogItem, market: Marketplace) -> list[dict[str, Any]]:
    size = {
        "height": {"unit": "inches", "value": 4.0},
        "length": {"unit": "inches", "value": 8.0},
        "width": {"unit": "inches", "value": 6.0},
        "weight": {"unit": "pounds", "value": 1.2},
    }
    return [{"marketplaceId": market.marketplace_id, "item": size, "package": size}]


def _product_types(item: CatalogItem, market: Marketplace) -> list[dict[str, Any]]:
    return [{"marketplaceId": market.marketplace_id, "productType": "HOME"}]


def _relationships(item: CatalogItem, market: Marketplace) -> list[dict[str, Any]]:
    return [{"marketplaceId": market.marketplace_id, "relationships": []}]


def _vendor_details(item: CatalogItem, market: Marketplace) -> list[dict[str, Any]]:
    return [{"marketplaceId": market.marketplace_id, "brandCode": identifiers.alnum(5, "bc", item.brand_id)}]


_RENDERERS = {
    "summaries": _summaries,
    "attributes": _attributes,
    "images": _images,
    "salesRanks": _sales_ranks,
    "classifications": _classifications,
    "identifiers": _identifiers,
    "dimensions": _dimensions,
    "productTypes": _product_types,
    "relationships": _relationships,
    "vendorDetails": _vendor_details,
}
