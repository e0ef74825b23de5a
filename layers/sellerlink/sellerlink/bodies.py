"""Request bodies: JSON, in UTF-8, at most MAX_DEPTH levels deep; anything else is a 4xx that says
what to send, never a 500.

API Gateway (HTTP API) hands a function a body of a text media type as a string and any other body
base64-encoded (see local/sellerlink_local/stack/gateway.py, which does the same). A text body
whose bytes are not UTF-8 arrives with U+FFFD in their place, so that character, written as itself
in a JSON body, means the sender's bytes were not UTF-8 (written as the escape \\ufffd it is fine).
"""

from __future__ import annotations

import base64
import binascii
import json
from typing import Any

from sellerlink.errors import BadRequest, UnsupportedMediaType

MAX_DEPTH = 32
REPLACEMENT = "\ufffd"


def json_value(body: str | None, base64_encoded: bool, content_type: str | None) -> Any:
    """The JSON value of an API Gateway request body; None when there is no body."""
    if not body:
        return None
    check_media_type(content_type)
    if base64_encoded:
        try:
            raw = base64.b64decode(body, validate=True)
        except (binascii.Error, ValueError):
            raise BadRequest("The body is not valid base64 although it is marked so.") from None
        return parse(raw)
    return parse(body)


def check_media_type(content_type: str | None) -> None:
    media, _, parameters = (content_type or "").partition(";")
    media = media.strip().lower()
    if media != "application/json" and not (media.startswith("application/") and media.endswith("+json")):
        shown = media or "missing"
        raise UnsupportedMediaType(
            f"Send the body as JSON with Content-Type: application/json (this request's is {shown})."
        )
    for parameter in parameters.split(";"):
        name, _, value = parameter.partition("=")
        charset = value.strip().strip('"').lower()
        if name.strip().lower() == "charset" and charset not in ("utf-8", "utf8"):
            raise UnsupportedMediaType(f"Send JSON in UTF-8 (charset={charset} is not accepted).")


def parse(body: str | bytes) -> Any:
    """A JSON document, UTF-8 and at most MAX_DEPTH deep; BadRequest saying what is wrong otherwise."""
    text = _text(body)
    if "\x00" in text:
        raise BadRequest("The body looks like UTF-16 (it holds NUL characters); send JSON encoded in UTF-8.")
    if REPLACEMENT in text:
        raise BadRequest("The body is not valid UTF-8; send JSON encoded in UTF-8.")
    try:
        value = json.loads(text)
    except RecursionError:
        raise _too_deep() from None
    except json.JSONDecodeError as error:
        raise BadRequest(
            f"The body is not valid JSON ({error.msg} at line {error.lineno} column {error.colno})."
        ) from None
    if _depth(value) > MAX_DEPTH:
        raise _too_deep()
    return value


def _text(body: str | bytes) -> str:
    if isinstance(body, str):
        return body
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        raise BadRequest("The body is not valid UTF-8; send JSON encoded in UTF-8.") from None


def _depth(value: Any) -> int:
    """How deeply arrays and objects nest in a parsed value (a scalar is 0), without recursion."""
    deepest = 0
    pending = [(value, 1)]
    while pending:
        item, depth = pending.pop()
        children = item.values() if isinstance(item, dict) else item if isinstance(item, list) else None
        if children is None:
            continue
        deepest = max(deepest, depth)
        if deepest > MAX_DEPTH:
            break
        pending.extend((child, depth + 1) for child in children if isinstance(child, (dict, list)))
    return deepest


def _too_deep() -> BadRequest:
    return BadRequest(f"The body nests deeper than {MAX_DEPTH} levels of arrays and objects; flatten it.")
