"""Consent pages: LWA (``/ap/oa``) and Seller/Vendor Central (``/apps/authorize/consent``).

A person picks a sandbox Amazon user and approves or denies; scripts pass
``sandbox_user`` and ``sandbox_decision=approve|deny`` to decide without the page.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from urllib.parse import urlencode

from werkzeug.utils import redirect
from werkzeug.wrappers import Request, Response

from ..accounts import App, Brand
from ..state import SandboxState
from .tokens import CODE_LIFETIME, AuthorizationCode, Grant

ADS_SCOPE = "advertising::campaign_management"


def lwa_consent(state: SandboxState, request: Request) -> Response:
    params = request.values
    app = state.apps.get(params.get("client_id", ""))
    if app is None:
        return error_page("invalid_request", "Unknown client_id: this application is not registered.")
    redirect_uri = params.get("redirect_uri", "")
    if redirect_uri not in app.redirect_uris:
        return error_page(
            "invalid_request",
            "The redirect_uri does not match any redirect URI registered for this application.",
        )
    problem = _lwa_request_problem(params)
    if problem:
        return _redirect_with(
            redirect_uri, {"error": problem[0], "error_description": problem[1], "state": params.get("state")}
        )
    return _decide(
        state,
        request,
        "Login with Amazon",
        f"{app.client_id} asks to manage your advertising.",
        lambda brand: _lwa_code(state, app, brand, params, redirect_uri),
        redirect_uri,
    )


def _lwa_request_problem(params: Mapping[str, str]) -> tuple[str, str] | None:
    if params.get("response_type") != "code":
        return "unsupported_response_type", "response_type must be code"
    if ADS_SCOPE not in params.get("scope", "").split():
        return "invalid_scope", f"scope must include {ADS_SCOPE}"
    if params.get("code_challenge") and params.get("code_challenge_method", "plain") not in ("S256", "plain"):
        return "invalid_request", "code_challenge_method must be S256 or plain"
    return None


def _lwa_code(
    state: SandboxState, app: App, brand: Brand, params: Mapping[str, str], redirect_uri: str
) -> dict[str, str | None]:
    code = AuthorizationCode(
        grant=Grant(brand.login, app.client_id, "ads"),
        redirect_uri=redirect_uri,
        expires_at=state.clock.timestamp() + CODE_LIFETIME,
        challenge=params.get("code_challenge") or None,
        method=params.get("code_challenge_method", "plain"),
    )
    return {"code": state.tokens.issue_code(code), "scope": ADS_SCOPE, "state": params.get("state")}


def spapi_consent(state: SandboxState, request: Request, central: str) -> Response:
    params = request.values
    app = next((a for a in state.apps.values() if a.application_id == params.get("application_id")), None)
    if app is None:
        return error_page("invalid_request", "Unknown application_id.")
    redirect_uri = params.get("redirect_uri") or app.redirect_uris[0]
    if redirect_uri not in app.redirect_uris:
        return error_page(
            "invalid_request",
            "The redirect_uri does not match any redirect URI registered for this application.",
        )
    title = "Seller Central" if central == "seller" else "Vendor Central"

    def approve(brand: Brand) -> dict[str, str | None]:
        code = AuthorizationCode(
            Grant(brand.login, app.client_id, "spapi"), redirect_uri, state.clock.timestamp() + CODE_LIFETIME
        )
        return {
            "state": params.get("state"),
            "selling_partner_id": brand.selling_partner_id,
            "spapi_oauth_code": state.tokens.issue_code(code),
        }

    return _decide(
        state,
        request,
        title,
        f"{app.application_id} asks to access your {title} data.",
        approve,
        redirect_uri,
        central,
    )


def _decide(
    state: SandboxState,
    request: Request,
    title: str,
    question: str,
    approve,
    redirect_uri: str,
    central: str | None = None,
) -> Response:
    login = request.values.get("sandbox_user", "")
    decision = request.values.get("sandbox_decision", "")
    if not login or decision not in ("approve", "deny"):
        return _page(state, request, title, question)
    brand = state.users.get(login)
    if brand is None:
        return error_page("invalid_request", f"No sandbox Amazon user signs in as {login!r}.")
    if central is not None and not brand.has_central(central):
        return error_page("access_denied", f"{login} has no {title} account.")
    if decision == "deny":
        return _redirect_with(
            redirect_uri,
            {
                "error": "access_denied",
                "error_description": "The user denied the request",
                "state": request.values.get("state"),
            },
        )
    return _redirect_with(redirect_uri, approve(brand))


def _redirect_with(redirect_uri: str, params: Mapping[str, str | None]) -> Response:
    query = urlencode({k: v for k, v in params.items() if v is not None})
    separator = "&" if "?" in redirect_uri else "?"
    return redirect(f"{redirect_uri}{separator}{query}", code=302)


def _page(state: SandboxState, request: Request, title: str, question: str) -> Response:
    hidden = "".join(
        f'<input type="hidden" name="{html.escape(k)}" value="{html.escape(v)}">'
        for k in request.values
        for v in request.values.getlist(k)
        if not k.startswith("sandbox_")
    )
    options = "".join(f'<option value="{html.escape(login)}">' for login in sorted(state.users))
    body = f"""<!doctype html><html><head><meta charset="utf-8"><title>{html.escape(title)} (sandbox)</title>
</head><body><h1>{html.escape(title)}: sandbox Amazon</h1><p>{html.escape(question)}</p>
<form method="post" action="{html.escape(request.path)}">{hidden}
<label>Sign in as <input name="sandbox_user" list="users" required></label>
<datalist id="users">{options}</datalist>
<button name="sandbox_decision" value="approve">Allow</button>
<button name="sandbox_decision" value="deny">Cancel</button></form></body></html>"""
    return Response(body, mimetype="text/html")


def error_page(error: str, description: str, status: int = 400) -> Response:
    body = (
        f"<!doctype html><html><body><h1>We're sorry</h1><p>error={html.escape(error)}</p>"
        f"<p>{html.escape(description)}</p></body></html>"
    )
    return Response(body, status=status, mimetype="text/html")
