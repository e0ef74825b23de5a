"""Amazon's redirects back after consent (public routes: Amazon, not an API key, calls them).

The brand lands on its own page (the program's `return_url`, with the outcome in the query)
or, when none is set, on a small page that says what happened and what to do next.
"""

from __future__ import annotations

import html
from urllib.parse import urlencode

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.api_gateway import Router

from sellerlink.api.dependencies import OAuthDependencies, deps
from sellerlink.observability import MetricUnit, metrics
from sellerlink.onboarding.redirects import Outcome, complete_ads, complete_selling_partner

router = Router()

PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{title}</title>
<style>body{{font-family:system-ui,sans-serif;max-width:36rem;margin:4rem auto;padding:0 1rem}}
.ok{{color:#166534}}.failed{{color:#991b1b}}</style></head>
<body><h1 class="{css}">{title}</h1><p>{message}</p>{back}</body></html>"""


@router.get("/oauth/amazon-ads/callback", tags=["OAuth callbacks"], include_in_schema=True)
def amazon_ads_callback() -> Response[str]:
    """Amazon's LWA redirect: code (or error) and state."""
    return _answer(complete_ads(deps(router, OAuthDependencies).onboarding(), _query()))


@router.get("/oauth/selling-partner/callback", tags=["OAuth callbacks"], include_in_schema=True)
def selling_partner_callback() -> Response[str]:
    """Seller or Vendor Central's redirect: spapi_oauth_code, selling_partner_id and state."""
    return _answer(complete_selling_partner(deps(router, OAuthDependencies).onboarding(), _query()))


def _query() -> dict[str, str]:
    return dict(router.current_event.query_string_parameters or {})


def _answer(outcome: Outcome) -> Response[str]:
    metrics.add_metric(
        name="ConnectionsCompleted" if outcome.ok else "ConnectionsFailed", unit=MetricUnit.Count, value=1
    )
    if outcome.return_url:
        query = {
            "connection": str(outcome.connection),
            "outcome": "ok" if outcome.ok else "error",
            "message": outcome.message,
            "program_id": outcome.program_id or "",
        }
        separator = "&" if "?" in outcome.return_url else "?"
        return Response(
            302, headers={"Location": f"{outcome.return_url}{separator}{urlencode(query)}"}, body=""
        )
    title = f"{outcome.connection.display_name} {'connected' if outcome.ok else 'not connected'}"
    back = (
        f'<p><a href="/programs/{html.escape(outcome.program_id)}">Back to the program</a></p>'
        if outcome.program_id
        else "<p>You can close this page.</p>"
    )
    page = PAGE.format(
        title=html.escape(title),
        message=html.escape(outcome.message),
        css="ok" if outcome.ok else "failed",
        back=back,
    )
    return Response(200 if outcome.ok else 400, content_type="text/html; charset=utf-8", body=page)
