"""Bulk links from what a partner gives: a pasted list of ASINs or a CSV file (the first column, a
header row allowed), and the result as CSV."""

from __future__ import annotations

import csv
import io

from sellerlink.dashboard.forms import words
from sellerlink.errors import Unprocessable
from sellerlink.links.models import BulkLinks

RESULT_COLUMNS = ("asin", "shared_id", "url", "link_id", "error")


def asins_from(pasted: str, uploaded: bytes | None) -> list[str]:
    asins = words(pasted)
    if uploaded:
        try:
            text = uploaded.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise Unprocessable(
                "The CSV file is not UTF-8 text; save it as CSV (UTF-8) and upload it again."
            ) from None
        rows = [row for row in csv.reader(io.StringIO(text)) if row and row[0].strip()]
        if rows and rows[0][0].strip().lower() == "asin":
            rows = rows[1:]
        asins += [row[0].strip() for row in rows]
    if not asins:
        raise Unprocessable("Paste ASINs or upload a CSV file with one ASIN per line (first column).")
    return asins


def result_csv(result: BulkLinks) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(RESULT_COLUMNS)
    for link in result.links:
        writer.writerow((link.asin, link.shared_id or "", link.url, link.link_id, ""))
    for error in result.errors:
        writer.writerow((error.asin, "", "", "", error.detail))
    return out.getvalue()
