"""What a brand asks of its catalog: a page of the imported products, and a fresh import."""

from __future__ import annotations

from sellerlink.accounts.models import Principal
from sellerlink.accounts.permissions import require_editor
from sellerlink.catalog.dal import ProductStore
from sellerlink.catalog.importer import CatalogImportStarter
from sellerlink.catalog.models import Product
from sellerlink.errors import Conflict
from sellerlink.programs.dal import ProgramStore
from sellerlink.programs.logic import get_program
from sellerlink.programs.models import CatalogImportProgress, ConnectionState


def product_page(
    products: ProductStore,
    programs: ProgramStore,
    principal: Principal,
    program_id: str,
    *,
    limit: int,
    cursor: str | None,
) -> tuple[list[Product], str | None]:
    """The imported catalog, a page at a time; the cursor of the next page, if any."""
    program = get_program(programs, principal, program_id)
    return products.page(program.account_id, program.program_id, limit=limit, cursor=cursor)


def reimport_catalog(
    imports: CatalogImportStarter, principal: Principal, program_id: str
) -> CatalogImportProgress:
    require_editor(principal, "import the catalog")
    program = get_program(imports.programs, principal, program_id)
    if program.onboarding.selling_partner is not ConnectionState.CONNECTED:
        raise Conflict("Connect Seller or Vendor Central first; the catalog is read from there.")
    return imports.start(program)
