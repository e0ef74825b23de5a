"""SP-API Reports 2021-06-30: createReport, getReport and getReportDocument
(``specs/amazon/sp-api-reports_2021-06-30.json``), and the document itself at its pre-signed URL.

The sandbox makes one report type, ``GET_MERCHANT_LISTINGS_ALL_DATA``: every listing the seller
offers on the marketplace, tab-separated, as Seller Central writes it. A report is done as soon
as it is asked for; a vendor (1P) account's is ``FATAL``, as seller reports are for sellers.
"""

from __future__ import annotations

import secrets
from typing import Any

from werkzeug.wrappers import Request, Response

from ..accounts import Brand
from ..marketplaces import BY_ID, Marketplace
from ..state import SandboxState
from ..web import SandboxError, json_response, read_json, spapi_error
from .auth import spapi_caller, spapi_operation
from .catalog_search import invalid
from .seller_reports import LISTING_COLUMNS, SellerReport, listing_line

LISTINGS = "GET_MERCHANT_LISTINGS_ALL_DATA"
DOCUMENT_PATH = "/_documents/"


@spapi_operation("reports")
def create_report(state: SandboxState, request: Request, region: str) -> Response:
    caller = spapi_caller(state, request, "reports")
    body = read_json_object(request)
    report_type = body.get("reportType")
    if not isinstance(report_type, str) or not report_type:
        raise invalid("reportType is required")
    if report_type != LISTINGS:
        raise invalid(f"Report type {report_type} is not available in the sandbox; ask for {LISTINGS}")
    market = _marketplace(body.get("marketplaceIds"), region)
    document = _document(state, caller.brand, market)
    report = SellerReport(
        report_id=str(50_000_000_000 + state.next_sequence()),
        report_type=report_type,
        marketplace=market,
        login=caller.brand.login,
        created=state.clock.now(),
        status="DONE" if document is not None else "FATAL",
        document_id=document,
    )
    with state.lock:
        state.reports[report.report_id] = report
    return json_response({"reportId": report.report_id}, 202)


@spapi_operation("reports")
def get_report(state: SandboxState, request: Request, region: str, report_id: str) -> Response:
    caller = spapi_caller(state, request, "reports")
    report = state.reports.get(report_id)
    if report is None or report.login != caller.brand.login:
        raise SandboxError(spapi_error(404, "NotFound", f"Report {report_id} not found"))
    return json_response(report.to_amazon())


@spapi_operation("report_documents")
def get_report_document(state: SandboxState, request: Request, region: str, document_id: str) -> Response:
    caller = spapi_caller(state, request, "report_documents")
    found = state.report_documents.get(document_id)
    if found is None or found[0] != caller.brand.login:
        raise SandboxError(spapi_error(404, "NotFound", f"Report document {document_id} not found"))
    # The socket the sandbox answers on, not the Host header (clients may send Amazon's host there)
    server = f"http://{request.environ['SERVER_NAME']}:{request.environ['SERVER_PORT']}"
    url = f"{server}/{region}{DOCUMENT_PATH}{document_id}"
    return json_response({"reportDocumentId": document_id, "url": url})


def document_content(state: SandboxState, request: Request, document_id: str) -> Response:
    """The document at its pre-signed URL (S3 in Amazon's case): no SP-API headers, no token."""
    found = state.report_documents.get(document_id)
    if found is None:
        return Response("NoSuchKey", status=404, mimetype="application/xml")
    return Response(found[1], mimetype="text/tab-separated-values", content_type="text/plain; charset=utf-8")


def _document(state: SandboxState, brand: Brand, market: Marketplace) -> str | None:
    if brand.seller_type != "3P":
        return None
    items = [
        state.items[asin]
        for asin in state.market_asins(market.code)
        if state.items[asin].brand_id == brand.brand_id
    ]
    lines = ["\t".join(LISTING_COLUMNS)] + [listing_line(item) for item in items]
    document_id = "amzn1.spdoc.1.4.na." + secrets.token_hex(12)
    with state.lock:
        state.report_documents[document_id] = (brand.login, "\n".join(lines) + "\n")
    return document_id


def _marketplace(raw: Any, region: str) -> Marketplace:
    if not isinstance(raw, list) or not raw:
        raise invalid("marketplaceIds is required: a list of one to 25 marketplace identifiers")
    market = BY_ID.get(str(raw[0]))
    if market is None or market.region != region or len(raw) > 1:
        raise invalid(f"Invalid marketplaceIds for this endpoint: {', '.join(map(str, raw))}")
    return market


def read_json_object(request: Request) -> dict[str, Any]:
    try:
        body = read_json(request)
    except SandboxError:
        raise invalid("The request body is not valid JSON") from None
    if not isinstance(body, dict):
        raise invalid("The request body must be a CreateReportSpecification object")
    return body
