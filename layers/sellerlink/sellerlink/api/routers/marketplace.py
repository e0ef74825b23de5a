"""The partners' marketplace: the listed programs open to applications, for any partner key."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated

from aws_lambda_powertools.event_handler.api_gateway import Router
from aws_lambda_powertools.event_handler.openapi.params import Query

from sellerlink.api.dependencies import ApiDependencies, deps, principal
from sellerlink.api.problems import ERROR_RESPONSES
from sellerlink.marketplace.listing import ListingFilter, marketplace_page
from sellerlink.marketplace.models import MarketplacePage

router = Router()


@router.get("/v1/marketplace/programs", tags=["Marketplace"], responses=ERROR_RESPONSES)
def list_marketplace_programs(
    marketplace: Annotated[
        str | None, Query(description="One of US, CA, MX, UK, DE, FR, IT, ES, NL.")
    ] = None,
    category: Annotated[str | None, Query(max_length=50)] = None,
    min_rate: Annotated[
        Decimal | None,
        Query(ge=0, le=100, description="Programs paying at least this percentage by default."),
    ] = None,
    q: Annotated[
        str | None, Query(max_length=100, description="Text in the brand's name or the title.")
    ] = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
    cursor: Annotated[str | None, Query()] = None,
) -> MarketplacePage:
    """Partner: listed programs open to applications, brand by brand, with their public terms
    (never private terms); follow `next_cursor`."""
    d = deps(router, ApiDependencies)
    wanted = ListingFilter(marketplace=marketplace, category=category, min_rate=min_rate, text=q)
    return marketplace_page(d.programs, d.partners, d.clock, principal(router), wanted, limit, cursor)
