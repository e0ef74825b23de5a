"""Products in the table: `ACCOUNT#<a>#PROGRAM#<p>` / `PRODUCT#<asin>`, written in batches."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sellerlink.catalog.models import Product
from sellerlink.programs.dal import program_pk
from sellerlink.table import Page, Table

PREFIX = "PRODUCT#"


def product_key(account_id: str, program_id: str, asin: str) -> tuple[str, str]:
    return program_pk(account_id, program_id), PREFIX + asin


class ProductStore:
    def __init__(self, table: Table) -> None:
        self._table = table

    def upsert(self, account_id: str, program_id: str, products: Iterable[Product]) -> int:
        pk = program_pk(account_id, program_id)
        items = [_item(pk, product) for product in products]
        self._table.put_many(items)
        return len(items)

    def get_many(self, account_id: str, program_id: str, asins: Iterable[str]) -> dict[str, Product]:
        items = self._table.get_many([product_key(account_id, program_id, asin) for asin in set(asins)])
        return {item["asin"]: Product.model_validate(item) for item in items}

    def page(
        self, account_id: str, program_id: str, *, limit: int, cursor: str | None
    ) -> tuple[list[Product], str | None]:
        found: Page = self._table.query(
            program_pk(account_id, program_id), PREFIX, limit=limit, cursor=cursor
        )
        return [Product.model_validate(i) for i in found.items], found.next_cursor

    def active_page(
        self, account_id: str, program_id: str, *, limit: int, cursor: str | None
    ) -> tuple[list[Product], str | None]:
        """Up to `limit` active products from `cursor` on, and the cursor after the last one."""

        def pick(item: dict[str, Any]) -> Product | None:
            product = Product.model_validate(item)
            return product if product.active else None

        return self._table.collect(program_pk(account_id, program_id), pick, limit, cursor, sk_prefix=PREFIX)

    def all(self, account_id: str, program_id: str) -> list[Product]:
        return [
            Product.model_validate(i)
            for i in self._table.query_all(program_pk(account_id, program_id), PREFIX)
        ]


def _item(pk: str, product: Product) -> dict[str, Any]:
    return {"PK": pk, "SK": PREFIX + product.asin, **product.model_dump(mode="json", exclude_none=True)}
