"""The running catalog import of a program: `ACCOUNT#<a>#PROGRAM#<p>` / `CATALOG_IMPORT`."""

from __future__ import annotations

from sellerlink.model import Model
from sellerlink.programs.dal import program_pk
from sellerlink.programs.models import CatalogImportProgress, Program
from sellerlink.table import Table


class Part(Model):
    classification: str | None = None
    next_token: str | None = None
    started: bool = False


class ImportJob(Model):
    """Where the import stands: the search parts left (and every classification ever queued, so
    refinements that name a parent or a sibling never queue it twice), or the listings report and
    how many of its products are written; how often Amazon's outages paused it."""

    parts: list[Part]
    queued: list[str] = []
    progress: CatalogImportProgress
    resumes: int = 0
    report_id: str | None = None
    offset: int = 0


class ImportJobs:
    """The one running import of a program: `ACCOUNT#<a>#PROGRAM#<p>` / `CATALOG_IMPORT`."""

    def __init__(self, table: Table) -> None:
        self._table = table

    def save(self, program: Program, job: ImportJob) -> None:
        pk = program_pk(program.account_id, program.program_id)
        self._table.put({"PK": pk, "SK": "CATALOG_IMPORT", **job.model_dump(mode="json")})

    def get(self, program: Program) -> ImportJob | None:
        item = self._table.get(program_pk(program.account_id, program.program_id), "CATALOG_IMPORT")
        return ImportJob.model_validate(item) if item else None

    def finish(self, program: Program) -> None:
        self._table.delete(program_pk(program.account_id, program.program_id), "CATALOG_IMPORT")
