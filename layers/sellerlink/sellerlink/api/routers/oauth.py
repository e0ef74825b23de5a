"""The brand's browser through Amazon consent (public routes: a browser, not an API key, calls them).

`/oauth/<kind>/start` binds the state to the browser (a cookie) and sends it to Amazon; Amazon's
redirect back lands on `/oauth/<kind>/callback`. The brand lands on its own page (the program's
`return_url`, with the outcome in the query) or, when none is set, on a small page that says what
happened and what to do next.
"""

from __future__ import annotations

import html
from urllib.parse import urlencode

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.api_gateway import Router
from aws_lambda_powertools.event_handler.openapi.types import OpenAPIResponse
from aws_lambda_powertools.shared.cookies import Cookie, SameSite

from sellerlink.api.dependencies import OAuthDependencies, deps
from sellerlink.api.pages import HTML
from sellerlink.connections.models import ConnectionKind
from sellerlink.errors import SellerlinkError
from sellerlink.observability import MetricUnit, metrics
from sellerlink.onboarding import binding
from sellerlink.onboarding.consent import start
from sellerlink.onboarding.redirects import Outcome, complete_ads, complete_selling_partner

router = Router()
START_ANSWERS: dict[int, OpenAPIResponse] = {
    302: {"description": "To Amazon's consent page, with the cookie that binds the sign-in.", "content": {}},
    400: {"description": "A page: the link cannot be used; start again from the program.", "content": HTML},
}
CALLBACK_ANSWERS: dict[int, OpenAPIResponse] = {
    200: {"description": "A page: the connection is made (no return_url set).", "content": HTML},
    302: {"description": "To the program's return_url, with its outcome in the query.", "content": {}},
    400: {"description": "A page: what stopped the connection, and what to do.", "content": HTML},
}

PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{title}</title>
<style>body{{font-family:system-ui,sans-serif;max-width:36rem;margin:4rem auto;padding:0 1rem}}
.ok{{color:#166534}}.failed{{color:#991b1b}}</style></head>
<body><h1 class="{css}">{title}</h1><p>{message}</p>{back}</body></html>"""


@router.get("/oauth/amazon-ads/start", tags=["OAuth callbacks"], responses=START_ANSWERS)
def amazon_ads_start() -> Response[str]:
    """The consent URL's first stop: remembers this browser, then redirects to Amazon (LWA)."""
    return _start(ConnectionKind.AMAZON_ADS)


@router.get("/oauth/selling-partner/start", tags=["OAuth callbacks"], responses=START_ANSWERS)
def selling_partner_start() -> Response[str]:
    """The consent URL's first stop: remembers this browser, then redirects to Seller or Vendor Central."""
    return _start(ConnectionKind.SELLING_PARTNER)


@router.get("/oauth/amazon-ads/callback", tags=["OAuth callbacks"], responses=CALLBACK_ANSWERS)
def amazon_ads_callback() -> Response[str]:
    """Amazon's LWA redirect: code (or error) and state."""
    return _answer(complete_ads(deps(router, OAuthDependencies).onboarding(), _query(), _cookies()))


@router.get("/oauth/selling-partner/callback", tags=["OAuth callbacks"], responses=CALLBACK_ANSWERS)
def selling_partner_callback() -> Response[str]:
    """Seller or Vendor Central's redirect: spapi_oauth_code, selling_partner_id and state."""
    onboarding = deps(router, OAuthDependencies).onboarding()
    return _answer(complete_selling_partner(onboarding, _query(), _cookies()))


def _start(kind: ConnectionKind) -> Response[str]:
    try:
        started = start(deps(router, OAuthDependencies).onboarding(), kind, _query().get("state"))
    except SellerlinkError as refused:
        return _page(f"{kind.display_name} not connected", refused.detail, ok=False)
    headers = {"Location": started.location, "Cache-Control": "no-store"}
    return Response(302, headers=headers, body="", cookies=[_cookie(started.cookie)])


def _query() -> dict[str, str]:
    return dict(router.current_event.query_string_parameters or {})


def _cookies() -> dict[str, str]:
    return binding.cookies_of(router.current_event.get("cookies"))


def _cookie(flow: binding.FlowCookie) -> Cookie:
    return Cookie(
        name=flow.name,
        value=flow.value,
        path=flow.path,
        secure=flow.secure,
        http_only=flow.http_only,
        same_site=SameSite(flow.same_site),
        max_age=flow.max_age,
    )


def _answer(outcome: Outcome) -> Response[str]:
    metrics.add_metric(
        name="ConnectionsCompleted" if outcome.ok else "ConnectionsFailed", unit=MetricUnit.Count, value=1
    )
    forget = binding.clear_cookie(_query().get("state"))
    cookies = [_cookie(forget)] if forget else []
    if outcome.return_url:
        query = {
            "connection": str(outcome.connection),
            "outcome": "ok" if outcome.ok else "error",
            "message": outcome.message,
            "program_id": outcome.program_id or "",
        }
        separator = "&" if "?" in outcome.return_url else "?"
        location = f"{outcome.return_url}{separator}{urlencode(query)}"
        return Response(302, headers={"Location": location}, body="", cookies=cookies)
    title = f"{outcome.connection.display_name} {'connected' if outcome.ok else 'not connected'}"
    return _page(title, outcome.message, ok=outcome.ok, cookies=cookies, program_id=outcome.program_id)


def _page(
    title: str,
    message: str,
    *,
    ok: bool,
    cookies: list[Cookie] | None = None,
    program_id: str | None = None,
) -> Response[str]:
    back = (
        f'<p><a href="/programs/{html.escape(program_id)}">Back to the program</a></p>'
        if program_id
        else "<p>You can close this page.</p>"
    )
    page = PAGE.format(
        title=html.escape(title), message=html.escape(message), css="ok" if ok else "failed", back=back
    )
    return Response(
        200 if ok else 400,
        content_type="text/html; charset=utf-8",
        body=page,
        cookies=cookies or [],
    )
