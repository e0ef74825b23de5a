"""The API's documentation, served by `sellerlink serve` beside the gateway (not part of the
deployed HTTP API): `/openapi.json` and Swagger UI at `/docs`; `first_page` serves the first of
several such local pages that answers a request."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from werkzeug.wrappers import Request, Response

DOCS_PAGE = """<!doctype html><html><head><meta charset="utf-8"><title>Sellerlink API</title>
<link rel="stylesheet" href="/docs/swagger-ui.css"></head><body><div id="ui"></div>
<script src="/docs/swagger-ui-bundle.js"></script>
<script>SwaggerUIBundle({url: "/openapi.json", dom_id: "#ui"});</script></body></html>"""


def docs_pages(openapi: str, swagger_dir: Path | None) -> Callable[[Request], Response | None]:
    def serve(request: Request) -> Response | None:
        path = request.path
        if path == "/openapi.json":
            return Response(openapi, content_type="application/json")
        if path in ("/docs", "/docs/"):
            return Response(DOCS_PAGE, content_type="text/html; charset=utf-8")
        if path.startswith("/docs/") and swagger_dir is not None:
            asset = (swagger_dir / path.removeprefix("/docs/")).resolve()
            if asset.parent == swagger_dir.resolve() and asset.is_file():
                kind = "text/css" if asset.suffix == ".css" else "application/javascript"
                return Response(asset.read_bytes(), content_type=f"{kind}; charset=utf-8")
        return None

    return serve


Page = Callable[[Request], Response | None]


def first_page(*pages: Page) -> Page:
    def serve(request: Request) -> Response | None:
        for page in pages:
            answer = page(request)
            if answer is not None:
                return answer
        return None

    return serve
