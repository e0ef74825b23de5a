"""The sandbox's marketplaces are the product's: same codes, ids, sites, currencies and regions."""

from __future__ import annotations

from sellerlink.marketplaces import MARKETPLACES as PRODUCT
from sellerlink_local.sandbox.marketplaces import MARKETPLACES


def test_the_sandbox_knows_the_marketplaces_the_product_supports() -> None:
    # Given the product's marketplace table and the sandbox's own copy
    product = {(m.code, m.marketplace_id, m.site, m.currency, m.region.value) for m in PRODUCT.values()}
    # Then they name the same marketplaces alike
    assert {(m.code, m.marketplace_id, m.site, m.currency, m.region.upper()) for m in MARKETPLACES} == product
