"""Small HTML pages for people who arrive from an e-mail's link (no API key, no JavaScript).

A page that changes something asks first: its GET shows a button whose form POSTs to the same
address, so a mail scanner that follows links changes nothing.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.api_gateway import Router
from aws_lambda_powertools.event_handler.openapi.types import OpenAPIResponse

from sellerlink.errors import SellerlinkError

HTML: dict[str, Any] = {"text/html": {"schema": {"type": "string"}}}
PAGE_ANSWERS: dict[int, OpenAPIResponse] = {
    200: {"description": "A page (HTML) for the person who followed the link.", "content": HTML},
    404: {"description": "A page: the link is unknown, used or expired.", "content": HTML},
    409: {"description": "A page: what stops this now.", "content": HTML},
    422: {"description": "A page: what to fix in the form.", "content": HTML},
}

LAYOUT = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{title}</title>
<meta name="viewport" content="width=device-width"><style>
body{{font-family:system-ui,sans-serif;max-width:34rem;margin:3rem auto;padding:0 1rem;line-height:1.5}}
label{{display:block;margin:.6rem 0}}input{{width:100%;padding:.3rem}}button{{padding:.4rem 1rem}}
code{{background:#f3f3f3;padding:.1rem .3rem;word-break:break-all}}</style></head>
<body><h1>{title}</h1>{body}</body></html>"""


@dataclass(frozen=True)
class Form:
    button: str
    fields: list[tuple[str, str]] = field(default_factory=list)  # (name, label)


def page(title: str, paragraphs: list[str], form: Form | None = None, status: int = 200) -> Response[str]:
    """`paragraphs` are text (escaped here), except parts already marked up with `code`."""
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    if form is not None:
        inputs = "".join(
            f'<label>{html.escape(label)}<input name="{html.escape(name)}"></label>'
            for name, label in form.fields
        )
        body += (
            f'<form method="post">{inputs}<button type="submit">{html.escape(form.button)}</button></form>'
        )
    return Response(
        status,
        content_type="text/html; charset=utf-8",
        body=LAYOUT.format(title=html.escape(title), body=body),
    )


def text(value: str) -> str:
    return html.escape(value)


def code(value: str) -> str:
    return f"<code>{html.escape(value)}</code>"


def refusal(error: SellerlinkError, title: str) -> Response[str]:
    return page(title, [text(error.detail)], status=error.status)


def form_fields(router: Router) -> dict[str, str]:
    """The fields of a submitted form (`application/x-www-form-urlencoded`)."""
    body = router.current_event.decoded_body or ""
    return {name: values[0] for name, values in parse_qs(body).items() if values}
