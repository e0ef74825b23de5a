"""The API's documentation, served by `sellerlink serve` beside the gateway (not part of the
deployed HTTP API): `/openapi.json` and Swagger UI at `/docs`; `first_page` serves the first of
several such local pages that answers a request.

Swagger UI is the swagger-ui-dist package's bundle, vendored in `swagger/` with its licence (a
version that reads OpenAPI 3.1). Every text answer names its charset: the bundle is UTF-8, and a
browser that guesses another encoding cannot parse it.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from werkzeug.wrappers import Request, Response

SWAGGER_DIR = Path(__file__).parent / "swagger"
TEXT_TYPES = {".js": "text/javascript", ".css": "text/css", ".txt": "text/plain"}
DOCS_PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Sellerlink API</title>
<link rel="stylesheet" href="/docs/swagger-ui.css"></head><body><div id="ui"></div>
<script src="/docs/swagger-ui-bundle.js" charset="utf-8"></script>
<script src="/docs/start.js" charset="utf-8"></script></body></html>"""
START = 'window.ui = SwaggerUIBundle({url: "/openapi.json", dom_id: "#ui"});\n'


def docs_pages(openapi: str, swagger_dir: Path = SWAGGER_DIR) -> Callable[[Request], Response | None]:
    def serve(request: Request) -> Response | None:
        path = request.path
        if path == "/openapi.json":
            return Response(openapi, content_type="application/json; charset=utf-8")
        if path in ("/docs", "/docs/"):
            return Response(DOCS_PAGE, content_type="text/html; charset=utf-8")
        if path == "/docs/start.js":
            return Response(START, content_type="text/javascript; charset=utf-8")
        if path.startswith("/docs/"):
            asset = (swagger_dir / path.removeprefix("/docs/")).resolve()
            kind = TEXT_TYPES.get(asset.suffix)
            if asset.parent == swagger_dir.resolve() and asset.is_file() and kind:
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
