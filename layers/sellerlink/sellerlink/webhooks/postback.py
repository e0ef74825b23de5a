"""Classic postbacks: a partner's URL template with macros, called with GET, values URL-encoded."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import quote, urlsplit

from sellerlink.errors import Unprocessable

MACROS = (
    "action_id",
    "event_type",
    "amount",
    "currency",
    "asin",
    "shared_id",
    "event_date",
    "program_id",
)
MACRO = re.compile(r"\{([^{}]*)\}")


def check_template(template: str) -> str:
    """The template, when its macros are all known and none sits in the scheme or host."""
    unknown = sorted({name for name in MACRO.findall(template) if name not in MACROS})
    if unknown:
        raise Unprocessable(
            f"Unknown postback macros: {', '.join(unknown)}. Known macros: {', '.join(MACROS)}.",
            known_macros=list(MACROS),
        )
    try:
        parts = urlsplit(template)
    except ValueError as error:
        raise Unprocessable(
            f"{template!r} is not a valid URL ({error}); give a URL such as https://host/path?amount={{amount}}."
        ) from None
    if "{" in parts.scheme + (parts.netloc or ""):
        raise Unprocessable("Macros may appear in the path and query of a postback URL, not in its host.")
    return template


def render(template: str, event_type: str, data: dict[str, Any]) -> str:
    values = {**{name: data.get(name) for name in MACROS}, "event_type": event_type}
    return MACRO.sub(
        lambda match: quote("" if values[match.group(1)] is None else str(values[match.group(1)]), safe=""),
        template,
    )
