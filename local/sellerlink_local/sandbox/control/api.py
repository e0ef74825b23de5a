"""The control API under ``/_sandbox/``: apps, reset, clock, brands, throttling, faults, events,
revocations."""

from __future__ import annotations

from typing import Any

from werkzeug.wrappers import Request, Response

from ..accounts import App
from ..shoppers.events import EventError
from ..shoppers.last_click import ingest
from ..shoppers.simulation import SimulationError, simulate
from ..state import SandboxState
from ..web import control_error, json_object, json_response
from .brands import create_brand
from .clock import format_instant, parse_instant


def apps(state: SandboxState, request: Request) -> Response:
    if request.method == "GET":
        return json_response({"apps": [app.to_json() for app in state.apps.values()]})
    body = json_object(request)
    client_id, secret = body.get("client_id"), body.get("client_secret")
    uris = body.get("redirect_uris")
    if not isinstance(client_id, str) or not client_id or not isinstance(secret, str) or not secret:
        return control_error(400, "client_id and client_secret are required strings")
    if not isinstance(uris, list) or not uris or not all(isinstance(u, str) and u for u in uris):
        return control_error(400, "redirect_uris must be a non-empty list of URLs")
    application_id = str(body.get("application_id") or f"amzn1.sp.solution.{client_id.rsplit('.', 1)[-1]}")
    app = App(client_id, secret, application_id, list(uris))
    with state.lock:
        state.apps[client_id] = app
    return json_response(app.to_json())


def reset(state: SandboxState, request: Request) -> Response:
    state.reset()
    return json_response({"reset": True, "now": format_instant(state.clock.now())})


def clock(state: SandboxState, request: Request) -> Response:
    if request.method == "PUT":
        body = json_object(request)
        try:
            if "now" in body:
                state.clock.set(parse_instant(str(body["now"])))
            elif "advance_days" in body or "advance_seconds" in body:
                seconds = float(body.get("advance_days", 0)) * 86_400 + float(body.get("advance_seconds", 0))
                state.clock.advance(seconds)
            else:
                return control_error(400, "give now (ISO-8601), advance_days or advance_seconds")
        except (TypeError, ValueError) as error:
            return control_error(400, f"invalid clock value: {error}")
    return json_response({"now": format_instant(state.clock.now())})


def brands(state: SandboxState, request: Request) -> Response:
    if request.method == "GET":
        listed = [
            {
                "brand_id": b.brand_id,
                "brand_name": b.name,
                "login": b.login,
                "profiles": [p.to_amazon() for p in b.profiles],
            }
            for b in state.brands.values()
        ]
        return json_response({"brands": listed})
    return json_response(create_brand(state, json_object(request)), 201)


def throttling(state: SandboxState, request: Request) -> Response:
    if request.method == "PUT":
        try:
            state.throttling.configure(json_object(request))
        except (TypeError, ValueError) as error:
            return control_error(400, str(error))
    return json_response(state.throttling.to_json())


def faults(state: SandboxState, request: Request) -> Response:
    if request.method == "PUT":
        try:
            state.faults.configure(json_object(request))
        except (TypeError, ValueError) as error:
            return control_error(400, str(error))
    return json_response(state.faults.to_json())


def events(state: SandboxState, request: Request) -> Response:
    body: Any = json_object(request)
    try:
        return json_response(ingest(state, body.get("events")))
    except EventError as error:
        return control_error(400, str(error))


def revocations(state: SandboxState, request: Request) -> Response:
    """A brand's person removes Sellerlink's access at Amazon (`audience`: `ads` or `spapi`, else both)."""
    body = json_object(request)
    login, audience = body.get("login"), body.get("audience")
    if not isinstance(login, str) or not login or audience not in (None, "ads", "spapi"):
        return control_error(400, "give login, and audience ads or spapi if only one")
    return json_response({"revoked_refresh_tokens": state.tokens.revoke(login, audience)})


def simulation(state: SandboxState, request: Request) -> Response:
    try:
        return json_response(simulate(state, json_object(request)))
    except (EventError, SimulationError) as error:
        return control_error(400, str(error))
    except (TypeError, ValueError) as error:
        return control_error(400, f"invalid simulation request: {error}")
