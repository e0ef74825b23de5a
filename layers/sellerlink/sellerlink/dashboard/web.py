"""HTTP for pages: form bodies (urlencoded and multipart), cookies, and the headers every page
carries (a strict Content-Security-Policy: scripts and styles from this origin only)."""

from __future__ import annotations

import base64
from email.parser import BytesParser
from email.policy import HTTP
from typing import Any
from urllib.parse import parse_qs

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.shared.cookies import Cookie, SameSite
from aws_lambda_powertools.utilities.data_classes.common import BaseProxyEvent

HTML = "text/html; charset=utf-8"
SESSION_COOKIE = "__Host-sellerlink_session"
SIGN_IN_COOKIE = "__Host-sellerlink_signin"  # the CSRF token of the sign-in forms (double submit)
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "object-src 'none'; base-uri 'none'; frame-ancestors 'none'"
    ),
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Cache-Control": "no-store",
}

Form = dict[str, list[str]]
Files = dict[str, bytes]


def body_bytes(event: BaseProxyEvent) -> bytes:
    raw = event.body or ""
    return base64.b64decode(raw) if event.is_base64_encoded else raw.encode()


def form_of(event: BaseProxyEvent) -> tuple[Form, Files]:
    """The submitted fields, and the uploaded files' contents by field name."""
    content_type = event.headers.get("content-type", "")
    body = body_bytes(event)
    if content_type.startswith("multipart/form-data"):
        return _multipart(content_type, body)
    return parse_qs(body.decode("utf-8", errors="replace"), keep_blank_values=True), {}


def _multipart(content_type: str, body: bytes) -> tuple[Form, Files]:
    message = BytesParser(policy=HTTP).parsebytes(f"Content-Type: {content_type}\r\n\r\n".encode() + body)
    fields: Form = {}
    files: Files = {}
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        if not isinstance(name, str):
            continue
        payload: Any = part.get_payload(decode=True) or b""
        if part.get_filename() is not None:
            files[name] = bytes(payload)
        else:
            fields.setdefault(name, []).append(bytes(payload).decode("utf-8", errors="replace"))
    return fields, files


def cookie_of(event: BaseProxyEvent, name: str) -> str | None:
    for pair in event.get("cookies") or []:
        key, _, value = pair.partition("=")
        if key.strip() == name:
            return value.strip()
    return None


def session_cookie(value: str, *, clear: bool = False) -> Cookie:
    """HttpOnly, Secure, SameSite=Lax, host-only (`__Host-`); a browser cookie, ended by sign-out."""
    return Cookie(
        name=SESSION_COOKIE,
        value="" if clear else value,
        path="/",
        secure=True,
        http_only=True,
        same_site=SameSite.LAX_MODE,
        max_age=0 if clear else None,
    )


def sign_in_cookie(value: str) -> Cookie:
    return Cookie(
        name=SIGN_IN_COOKIE,
        value=value,
        path="/",
        secure=True,
        http_only=True,
        same_site=SameSite.STRICT_MODE,
    )


def page(body: str, status: int = 200, cookies: list[Cookie] | None = None) -> Response[str]:
    return Response(status, content_type=HTML, body=body, headers=dict(SECURITY_HEADERS), cookies=cookies)


def redirect(location: str, cookies: list[Cookie] | None = None, *, htmx: bool = False) -> Response[str]:
    """303 See Other (a POST answered with a GET of another page); htmx follows `HX-Redirect`."""
    if htmx:
        return Response(200, headers={"HX-Redirect": location, **SECURITY_HEADERS}, body="", cookies=cookies)
    return Response(303, headers={"Location": location, **SECURITY_HEADERS}, body="", cookies=cookies)
