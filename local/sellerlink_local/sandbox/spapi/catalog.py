"""SP-API Catalog Items 2022-04-01: searchCatalogItems and getCatalogItem."""

from __future__ import annotations

import base64
import hashlib
import json
from collections import Counter
from typing import Any

from werkzeug.wrappers import Request, Response

from ..state import SandboxState
from ..web import SandboxError, json_response, spapi_error
from .auth import spapi_caller, spapi_operation
from .catalog_items import CatalogItem, render_item
from .catalog_search import SearchQuery, included_data, invalid, marketplace_param, parse_search

MAX_REACHABLE = 1000


@spapi_operation("catalog")
def search_items(state: SandboxState, request: Request, region: str) -> Response:
    spapi_caller(state, request, "catalog")
    query = parse_search(request.args, region)
    matches = [state.items[a] for a in state.market_asins(query.market.code) if query.matches(state.items[a])]
    offset = _offset(request.args.get("pageToken"), query)
    reachable = min(len(matches), MAX_REACHABLE)
    page = matches[offset : min(offset + query.page_size, reachable)]
    body: dict[str, Any] = {
        "numberOfResults": len(matches),
        "pagination": _pagination(query, offset, reachable),
        "items": [render_item(item, query.market, query.included) for item in page],
    }
    if query.keywords:
        body["refinements"] = _refinements(matches)
    return json_response(body)


@spapi_operation("catalog")
def get_item(state: SandboxState, request: Request, region: str, asin: str) -> Response:
    spapi_caller(state, request, "catalog")
    market = marketplace_param(request.args.get("marketplaceIds", ""), region)
    included = included_data(request.args.get("includedData"))
    item = state.items.get(asin.upper())
    if item is None or market.code not in item.marketplace_codes:
        raise SandboxError(
            spapi_error(
                404, "NotFound", f"Requested item '{asin}' not found in marketplace '{market.marketplace_id}'"
            )
        )
    return json_response(render_item(item, market, included))


def _fingerprint(query: SearchQuery) -> str:
    return hashlib.sha256(repr(query.identity()).encode()).hexdigest()[:12]


def _token(query: SearchQuery, offset: int) -> str:
    raw = json.dumps({"o": offset, "f": _fingerprint(query)})
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def _offset(token: str | None, query: SearchQuery) -> int:
    if not token:
        return 0
    try:
        padded = token + "=" * (-len(token) % 4)
        decoded = json.loads(base64.urlsafe_b64decode(padded.encode()))
        if decoded["f"] != _fingerprint(query):
            raise ValueError("token of another search")
        return int(decoded["o"])
    except (ValueError, KeyError, TypeError) as error:
        raise invalid("Invalid pageToken") from error


def _pagination(query: SearchQuery, offset: int, reachable: int) -> dict[str, str]:
    pagination = {}
    if offset + query.page_size < reachable:
        pagination["nextToken"] = _token(query, offset + query.page_size)
    if offset > 0:
        pagination["previousToken"] = _token(query, max(0, offset - query.page_size))
    return pagination


def _refinements(matches: list[CatalogItem]) -> dict[str, list[dict[str, Any]]]:
    brands = Counter(item.brand_name for item in matches)
    classes = Counter((item.classification_id, item.classification_name) for item in matches)
    return {
        "brands": [{"numberOfResults": n, "brandName": name} for name, n in sorted(brands.items())],
        "classifications": [
            {"numberOfResults": n, "displayName": display, "classificationId": cid}
            for (cid, display), n in sorted(classes.items())
        ],
    }
