"""The local outbox: the e-mails the stack sent, as moto's SES recorded them, served by `sellerlink
serve` beside the gateway (never part of the deployed API): `/_local/outbox` is a page to read,
`/_local/outbox.json` (or `Accept: application/json`) the same list for programs, oldest first.
"""

from __future__ import annotations

import html
import json
from collections.abc import Callable
from typing import Any

from werkzeug.wrappers import Request, Response

from sellerlink_local.stack.cloudformation import ACCOUNT_ID, REGION

PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Outbox</title>
<style>body{{font-family:system-ui,sans-serif;max-width:50rem;margin:2rem auto;padding:0 1rem}}
article{{border-top:1px solid #ccc;padding:.5rem 0}}pre{{white-space:pre-wrap}}</style></head>
<body><h1>Outbox: {count} e-mails sent</h1>{articles}</body></html>"""
ARTICLE = "<article><h2>{subject}</h2><p>From {sender} to {to}</p><pre>{text}</pre></article>"


def sent_emails() -> list[dict[str, Any]]:
    """Every e-mail moto's SES took, oldest first."""
    from moto.ses.models import ses_backends

    found = []
    for message in ses_backends[ACCOUNT_ID][REGION].sent_messages:
        destinations = getattr(message, "destinations", {})
        to = destinations.get("ToAddresses", []) if isinstance(destinations, dict) else list(destinations)
        found.append(
            {
                "message_id": message.id,
                "from": message.source,
                "to": to,
                "subject": getattr(message, "subject", ""),
                "text": getattr(message, "body", getattr(message, "raw_data", "")),
            }
        )
    return found


def outbox_pages(
    sent: Callable[[], list[dict[str, Any]]] = sent_emails,
) -> Callable[[Request], Response | None]:
    def serve(request: Request) -> Response | None:
        if request.path == "/_local/outbox.json" or (
            request.path == "/_local/outbox" and "application/json" in request.headers.get("Accept", "")
        ):
            return Response(json.dumps({"emails": sent()}), content_type="application/json")
        if request.path == "/_local/outbox":
            return Response(_page(sent()), content_type="text/html; charset=utf-8")
        return None

    return serve


def _page(emails: list[dict[str, Any]]) -> str:
    articles = "".join(
        ARTICLE.format(
            subject=html.escape(e["subject"]),
            sender=html.escape(e["from"]),
            to=html.escape(", ".join(e["to"])),
            text=html.escape(e["text"]),
        )
        for e in reversed(emails)
    )
    return PAGE.format(count=len(emails), articles=articles or "<p>Nothing sent yet.</p>")
