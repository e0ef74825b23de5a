"""The dashboard's own scripts and styles (htmx vendored with its licence), with a charset on every
text type, cached for an hour."""

from __future__ import annotations

from importlib import resources

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.api_gateway import Router

from sellerlink.errors import NotFound

router = Router()
TYPES = {
    ".js": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".svg": "image/svg+xml; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
}


@router.get("/static/<name>")
def asset(name: str) -> Response[str]:
    suffix = name[name.rfind(".") :] if "." in name else ""
    folder = resources.files("sellerlink.dashboard") / "static"
    found = folder / name
    if suffix not in TYPES or "/" in name or name.startswith(".") or not found.is_file():
        raise NotFound(f"There is no file {name}.")
    return Response(
        200,
        content_type=TYPES[suffix],
        body=found.read_text(encoding="utf-8"),
        headers={"Cache-Control": "public, max-age=3600", "X-Content-Type-Options": "nosniff"},
    )
