from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from pydantic import Field

from sellerlink.model import Model


class Product(Model):
    asin: str = Field(pattern=r"^[A-Z0-9]{10}$")
    title: str
    price: Decimal | None = Field(
        default=None, description="List price in the program's currency, when Amazon has one."
    )
    image_url: str | None = None
    classification: str | None = Field(default=None, description="Amazon's browse classification id.")
    active: bool = Field(default=True, description="False once a re-import no longer finds the ASIN.")
    imported_at: datetime


class CatalogImport(Model):
    """Progress of the catalog import, shown on the program."""

    status: str = Field(description="running, succeeded or failed")
    started_at: datetime
    finished_at: datetime | None = None
    products_seen: int = 0
    pages_read: int = 0
    error: str | None = None
