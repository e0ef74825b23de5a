"""API Gateway HTTP API (payload format 2.0) on one machine, from the translated template.

Routes, integrations and authorizers come from the `AWS::ApiGatewayV2::Api` body that the SAM
transform writes. API Gateway's own answers are reproduced as AWS gives them, as
`{"message": ...}` JSON: 404 for no route, 413 for a body over 10 MB or an event over Lambda's
6 MB, 414 for a request line and headers over 10,240 bytes, 500 when a function may not be
invoked by API Gateway (no `AWS::Lambda::Permission` for it), fails or times out; with a Lambda
authorizer, 401 when the identity source is missing, 403 for `isAuthorized: false`, 500 for an
error or an invalid answer.
"""

from __future__ import annotations

import base64
import json
import re
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from werkzeug.wrappers import Request, Response

from sellerlink_local.stack.cloudformation import ACCOUNT_ID, REGION
from sellerlink_local.stack.iam import conditions_hold
from sellerlink_local.stack.lambda_service import Invocation, LambdaService, PayloadTooLarge
from sellerlink_local.stack.provisioner import HttpApi

# "Quotas for configuring and running an HTTP API" (API Gateway developer guide, http-api-quotas):
# payload size 10 MB; total combined size of request line and header values 10240 bytes. The page
# gives no status for the second; this gateway answers 414, the status the issue (#13) saw from
# API Gateway for an over-long URI, with API Gateway's `{"message": ...}` shape.
BODY_LIMIT = 10 * 1024 * 1024
REQUEST_LINE_AND_HEADERS_LIMIT = 10240
# Which bodies an HTTP API passes as text: the payload format 2.0 event says only that a binary
# body is base64-encoded (`isBase64Encoded`), not which media types are binary (AWS developer
# guide, "Create AWS Lambda proxy integrations for HTTP APIs"). Measured on AWS by other
# emulators (ministack PR 766, floci issue 2172): text for text/*, application/json, /xml and
# /javascript with no parameter but charset=utf-8; everything else base64, including a request
# without Content-Type and application/x-www-form-urlencoded.
TEXT_TYPES = ("application/json", "application/xml", "application/javascript")
INTEGRATION = "x-amazon-apigateway-integration"
ANY = "x-amazon-apigateway-any-method"


@dataclass(frozen=True)
class Authorizer:
    name: str
    function_arn: str
    identity_headers: tuple[str, ...]
    simple_responses: bool


@dataclass(frozen=True)
class Route:
    method: str
    path: str
    function_arn: str
    authorizer: Authorizer | None

    @property
    def pattern(self) -> re.Pattern[str]:
        regex = re.sub(r"\{(\w+)\+\}", r"(?P<\1>.+)", self.path)
        regex = re.sub(r"\{(\w+)\}", r"(?P<\1>[^/]+)", regex)
        return re.compile(f"^{regex}$")

    @property
    def specificity(self) -> tuple[int, int, int, int]:
        """API Gateway prefers exact segments over parameters over greedy paths, then the method."""
        return ("+}" in self.path, self.path.count("{"), self.method == "ANY", -len(self.path))  # type: ignore[return-value]

    @property
    def key(self) -> str:
        return f"{self.method} {self.path}"


def routes_of(api: HttpApi) -> list[Route]:
    """Every route of the OpenAPI body, most specific first."""
    schemes = api.body.get("components", {}).get("securitySchemes", {})
    found = []
    for path, operations in api.body.get("paths", {}).items():
        for method, operation in operations.items():
            if INTEGRATION not in operation:
                continue
            security = operation.get("security", api.body.get("security", []))
            names = [
                name for requirement in security for name in requirement if name != "NONE"
            ]  # SAM: no auth
            authorizer = _authorizer(names[0], schemes[names[0]]) if names else None
            arn = _function_arn(operation[INTEGRATION]["uri"])
            verb = "ANY" if method == ANY else method.upper()
            found.append(Route(verb, path, arn, authorizer))
    return sorted(found, key=lambda r: r.specificity)


