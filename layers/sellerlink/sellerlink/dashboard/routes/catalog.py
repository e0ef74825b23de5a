"""Brand: the imported catalog, a page at a time, with the import's progress and a fresh import."""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.api_gateway import Router

from sellerlink.catalog.logic import product_page, reimport_catalog
from sellerlink.dashboard.page import Page
from sellerlink.errors import SellerlinkError
from sellerlink.programs.logic import get_program

router = Router()
PAGE_SIZE = 50


def catalog_page(page: Page, program_id: str, status: int = 200, **context: Any) -> Response[str]:
    deps = page.deps
    program = get_program(deps.programs, page.principal, program_id)
    cursor = page.query("cursor") or None
    products, next_cursor = product_page(
        deps.products, deps.programs, page.principal, program_id, limit=PAGE_SIZE, cursor=cursor
    )
    return page.render(
        "catalog.html",
        status,
        title="Catalog",
        program=program,
        products=products,
        next_cursor=next_cursor,
        first_page=cursor is None,
        **context,
    )


@router.get("/programs/<program_id>/catalog")
def catalog(program_id: str) -> Response[str]:
    return catalog_page(Page.of(router, brand=True), program_id)


@router.post("/programs/<program_id>/catalog")
def import_again(program_id: str) -> Response[str]:
    page = Page.of(router, brand=True)
    try:
        reimport_catalog(page.deps.catalog_imports(), page.principal, program_id)
    except SellerlinkError as refused:
        return catalog_page(page, program_id, refused.status, error=refused.detail)
    return catalog_page(page, program_id, notice="The import started; its progress shows below.")
