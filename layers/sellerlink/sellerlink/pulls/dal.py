"""Pulls and their staged report pages in the table.

- `ACCOUNT#<a>#PROGRAM#<p>` / `PULL#<pull_id>`: the pull, its jobs and progress.
- `ACCOUNT#<a>#PROGRAM#<p>#PULL#<pull_id>` / `PAGE#<page:06d>#<part:02d>`: one report page's rows,
  compressed, kept 3 days (TTL): what the fetch steps hand to the ledger step. Page numbers come
  from the workflow's state, so a retried fetch step overwrites the same items.
"""

from __future__ import annotations

import json
import zlib
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from sellerlink.attribution.models import AttributionRow, ReportJob
from sellerlink.clock import iso
from sellerlink.programs.dal import ProgramStore, program_pk
from sellerlink.programs.models import Program
from sellerlink.pulls.models import Pull, PullRef, PullStatus
from sellerlink.table import Table, Update

STAGE_TTL = timedelta(days=3)
MAX_STAGED_BYTES = 300_000  # DynamoDB items hold 400 KB


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

    def stage(self, ref: PullRef, page: int, rows: Sequence[AttributionRow], now: datetime) -> None:
        """One report page's rows, in as many items as their compressed size needs."""
        expires = int((now + STAGE_TTL).timestamp())
        parts = _compressed_parts([row.staged() for row in rows])
        self._table.put_many(
            {"PK": _stage_pk(ref), "SK": f"PAGE#{page:06d}#{part:02d}", "rows": blob, "expires_at": expires}
            for part, blob in enumerate(parts)
        )

    def staged(self, ref: PullRef) -> list[AttributionRow]:
        rows: list[AttributionRow] = []
        for item in self._table.query_all(_stage_pk(ref), "PAGE#"):
            raw = item["rows"]
            data = bytes(raw.value if hasattr(raw, "value") else raw)
            rows.extend(AttributionRow.from_staged(r) for r in json.loads(zlib.decompress(data)))
        return rows


def program_of(programs: ProgramStore, ref: PullRef) -> Program:
    """The program a workflow step's pull belongs to; LookupError (a failed step) if it is gone."""
    program = programs.get(ref.account_id, ref.program_id)
    if program is None:
        raise LookupError(f"program {ref.program_id} does not exist")
    return program


def _stage_pk(ref: PullRef) -> str:
    return f"{program_pk(ref.account_id, ref.program_id)}#PULL#{ref.pull_id}"


def _compressed_parts(rows: list[list[Any]]) -> list[bytes]:
    blob = zlib.compress(json.dumps(rows, separators=(",", ":")).encode(), 6)
    if len(blob) <= MAX_STAGED_BYTES or len(rows) <= 1:
        return [blob]
    half = len(rows) // 2
    return _compressed_parts(rows[:half]) + _compressed_parts(rows[half:])


def _item(pull: Pull) -> dict[str, Any]:
    return {
        "PK": program_pk(pull.account_id, pull.program_id),
        "SK": "PULL#" + pull.pull_id,
        **pull.model_dump(mode="json", exclude_none=True),
    }
