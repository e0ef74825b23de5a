"""The HTTP gateway: API Gateway HTTP API (payload 2.0) on one machine.

Routes and the authorizer come from template.yaml; a request becomes the v2 event AWS would
send, the authorizer runs first (401 without the identity header or when it raises
"Unauthorized", 403 when it says no), and the function's answer becomes the HTTP response.
"""

from __future__ import annotations

import base64
import json
import time
import uuid
from pathlib import Path
from typing import Any

from werkzeug.serving import BaseWSGIServer, make_server
from werkzeug.wrappers import Request, Response

from sellerlink_local.stack.lambdas import Dispatcher, FunctionError
from sellerlink_local.stack.template import ACCOUNT_ID, REGION, Route, Template

TEXT_TYPES = ("text/", "application/json", "application/problem+json", "application/x-www-form-urlencoded")
DOCS_PAGE = """<!doctype html><html><head><title>Sellerlink API</title>
<link rel="stylesheet" href="/docs/swagger-ui.css"></head><body><div id="ui"></div>
<script src="/docs/swagger-ui-bundle.js"></script>
<script>SwaggerUIBundle({url: "/openapi.json", dom_id: "#ui"});</script></body></html>"""


def _message(status: int, text: str) -> Response:
    return Response(json.dumps({"message": text}), status=status, content_type="application/json")


class Gateway:
    def __init__(
        self, template: Template, dispatcher: Dispatcher, openapi: str, swagger_dir: Path | None
    ) -> None:
        self.routes = template.routes()
        self.authorizer = template.authorizer_function()
        self.dispatcher = dispatcher
        self.openapi = openapi
        self.swagger_dir = swagger_dir
        self._server: BaseWSGIServer | None = None

    def serve(self, port: int) -> BaseWSGIServer:
        self._server = make_server("127.0.0.1", port, self.wsgi, threaded=True)
        return self._server

    def wsgi(self, environ: dict[str, Any], start_response: Any) -> Any:
        return self.handle(Request(environ))(environ, start_response)

    def handle(self, request: Request) -> Response:
        static = self._static(request.path)
        if static is not None:
            return static
        match = self.match(request.method, request.path)
        if match is None:
            return _message(404, "Not Found")
        route, path_parameters = match
        event = self.event(request, route, path_parameters)
        if route.authorized:
            refusal = self._authorize(event)
            if refusal is not None:
                return refusal
        try:
            answer = self.dispatcher.invoke(route.function, event)
        except FunctionError:
            return _message(500, "Internal Server Error")
        return self.response(answer)

    def match(self, method: str, path: str) -> tuple[Route, dict[str, str]] | None:
        for route in self.routes:
            found = route.pattern.match(path)
            if found and route.method in (method, "ANY"):
                return route, found.groupdict()
        return None

    def event(self, request: Request, route: Route, path_parameters: dict[str, str]) -> dict[str, Any]:
        body = request.get_data()
        textual = (request.content_type or "").startswith(TEXT_TYPES) or not body
        now = time.time()
        headers = {name.lower(): value for name, value in request.headers.items()}
        cookies = request.headers.get("Cookie")
        return {
            "version": "2.0",
            "routeKey": f"{route.method} {route.path}",
            "rawPath": request.path,
            "rawQueryString": request.query_string.decode(),
            "headers": headers,
            "cookies": [c.strip() for c in cookies.split(";")] if cookies else None,
            "queryStringParameters": {k: ",".join(request.args.getlist(k)) for k in request.args} or None,
            "pathParameters": path_parameters or None,
            "requestContext": {
                "accountId": ACCOUNT_ID,
                "apiId": "local",
                "domainName": request.host,
                "domainPrefix": "local",
                "http": {
                    "method": request.method,
                    "path": request.path,
                    "protocol": "HTTP/1.1",
                    "sourceIp": request.remote_addr or "127.0.0.1",
                    "userAgent": request.user_agent.string,
                },
                "requestId": str(uuid.uuid4()),
                "routeKey": f"{route.method} {route.path}",
                "stage": "$default",
                "time": time.strftime("%d/%b/%Y:%H:%M:%S +0000", time.gmtime(now)),
                "timeEpoch": int(now * 1000),
            },
            "body": (body.decode() if textual else base64.b64encode(body).decode()) if body else None,
            "isBase64Encoded": not textual,
        }

    def _authorize(self, event: dict[str, Any]) -> Response | None:
        identity = event["headers"].get("authorization")
        if not identity:
            return _message(401, "Unauthorized")
        route_key = event["routeKey"].replace(" ", "")
        request = {
            **{k: v for k, v in event.items() if k not in {"body", "isBase64Encoded"}},
            "type": "REQUEST",
            "routeArn": f"arn:aws:execute-api:{REGION}:{ACCOUNT_ID}:local/$default/{route_key}",
            "identitySource": [identity],
        }
        try:
            verdict = self.dispatcher.invoke(self.authorizer, request)
        except FunctionError as failed:
            if failed.payload.get("errorMessage") == "Unauthorized":
                return _message(401, "Unauthorized")
            return _message(500, "Internal Server Error")
        if not verdict.get("isAuthorized"):
            return _message(403, "Forbidden")
        event["requestContext"]["authorizer"] = {"lambda": verdict.get("context") or {}}
        return None

    @staticmethod
    def response(answer: Any) -> Response:
        if not (isinstance(answer, dict) and "statusCode" in answer):
            return Response(json.dumps(answer), status=200, content_type="application/json")
        body = answer.get("body") or ""
        data = base64.b64decode(body) if answer.get("isBase64Encoded") else body.encode()
        response = Response(data, status=int(answer["statusCode"]))
        response.headers.remove("Content-Type")
        for name, value in (answer.get("headers") or {}).items():
            response.headers[name] = value
        for name, values in (answer.get("multiValueHeaders") or {}).items():
            for value in values:
                response.headers.add(name, value)
        for cookie in answer.get("cookies") or []:
            response.headers.add("Set-Cookie", cookie)
        return response

    def _static(self, path: str) -> Response | None:
        if path == "/openapi.json":
            return Response(self.openapi, content_type="application/json")
        if path in ("/docs", "/docs/"):
            return Response(DOCS_PAGE, content_type="text/html")
        if path.startswith("/docs/") and self.swagger_dir is not None:
            asset = (self.swagger_dir / path.removeprefix("/docs/")).resolve()
            if asset.parent == self.swagger_dir.resolve() and asset.is_file():
                kind = "text/css" if asset.suffix == ".css" else "application/javascript"
                return Response(asset.read_bytes(), content_type=kind)
        return None
