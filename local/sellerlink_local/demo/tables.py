"""Plain-text tables for the demo: columns as wide as their widest cell, numbers on the right."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

NET_COST_NOTE = (
    "net cost = commission - BRB; a negative net cost means Amazon's Brand Referral Bonus on the "
    "partner's sales was more than its commission: that partner earned the brand money."
)
MASKED_NOTE = "* below Amazon's 10-click threshold: Amazon reports its numbers as 0 until then."
COLUMNS = ("partner", "clicks", "purchases", "sales", "commission", "BRB", "net cost")


def aligned(header: Sequence[str], rows: Sequence[Sequence[str]], indent: str = "    ") -> list[str]:
    """The first column left-aligned, the others right-aligned, two spaces between columns."""
    widths = [max(len(str(cell)) for cell in column) for column in zip(header, *rows, strict=True)]

    def line(cells: Sequence[str]) -> str:
        first = str(cells[0]).ljust(widths[0])
        rest = [str(cell).rjust(width) for cell, width in zip(cells[1:], widths[1:], strict=True)]
        return indent + "  ".join([first, *rest]).rstrip()

    return [line(header), indent + "  ".join("-" * width for width in widths), *map(line, rows)]


def partner_table(report_rows: Sequence[Mapping[str, Any]], names: Mapping[str, str]) -> list[str]:
    """The performance report per partner, with the notes its numbers need."""
    rows = [
        [
            names.get(row["partner_id"], row["partner_id"]) + (" *" if row["below_threshold"] else ""),
            str(row["clicks"] or 0),
            str(row["purchases"]),
            _money(row["sales"]),
            _money(row["commission"]),
            _money(row["brb"]),
            _money(row["net_cost"]),
        ]
        for row in report_rows
    ]
    notes = ["    " + NET_COST_NOTE]
    if any(row["below_threshold"] for row in report_rows):
        notes.append("    " + MASKED_NOTE)
    return [*aligned(COLUMNS, rows), *notes]


def _money(value: Any) -> str:
    return f"{Decimal(str(value or 0)):,.2f}"
