"""Onboarding: connect Amazon accounts, choose the Ads profile, import and read the catalog."""

from __future__ import annotations

from typing import Annotated

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.api_gateway import Router
from aws_lambda_powertools.event_handler.openapi.params import Query
from pydantic import Field

from sellerlink.accounts.models import PrincipalKind
from sellerlink.api.dependencies import ApiDependencies, deps, principal, request_host
from sellerlink.api.problems import ERROR_RESPONSES
from sellerlink.catalog.logic import product_page, reimport_catalog
from sellerlink.catalog.models import Product
from sellerlink.connections.models import ConnectionKind
from sellerlink.marketplace import members
from sellerlink.marketplace.models import PartnerProductPage
from sellerlink.model import Model
from sellerlink.onboarding import profiles
from sellerlink.onboarding.consent import ConsentLink, consent_link
from sellerlink.onboarding.disconnect import disconnect as disconnect_connection
from sellerlink.programs.models import CatalogImportProgress, ProgramView

router = Router()


class ProfileChoice(Model):
    profile_id: str = Field(description="One of the program's onboarding.profile_candidates.")


class ProductPage(Model):
    products: list[Product]
    next_cursor: str | None


@router.get("/v1/programs/<program_id>/connect/<kind>", tags=["Onboarding"], responses=ERROR_RESPONSES)
def connect(program_id: str, kind: ConnectionKind) -> ConsentLink:
    """Admin or manager: the Amazon sign-in URL (Ads, or Seller/Vendor Central) in the program's region."""
    d = deps(router, ApiDependencies)
    return consent_link(
        d.onboarding(),
        principal(router),
        program_id,
        kind,
        draft_app=d.sp_api_draft_app,
        request_host=request_host(router),
    )


@router.put("/v1/programs/<program_id>/amazon/profile", tags=["Onboarding"], responses=ERROR_RESPONSES)
def choose_profile(program_id: str, body: ProfileChoice) -> ProgramView:
    """Admin or manager: the Ads profile that measures this program, when Amazon offered several."""
    program = profiles.choose_profile(
        deps(router, ApiDependencies).onboarding(), principal(router), program_id, body.profile_id
    )
    return ProgramView.of(program)


@router.delete("/v1/programs/<program_id>/connections/<kind>", tags=["Onboarding"], responses=ERROR_RESPONSES)
def disconnect(program_id: str, kind: ConnectionKind) -> ProgramView:
    """Admin or manager: forget an Amazon authorization; its tokens are deleted."""
    onboarding = deps(router, ApiDependencies).onboarding()
    return ProgramView.of(disconnect_connection(onboarding, principal(router), program_id, kind))


@router.post(
    "/v1/programs/<program_id>/catalog/import",
    tags=["Onboarding"],
    responses=ERROR_RESPONSES,
    status_code=202,
)
def import_catalog(program_id: str) -> Response[CatalogImportProgress]:
    """Admin or manager: import the catalog again (titles, prices, images; vanished ASINs go inactive)."""
    imports = deps(router, ApiDependencies).catalog_imports()
    progress = reimport_catalog(imports, principal(router), program_id)
    return Response(202, content_type="application/json", body=progress)


@router.get("/v1/programs/<program_id>/products", tags=["Onboarding"], responses=ERROR_RESPONSES)
def list_products(
    program_id: str,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
    cursor: Annotated[str | None, Query()] = None,
) -> ProductPage | PartnerProductPage:
    """The imported catalog, a page at a time (follow next_cursor); an approved partner reads the active
    products with what it earns on each under its terms."""
    caller, d = principal(router), deps(router, ApiDependencies)
    if caller.kind is PrincipalKind.PARTNER:
        return members.products_view(d.members, caller, program_id, limit=limit, cursor=cursor)
    products, next_cursor = product_page(
        d.products, d.programs, caller, program_id, limit=limit, cursor=cursor
    )
    return ProductPage(products=products, next_cursor=next_cursor)