def _authorizer(name: str, scheme: dict[str, Any]) -> Authorizer:
    config = scheme["x-amazon-apigateway-authorizer"]
    sources = config.get("identitySource", "")
    headers = tuple(s.split(".")[-1].lower() for s in _listed(sources) if s.startswith("$request.header."))
    return Authorizer(
        name, _function_arn(config["authorizerUri"]), headers, bool(config.get("enableSimpleResponses"))
    )


def _listed(value: Any) -> list[str]:
    return [v.strip() for v in (value if isinstance(value, list) else str(value).split(","))]


def _function_arn(uri: str) -> str:
    """`arn:aws:apigateway:<region>:lambda:path/2015-03-31/functions/<function arn>/invocations`."""
    return uri.split("/functions/", 1)[1].removesuffix("/invocations")


def message(status: int, text: str) -> Response:
    return Response(json.dumps({"message": text}), status=status, content_type="application/json")


class HttpApiGateway:
    def __init__(
        self,
        api: HttpApi,
        lambdas: LambdaService,
        function_policy: Callable[[str], dict[str, Any] | None],
        static: Callable[[Request], Response | None] = lambda request: None,
    ) -> None:
        self.api = api
        self.routes = routes_of(api)
        self.lambdas = lambdas
        self._function_policy = function_policy
        self._static = static

    def wsgi(self, environ: dict[str, Any], start_response: Any) -> Any:
        return self.handle(Request(environ))(environ, start_response)

    def handle(self, request: Request) -> Response:
        static = self._static(request)
        if static is not None:
            return static
        if (request.content_length or 0) > BODY_LIMIT:
            return message(413, "Request Entity Too Large")
        if _request_line_and_headers(request) > REQUEST_LINE_AND_HEADERS_LIMIT:
            return message(414, "Request-URI Too Large")
        match = self.match(request.method, request.path)
        if match is None:
            return message(404, "Not Found")
        route, path_parameters = match
        event = self.event(request, route, path_parameters)
        if route.authorizer is not None:
            refusal = self._authorize(route, event)
            if refusal is not None:
                return refusal
        try:
            answer = self._call(route.function_arn, f"$default/{request.method}{request.path}", event)
        except PayloadTooLarge:
            # The event (a body base64-encoded grows by a third) is over Lambda's 6 MB for a
            # synchronous invocation: Lambda answers RequestEntityTooLargeException (413), and HTTP
            # API passes 413 on; the AWS Lambda test tool (aws-lambda-dotnet, LambdaTestTool-v2,
            # `ToHttpApiV2RequestTooLargeResponse`) answers so for HTTP API v2. Not in API
            # Gateway's own pages; Lambda's 6 MB is (Lambda quotas, "Invocation payload").
            return message(413, "Request Entity Too Large")
        if answer is None or answer.function_error:
            return message(500, "Internal Server Error")
        return self.response(answer.json())

    def match(self, method: str, path: str) -> tuple[Route, dict[str, str]] | None:
        for route in self.routes:
            found = route.pattern.match(path)
            if found and route.method in (method, "ANY"):
                return route, found.groupdict()
        return None

    def may_invoke(self, function_arn: str, source_arn: str) -> bool:
        """The function's resource policy lets API Gateway invoke it from this source ARN."""
        policy = self._function_policy(function_arn) or {}
        context = {"AWS:SourceArn": source_arn, "aws:SourceArn": source_arn}
        for statement in policy.get("Statement", []):
            principal = statement.get("Principal", {})
            service = principal.get("Service") if isinstance(principal, dict) else principal
            if (
                statement.get("Effect") == "Allow"
                and service in ("apigateway.amazonaws.com", "*")
                and statement.get("Action") in ("lambda:InvokeFunction", "lambda:*")
                and conditions_hold(statement.get("Condition", {}), context)
            ):
                return True
        return False

    def _call(self, function_arn: str, source: str, event: dict[str, Any]) -> Invocation | None:
        source_arn = self._execute_arn(source)
        if not self.lambdas.knows(function_arn) or not self.may_invoke(function_arn, source_arn):
            return None
        return self.lambdas.invoke(function_arn, json.dumps(event).encode())

    def _execute_arn(self, path: str) -> str:
        return f"arn:aws:execute-api:{REGION}:{ACCOUNT_ID}:{self.api.api_id}/{path}"

    def event(self, request: Request, route: Route, path_parameters: dict[str, str]) -> dict[str, Any]:
        body = request.get_data()
        textual = is_text(request.headers.get("Content-Type"))
        now = time.time()
        cookies = request.headers.get("Cookie")
        return {
            "version": "2.0",
            "routeKey": route.key,
            "rawPath": request.path,
            "rawQueryString": request.query_string.decode("latin-1"),
            "headers": {name.lower(): value for name, value in request.headers.items()},
            "cookies": [c.strip() for c in cookies.split(";")] if cookies else None,
            "queryStringParameters": {k: ",".join(request.args.getlist(k)) for k in request.args} or None,
            "pathParameters": path_parameters or None,
            "requestContext": {
                "accountId": ACCOUNT_ID,
                "apiId": self.api.api_id,
                "domainName": request.host,
                "domainPrefix": request.host.split(".")[0],
                "http": {
                    "method": request.method,
                    "path": request.path,
                    "protocol": "HTTP/1.1",
                    "sourceIp": request.remote_addr or "127.0.0.1",
                    "userAgent": request.user_agent.string,
                },
                "requestId": str(uuid.uuid4()),
                "routeKey": route.key,
                "stage": "$default",
                "time": time.strftime("%d/%b/%Y:%H:%M:%S +0000", time.gmtime(now)),
                "timeEpoch": int(now * 1000),
            },
            **_body_fields(body, textual),
        }

    def _authorize(self, route: Route, event: dict[str, Any]) -> Response | None:
        authorizer = route.authorizer
        assert authorizer is not None
        identity = [event["headers"].get(header) for header in authorizer.identity_headers]
        if not all(identity):
            return message(401, "Unauthorized")
        request = {
            **{k: v for k, v in event.items() if k not in {"body", "isBase64Encoded"}},
            "type": "REQUEST",
            "routeArn": self._execute_arn(f"$default/{route.method}{route.path}"),
            "identitySource": identity,
        }
        answer = self._call(authorizer.function_arn, f"authorizers/{authorizer.name}", request)
        verdict = answer.json() if answer is not None and not answer.function_error else None
        if not isinstance(verdict, dict) or not isinstance(verdict.get("isAuthorized"), bool):
            return message(500, "Internal Server Error")
        if not verdict["isAuthorized"]:
            return message(403, "Forbidden")
        event["requestContext"]["authorizer"] = {"lambda": verdict.get("context") or {}}
        return None

    @staticmethod
    def response(answer: Any) -> Response:
        """Payload 2.0: a dict with statusCode is a full response; anything else is a 200 JSON body."""
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


def is_text(content_type: str | None) -> bool:
    """Whether HTTP API passes a body of this Content-Type as text (see TEXT_TYPES)."""
    media, *parameters = (content_type or "").lower().split(";")
    media = media.strip()
    if not (media.startswith("text/") or media in TEXT_TYPES):
        return False
    return all(p.replace(" ", "") in ("charset=utf-8", 'charset="utf-8"') for p in parameters)


def _body_fields(body: bytes, textual: bool) -> dict[str, Any]:
    """A text body as text (bytes that are not UTF-8 become U+FFFD, as a JSON event cannot carry
    them: the documentation says nothing of such bytes; the emulators cited above decode them so),
    any other body base64-encoded."""
    if not body:
        return {"isBase64Encoded": False}
    if textual:
        return {"body": body.decode("utf-8", "replace"), "isBase64Encoded": False}
    return {"body": base64.b64encode(body).decode(), "isBase64Encoded": True}


def _request_line_and_headers(request: Request) -> int:
    target = request.environ.get("RAW_URI") or request.full_path.rstrip("?")
    line = len(request.method) + 1 + len(target) + len(" HTTP/1.1")
    return line + sum(len(name) + len(value) for name, value in request.headers.items())
