"""The sandbox HTTP server: Amazon routes under /na, /eu (and unprefixed = NA), control under /_sandbox."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from werkzeug.exceptions import MethodNotAllowed, NotFound
from werkzeug.routing import Map, Rule
from werkzeug.serving import BaseWSGIServer, WSGIRequestHandler, make_server
from werkzeug.wrappers import Request, Response

from .ads import attribution, profiles
from .control import api as control
from .control.faults import FaultRule
from .lwa import consent
from .lwa.token_endpoint import token_endpoint
from .spapi import catalog, reports, sellers
from .state import SandboxState
from .web import SandboxError, json_response, lwa_error, maas_error, spapi_error

Handler = Callable[[SandboxState, Request, str], Response]

AMAZON_ROUTES: dict[str, tuple[str, list[str], Callable[..., Response]]] = {
    "lwa_consent": ("/ap/oa", ["GET", "POST"], lambda s, r, g: consent.lwa_consent(s, r)),
    "token": ("/auth/o2/token", ["POST"], lambda s, r, g: token_endpoint(s, r)),
    "seller_consent": (
        "/apps/authorize/consent",
        ["GET", "POST"],
        lambda s, r, g: consent.spapi_consent(s, r, "seller"),
    ),
    "vendor_consent": (
        "/vendor/apps/authorize/consent",
        ["GET", "POST"],
        lambda s, r, g: consent.spapi_consent(s, r, "vendor"),
    ),
    "profiles": ("/v2/profiles", ["GET"], profiles.profiles),
    "profile": ("/v2/profiles/<profile_id>", ["GET"], profiles.profile),
    "advertisers": ("/attribution/advertisers", ["GET"], attribution.advertisers),
    "publishers": ("/attribution/publishers", ["GET"], attribution.publishers),
    "macro_tag": ("/attribution/tags/macroTag", ["GET"], lambda s, r, g: attribution.tags(s, r, g, True)),
    "non_macro_tag": (
        "/attribution/tags/nonMacroTemplateTag",
        ["GET"],
        lambda s, r, g: attribution.tags(s, r, g, False),
    ),
    "report": ("/attribution/report", ["POST"], attribution.report),
    "search_items": ("/catalog/2022-04-01/items", ["GET"], catalog.search_items),
    "get_item": ("/catalog/2022-04-01/items/<asin>", ["GET"], catalog.get_item),
    "participations": ("/sellers/v1/marketplaceParticipations", ["GET"], sellers.marketplace_participations),
    "create_report": ("/reports/2021-06-30/reports", ["POST"], reports.create_report),
    "get_report": ("/reports/2021-06-30/reports/<report_id>", ["GET"], reports.get_report),
    "get_report_document": (
        "/reports/2021-06-30/documents/<document_id>",
        ["GET"],
        reports.get_report_document,
    ),
    "report_document_content": (
        reports.DOCUMENT_PATH + "<document_id>",
        ["GET"],
        lambda s, r, g, document_id: reports.document_content(s, r, document_id),
    ),
}
CONTROL_ROUTES: dict[str, tuple[str, list[str], Callable[[SandboxState, Request], Response]]] = {
    "apps": ("/_sandbox/apps", ["GET", "POST"], control.apps),
    "reset": ("/_sandbox/reset", ["POST"], control.reset),
    "clock": ("/_sandbox/clock", ["GET", "PUT"], control.clock),
    "brands": ("/_sandbox/brands", ["GET", "POST"], control.brands),
    "throttling": ("/_sandbox/throttling", ["GET", "PUT"], control.throttling),
    "faults": ("/_sandbox/faults", ["GET", "PUT"], control.faults),
    "events": ("/_sandbox/events", ["POST"], control.events),
    "simulate": ("/_sandbox/simulate", ["POST"], control.simulation),
    "revocations": ("/_sandbox/revocations", ["POST"], control.revocations),
}


def _map(routes: dict[str, tuple[str, list[str], Any]]) -> Map:
    return Map([Rule(path, endpoint=name, methods=methods) for name, (path, methods, _) in routes.items()])


class SandboxApp:
    """The WSGI application."""

    def __init__(self, state: SandboxState) -> None:
        self.state = state
        self.amazon = _map(AMAZON_ROUTES)
        self.control = _map(CONTROL_ROUTES)

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        request = Request(environ)
        try:
            response = self.dispatch(request)
        except SandboxError as error:
            response = error.response
        return response(environ, start_response)

    def dispatch(self, request: Request) -> Response:
        path = request.path
        if path.startswith("/_sandbox/"):
            endpoint, _ = self._match(self.control, path, request.method)
            return CONTROL_ROUTES[endpoint][2](self.state, request)
        region, path = split_region(path)
        fault = self.state.faults.pick(path)
        if fault is not None:
            return self._fault(fault, path)
        endpoint, args = self._match(self.amazon, path, request.method)
        return AMAZON_ROUTES[endpoint][2](self.state, request, region, **args)

    @staticmethod
    def _match(routes: Map, path: str, method: str) -> tuple[str, dict[str, Any]]:
        try:
            endpoint, args = routes.bind("sandbox").match(path, method=method)
        except NotFound as error:
            raise SandboxError(json_response({"message": f"No route {path}"}, 404)) from error
        except MethodNotAllowed as error:
            raise SandboxError(json_response({"message": f"{method} not allowed on {path}"}, 405)) from error
        return str(endpoint), dict(args)

    def _fault(self, fault: FaultRule, path: str) -> Response:
        if fault.kind == "timeout":
            self.state.faults.stopping.wait(fault.delay_seconds)
            return json_response({"message": "Endpoint request timed out"}, 504)
        status = 500 if fault.kind == "500" else 429
        headers = {"Retry-After": str(fault.retry_after)} if fault.kind == "429" else {}
        if path.startswith(("/catalog", "/sellers", "/reports")):
            code = "InternalFailure" if status == 500 else "QuotaExceeded"
            return spapi_error(status, code, "Injected sandbox fault", headers)
        if path.startswith("/auth"):
            response = lwa_error(
                status, "server_error" if status == 500 else "TooManyRequests", "Injected sandbox fault"
            )
            response.headers.update(headers)
            return response
        return maas_error(status, "Injected sandbox fault", headers)


def split_region(path: str) -> tuple[str, str]:
    """``/eu/v2/profiles`` -> ``("eu", "/v2/profiles")``; unprefixed paths are NA."""
    for region in ("na", "eu"):
        prefix = f"/{region}"
        if path == prefix or path.startswith(prefix + "/"):
            return region, path[len(prefix) :] or "/"
    return "na", path


class _QuietHandler(WSGIRequestHandler):
    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        return None


class Sandbox:
    """The sandbox on a loopback port, serving from a daemon thread."""

    def __init__(
        self, host: str = "127.0.0.1", port: int = 0, quiet: bool = True, clock_file: Path | None = None
    ) -> None:
        self.host, self.port, self.quiet = host, port, quiet
        self.state = SandboxState()
        if clock_file is not None:
            self.state.clock.publish_to(clock_file)
        self._server: BaseWSGIServer | None = None
        self._thread: threading.Thread | None = None

    def start(self) -> Sandbox:
        handler = _QuietHandler if self.quiet else WSGIRequestHandler
        self._server = make_server(
            self.host, self.port, SandboxApp(self.state), threaded=True, request_handler=handler
        )
        self.port = self._server.server_port
        self._thread = threading.Thread(target=self._server.serve_forever, name="amazon-sandbox", daemon=True)
        self._thread.start()
        return self

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def stop(self) -> None:
        self.state.faults.stopping.set()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None


def serve(port: int, host: str = "127.0.0.1") -> None:
    """Run the sandbox in the foreground until Ctrl-C."""
    sandbox = Sandbox(host, port, quiet=False).start()
    print(
        f"Amazon sandbox listening on {sandbox.url} (NA at {sandbox.url}/na, EU at {sandbox.url}/eu)",
        flush=True,
    )
    try:
        with contextlib.suppress(KeyboardInterrupt):
            threading.Event().wait()
    finally:
        sandbox.stop()
