"""Pulls in the table.

- `ACCOUNT#<a>#PROGRAM#<p>` / `PULL#<pull_id>`: the pull, its jobs and progress.

The report pages the fetch steps read are staged in S3 (`pulls.staging`), not in the table.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sellerlink.attribution.models import ReportJob
from sellerlink.clock import iso
from sellerlink.programs.dal import ProgramStore, program_pk
from sellerlink.programs.models import Program
from sellerlink.pulls.models import Pull, PullRef, PullStatus
from sellerlink.table import Table, Update


class PullStore:
    def __init__(self, table: Table) -> None:
        self._table = table

    def create(self, pull: Pull) -> None:
        self._table.put(_item(pull), condition="attribute_not_exists(PK)")

    def get(self, ref: PullRef) -> Pull | None:
        item = self._table.get(program_pk(ref.account_id, ref.program_id), "PULL#" + ref.pull_id)
        return Pull.model_validate(item) if item else None

    def existing(self, ref: PullRef) -> Pull:
        """The pull a workflow step was handed; LookupError (a failed step) if it is gone."""
        pull = self.get(ref)
        if pull is None:
            raise LookupError(f"pull {ref.pull_id} of program {ref.program_id} does not exist")
        return pull

    def recent(self, account_id: str, program_id: str, limit: int) -> list[Pull]:
        page = self._table.query(program_pk(account_id, program_id), "PULL#", limit=limit, newest_first=True)
        return [Pull.model_validate(item) for item in page.items]

    def set_jobs(self, ref: PullRef, jobs: Sequence[ReportJob]) -> None:
        self._update(ref, "SET jobs = :jobs", {":jobs": [job.model_dump(mode="json") for job in jobs]})

    def set_execution(self, ref: PullRef, execution_arn: str) -> None:
        self._update(ref, "SET execution_arn = :arn", {":arn": execution_arn})

    def count_pages(self, ref: PullRef, pages: int, rows: int, jobs: int = 0) -> None:
        self._update(
            ref,
            "ADD pages_read :pages, rows_read :rows, jobs_read :jobs",
            {":pages": pages, ":rows": rows, ":jobs": jobs},
        )

    def finish(
        self, ref: PullRef, status: PullStatus, now: datetime, entries: int, error: str | None
    ) -> None:
        expression = "SET #status = :status, finished_at = :now, entries_appended = :entries"
        values: dict[str, Any] = {":status": str(status), ":now": iso(now), ":entries": entries}
        if error:
            expression += ", #error = :error"
            values[":error"] = error
        self._update(ref, expression, values, {"#status": "status", "#error": "error"} if error else None)

    def _update(self, ref: PullRef, expression: str, values: dict[str, Any], names: Any = None) -> None:
        names = names or ({"#status": "status"} if "#status" in expression else None)
        self._table.update(
            Update(
                key={"PK": program_pk(ref.account_id, ref.program_id), "SK": "PULL#" + ref.pull_id},
                expression=expression,
                values=values,
                names=names,
                condition="attribute_exists(PK)",
            )
        )


def program_of(programs: ProgramStore, ref: PullRef) -> Program:
    """The program a workflow step's pull belongs to; LookupError (a failed step) if it is gone."""
    program = programs.get(ref.account_id, ref.program_id)
    if program is None:
        raise LookupError(f"program {ref.program_id} does not exist")
    return program


def _item(pull: Pull) -> dict[str, Any]:
    return {
        "PK": program_pk(pull.account_id, pull.program_id),
        "SK": "PULL#" + pull.pull_id,
        **pull.model_dump(mode="json", exclude_none=True),
    }
