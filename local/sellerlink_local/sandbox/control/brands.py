"""``POST /_sandbox/brands``: a brand, its sandbox Amazon user, profiles and catalog."""

from __future__ import annotations

from typing import Any

from werkzeug.wrappers import Response

from .. import identifiers
from ..accounts import Brand, brand_summary, build_profiles
from ..marketplaces import Marketplace, by_code
from ..spapi.catalog_items import CatalogItem, catalog_entry, generate_items, given_item
from ..state import SandboxState
from ..web import SandboxError, control_error

MAX_CATALOG = 100_000


def create_brand(state: SandboxState, spec: dict[str, Any]) -> dict[str, Any]:
    name = str(spec.get("brand_name") or "").strip()
    if not name:
        raise _bad("brand_name is required")
    seller_type = spec.get("seller_type", "3P")
    if seller_type not in ("3P", "1P"):
        raise _bad("seller_type must be 3P or 1P")
    role = spec.get("user_role", "admin")
    if role not in ("admin", "limited"):
        raise _bad("user_role must be admin or limited")
    markets = _marketplaces(spec.get("marketplaces", ["US"]))
    seq = state.next_sequence()
    brand = Brand(
        brand_id=f"brand-{seq}",
        name=name,
        seller_type=seller_type,
        marketplaces=markets,
        brand_registry=bool(spec.get("brand_registry", True)),
        brb_enrolled=bool(spec.get("brb_enrolled", True)),
        user_role=role,
        login=f"{identifiers.slug(name)}-{seq}@sandbox.sellerlink.test",
        selling_partner_id=(
            identifiers.seller_id(name, seq)
            if seller_type == "3P"
            else identifiers.vendor_entity_id(name, seq, "partner")
        ),
        also_vendor=bool(spec.get("also_vendor", False)),
    )
    brand.profiles = build_profiles(brand, seq, bool(spec.get("legacy_attribution_profile", False)))
    items = _catalog(state, brand, spec)
    state.add_brand(brand, items)
    return brand_summary(brand, [catalog_entry(item) for item in items])


def _marketplaces(codes: Any) -> list[Marketplace]:
    if not isinstance(codes, list) or not codes:
        raise _bad("marketplaces must be a non-empty list of marketplace codes")
    markets = []
    for code in codes:
        market = by_code(str(code))
        if market is None:
            raise _bad(f"unsupported marketplace {code!r}: use US, CA, MX, UK, DE, FR, IT, ES or NL")
        markets.append(market)
    return markets


def _catalog(state: SandboxState, brand: Brand, spec: dict[str, Any]) -> list[CatalogItem]:
    codes = frozenset(m.code for m in brand.marketplaces)
    entries = spec.get("catalog")
    if entries is not None:
        if not isinstance(entries, list) or not all(isinstance(e, dict) and e.get("asin") for e in entries):
            raise _bad("catalog must be a list of {asin, title, price, category}")
        items = [given_item(brand.brand_id, brand.name, entry, codes) for entry in entries]
    else:
        size = spec.get("catalog_size", 10)
        if not isinstance(size, int) or not 0 <= size <= MAX_CATALOG:
            raise _bad(f"catalog_size must be an integer from 0 to {MAX_CATALOG}")
        items = generate_items(brand.brand_id, brand.name, size, codes)
    for item in items:
        owner = state.items.get(item.asin)
        if owner is not None:
            raise _bad(f"ASIN {item.asin} already belongs to brand {owner.brand_name!r}")
    if len({item.asin for item in items}) != len(items):
        raise _bad("catalog lists an ASIN twice")
    return items


def _bad(message: str) -> SandboxError:
    return SandboxError(_response(message))


def _response(message: str) -> Response:
    return control_error(400, message)
