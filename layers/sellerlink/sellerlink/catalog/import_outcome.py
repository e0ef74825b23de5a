"""How a finished catalog import ends for the brand: succeeded, or incomplete with the sentence
`onboarding.problem` shows (nothing found, products out of reach, a brand name Amazon does not use)
while the checklist step stays open."""

from __future__ import annotations

from sellerlink.programs.models import CatalogImportProgress, Program


def problem_of(program: Program, progress: CatalogImportProgress, seen: int, brands: set[str]) -> str | None:
    """None when the whole catalog is in under the program's brand name."""
    if seen == 0:
        return _nothing_found(program, progress, brands)
    if progress.unreachable:
        return (
            f"Sellerlink imported {seen:,} products, but {progress.unreachable:,} more of "
            f"{program.brand_name} on {program.site} stay out of reach: Amazon's catalog search returns "
            "at most 1,000 results per search, even split by classification. Partners cannot link to "
            "those ASINs yet; import again later, or ask Amazon Vendor Central support to split the "
            "brand's browse classifications."
        )
    if brands and program.brand_name.casefold() not in {b.casefold() for b in brands}:
        return (
            f"The products this seller offers on {program.site} are listed under {_names(brands)}, not "
            f"'{program.brand_name}'. Set the program's brand_name to the name Amazon uses "
            "(PATCH /v1/programs/{id}) and import the catalog again."
        )
    return None


def _nothing_found(program: Program, progress: CatalogImportProgress, brands: set[str]) -> str:
    if progress.source == "merchant_listings":
        return (
            f"The seller that signed in offers no products on {program.site} (its merchant listings report "
            "is empty). Connect Seller Central with the account that sells the brand, then import again."
        )
    known = (
        f"Amazon knows {_names(brands)} for similar searches" if brands else "Amazon knows no similar name"
    )
    return (
        f"Amazon's catalog has no products of brand '{program.brand_name}' on {program.site}; {known}. "
        "Set the program's brand_name to the name Amazon uses (PATCH /v1/programs/{id}) and import the "
        "catalog again."
    )


def _names(brands: set[str]) -> str:
    quoted = [f"'{name}'" for name in sorted(brands)]
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " and " + quoted[-1]
