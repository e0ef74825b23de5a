"""Seller reports the sandbox has made, and the merchant listings document's lines."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from ..control.clock import format_instant
from ..marketplaces import Marketplace
from .catalog_items import CatalogItem, image_url

LISTING_COLUMNS = (
    "item-name",
    "item-description",
    "listing-id",
    "seller-sku",
    "price",
    "quantity",
    "open-date",
    "image-url",
    "item-is-marketplace",
    "product-id-type",
    "zshop-shipping-fee",
    "item-note",
    "item-condition",
    "zshop-category1",
    "zshop-browse-path",
    "zshop-storefront-feature",
    "asin1",
    "asin2",
    "asin3",
    "will-ship-internationally",
    "expedited-shipping",
    "zshop-boldface",
    "product-id",
    "bid-for-featured-placement",
    "add-delete",
    "pending-quantity",
    "fulfillment-channel",
    "merchant-shipping-group",
    "status",
)


@dataclass
class SellerReport:
    report_id: str
    report_type: str
    marketplace: Marketplace
    login: str
    created: datetime
    status: str
    document_id: str | None

    def to_amazon(self) -> dict[str, Any]:
        body: dict[str, Any] = {
            "reportId": self.report_id,
            "reportType": self.report_type,
            "marketplaceIds": [self.marketplace.marketplace_id],
            "createdTime": format_instant(self.created),
            "processingStatus": self.status,
            "processingStartTime": format_instant(self.created),
            "processingEndTime": format_instant(self.created),
        }
        if self.document_id:
            body["reportDocumentId"] = self.document_id
        return body


def listing_line(item: CatalogItem) -> str:
    values = dict.fromkeys(LISTING_COLUMNS, "")
    values.update(
        {
            "item-name": item.title,
            "listing-id": "0" + item.asin[-9:],
            "seller-sku": f"SKU-{item.asin}",
            "price": f"{item.price:.2f}",
            "quantity": "25",
            "image-url": image_url(item),
            "open-date": "2025-01-15 10:00:00 PST",
            "item-is-marketplace": "y",
            "product-id-type": "1",
            "item-condition": "11",
            "asin1": item.asin,
            "product-id": item.asin,
            "fulfillment-channel": "DEFAULT",
            "status": "Active",
        }
    )
    return "\t".join(values[column] for column in LISTING_COLUMNS)
