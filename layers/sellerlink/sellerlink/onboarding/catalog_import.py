"""Importing the brand's catalog from SP-API, in the background, resumable page by page.

One search reaches at most 1,000 results, so a larger catalog is split along the
classifications Amazon returns in `refinements` until every part fits. The job's position
(the parts left and each part's page token) is saved after every page: throttling or a
timeout resumes where it stopped, never from the beginning.
"""

from __future__ import annotations

from collections.abc import Callable

from sellerlink.amazon.spapi import CatalogPage
from sellerlink.amazon.transport import AmazonUnavailable
from sellerlink.catalog.models import Product
from sellerlink.connections.models import ConnectionKind
from sellerlink.onboarding.context import OnboardingContext
from sellerlink.onboarding.import_jobs import ImportJob, Part
from sellerlink.programs.models import CatalogImportProgress, Program

SEARCH_LIMIT = 1000
MAX_RESUMES = 5


def start_import(ctx: OnboardingContext, program: Program) -> CatalogImportProgress:
    """Records the job and hands it to the background worker. A failed import resumes where it stopped."""
    job = ctx.imports.get(program)
    if job is not None and job.progress.status == "running":
        return job.progress
    if job is None or job.progress.status != "failed":
        job = ImportJob(
            parts=[Part()], progress=CatalogImportProgress(status="running", started_at=ctx.clock.now())
        )
    job = job.model_copy(
        update={"progress": job.progress.model_copy(update={"status": "running", "error": None})}
    )
    ctx.imports.save(program, job)
    ctx.programs.update_onboarding(program.account_id, program.program_id, catalog_import=job.progress)
    ctx.invoke_import(program.account_id, program.program_id)
    return job.progress


def run_import(ctx: OnboardingContext, program: Program, has_time: Callable[[], bool]) -> bool:
    """Imports pages while there is time; True once the whole catalog is in."""
    job = ctx.imports.get(program)
    if job is None:
        return True
    try:
        _read_pages(ctx, program, job, has_time)
    except AmazonUnavailable as unavailable:
        return _pause(ctx, program, job, str(unavailable))
    if job.parts:
        return False
    _complete(ctx, program, job)
    return True


def _read_pages(
    ctx: OnboardingContext, program: Program, job: ImportJob, has_time: Callable[[], bool]
) -> None:
    catalog = ctx.amazon.selling_partner(program.region)
    while job.parts and has_time():
        token = ctx.tokens.access_token(
            program.account_id, program.program_id, ConnectionKind.SELLING_PARTNER
        )
        part = job.parts[0]
        page = catalog.search_catalog(
            token, program.marketplace_id, program.brand_name, part.classification, part.next_token
        )
        if not part.started and page.number_of_results > SEARCH_LIMIT and _splits(part, page):
            job.parts[0:1] = [Part(classification=c) for c in page.classifications]
        else:
            _take(ctx, program, job, part, page)
        ctx.imports.save(program, job)
        ctx.programs.update_onboarding(program.account_id, program.program_id, catalog_import=job.progress)


def _splits(part: Part, page: CatalogPage) -> bool:
    return bool(page.classifications) and set(page.classifications) != {part.classification}


def _take(ctx: OnboardingContext, program: Program, job: ImportJob, part: Part, page: CatalogPage) -> None:
    now = ctx.clock.now()
    products = [Product(**item.model_dump(), active=True, imported_at=now) for item in page.items]
    ctx.products.upsert(program.account_id, program.program_id, products)
    part.started, part.next_token = True, page.next_token
    job.progress.pages_read += 1
    job.progress.products_seen += len(products)
    if page.next_token is None:
        job.parts.pop(0)
        job.progress.unreachable += max(0, page.number_of_results - SEARCH_LIMIT)


def _complete(ctx: OnboardingContext, program: Program, job: ImportJob) -> None:
    """Products this import did not see have vanished from Amazon: they become inactive."""
    started = job.progress.started_at
    products = ctx.products.all(program.account_id, program.program_id)
    vanished = [
        p.model_copy(update={"active": False}) for p in products if p.imported_at < started and p.active
    ]
    ctx.products.upsert(program.account_id, program.program_id, vanished)
    seen = sum(1 for p in products if p.imported_at >= started)
    finished = job.progress.model_copy(
        update={"status": "succeeded", "finished_at": ctx.clock.now(), "products_seen": seen}
    )
    ctx.imports.finish(program)
    ctx.programs.update_onboarding(
        program.account_id, program.program_id, catalog_import=finished, catalog_imported_at=ctx.clock.now()
    )


def _pause(ctx: OnboardingContext, program: Program, job: ImportJob, reason: str) -> bool:
    """Amazon kept refusing: keep the position and resume later, a few times, then give up."""
    job.resumes += 1
    if job.resumes <= MAX_RESUMES:
        ctx.imports.save(program, job)
        return False
    failed = job.progress.model_copy(
        update={
            "status": "failed",
            "finished_at": ctx.clock.now(),
            "error": (
                f"Amazon kept throttling or failing the catalog search ({reason}). Start the import again "
                "later: it continues from the products already imported."
            ),
        }
    )
    ctx.imports.save(program, job.model_copy(update={"resumes": 0, "progress": failed}))
    ctx.programs.update_onboarding(program.account_id, program.program_id, catalog_import=failed)
    return True
