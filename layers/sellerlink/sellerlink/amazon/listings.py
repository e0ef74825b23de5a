"""SP-API Reports 2021-06-30 for a seller's whole catalog: the merchant listings report
(`GET_MERCHANT_LISTINGS_ALL_DATA`) lists every ASIN the seller offers, beyond the 1,000 results a
catalog search reaches (specs/amazon/sp-api-reports_2021-06-30.json: createReport, getReport,
getReportDocument). The document is tab-separated, one listing a line, under a header line.
"""

from __future__ import annotations

import csv
import gzip
import io
from decimal import Decimal, InvalidOperation
from typing import Any

from pydantic import SecretStr

from sellerlink.amazon.spapi import CatalogItem, checked
from sellerlink.amazon.transport import AmazonError, Transport
from sellerlink.model import Model

REPORTS = "/reports/2021-06-30"
MERCHANT_LISTINGS = "GET_MERCHANT_LISTINGS_ALL_DATA"
PENDING = ("IN_QUEUE", "IN_PROGRESS")


class ReportStatus(Model):
    status: str
    document_id: str | None = None

    @property
    def pending(self) -> bool:
        return self.status in PENDING


class SellerReports:
    def __init__(self, transport: Transport, base_url: str) -> None:
        self._transport, self._base = transport, base_url.rstrip("/")

    def request_listings(self, token: SecretStr, marketplace_id: str) -> str:
        """createReport: the report's id (Amazon makes it in the background)."""
        body = {"reportType": MERCHANT_LISTINGS, "marketplaceIds": [marketplace_id]}
        answer = self._call("request the merchant listings report", "POST", "/reports", token, json=body)
        return str(answer["reportId"])

    def status(self, token: SecretStr, report_id: str) -> ReportStatus:
        answer = self._call("read the listings report's status", "GET", f"/reports/{report_id}", token)
        return ReportStatus(
            status=str(answer["processingStatus"]), document_id=answer.get("reportDocumentId")
        )

    def listings(self, token: SecretStr, document_id: str) -> list[CatalogItem]:
        """getReportDocument, then the document at its pre-signed URL, parsed."""
        found = self._call("locate the listings report", "GET", f"/documents/{document_id}", token)
        answer = self._transport.send("download the listings report", "GET", str(found["url"]))
        if not answer.ok:
            raise AmazonError("download the listings report", answer.status_code, answer.reason)
        content = answer.content
        if found.get("compressionAlgorithm") == "GZIP":
            content = gzip.decompress(content)
        return listings_of(content.decode("utf-8", errors="replace"))

    def _call(self, operation: str, method: str, path: str, token: SecretStr, **kwargs: Any) -> Any:
        headers = {"x-amz-access-token": token.get_secret_value()}
        url = self._base + REPORTS + path
        return checked(operation, self._transport.send(operation, method, url, headers=headers, **kwargs))


def listings_of(document: str) -> list[CatalogItem]:
    """Each listing's ASIN, name and price; one item per ASIN (a seller may list one ASIN twice)."""
    found: dict[str, CatalogItem] = {}
    for row in csv.DictReader(io.StringIO(document), delimiter="\t", quoting=csv.QUOTE_NONE):
        asin = (row.get("asin1") or "").strip().upper()
        if len(asin) == 10 and asin not in found:
            title = (row.get("item-name") or "").strip() or asin
            found[asin] = CatalogItem(
                asin=asin, title=title, price=_price(row.get("price")), image_url=row.get("image-url") or None
            )
    return list(found.values())


def _price(raw: str | None) -> Decimal | None:
    try:
        return Decimal(raw.strip()) if raw and raw.strip() else None
    except InvalidOperation:
        return None
