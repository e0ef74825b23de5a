"""Reports as CSV (`Accept: text/csv`): one header line, then one line per row."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from pydantic import BaseModel

CSV = "text/csv"


def wants_csv(accept: str | None) -> bool:
    return CSV in (accept or "")


def to_csv(rows: Sequence[BaseModel], model: type[BaseModel]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(model.model_fields), lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: "" if v is None else v for k, v in row.model_dump(mode="json").items()})
    return out.getvalue()
