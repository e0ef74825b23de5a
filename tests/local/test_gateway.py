"""The local HTTP API answers what API Gateway answers: routes from the translated body, invoke
permissions checked, Lambda authorizers with their documented HTTP API answers."""

from __future__ import annotations

import base64
import json
from typing import Any

import pytest
from werkzeug.test import Client

from sellerlink_local.stack.gateway import HttpApiGateway
from sellerlink_local.stack.lambda_service import SYNC_PAYLOAD_LIMIT, Invocation, PayloadTooLarge
from sellerlink_local.stack.provisioner import HttpApi

ARN = "arn:aws:lambda:us-east-1:123456789012:function:{}"
URI = "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/{}/invocations"


class FakeLambdas:
    def __init__(self, answers: dict[str, Any]) -> None:
        self.answers, self.events = answers, []  # type: ignore[var-annotated]

    def knows(self, arn: str) -> bool:
        return arn in self.answers

    def invoke(self, arn: str, event: bytes, asynchronous: bool = False) -> Invocation:
        self.events.append((arn, json.loads(event)))
        answer = self.answers[arn]
        if isinstance(answer, Exception):
            return Invocation(
                json.dumps({"errorMessage": str(answer), "errorType": "Exception"}).encode(), True
            )
        return Invocation(json.dumps(answer(json.loads(event)) if callable(answer) else answer).encode())


class Sized(FakeLambdas):
    """Refuses events over Lambda's synchronous limit, as the local Lambda service does."""

    def invoke(self, arn: str, event: bytes, asynchronous: bool = False) -> Invocation:
        if len(event) > SYNC_PAYLOAD_LIMIT:
            raise PayloadTooLarge(f"{len(event)} bytes")
        return super().invoke(arn, event, asynchronous)


def operation(function: str, authorizer: str | None = None) -> dict[str, Any]:
    return {
        "x-amazon-apigateway-integration": {
            "uri": URI.format(ARN.format(function)),
            "payloadFormatVersion": "2.0",
        },
        **({"security": [{authorizer: []}]} if authorizer else {}),
    }


def api(paths: dict[str, Any], authorizer: str | None = None) -> HttpApi:
    body: dict[str, Any] = {"paths": paths}
    if authorizer:
        body["components"] = {
            "securitySchemes": {
                "Keys": {
                    "x-amazon-apigateway-authorizer": {
                        "authorizerUri": URI.format(ARN.format(authorizer)),
                        "identitySource": ["$request.header.Authorization"],
                        "enableSimpleResponses": True,
                    }
                }
            }
        }
    return HttpApi("HttpApi", "api123", body)


def allow(*sources: str) -> dict[str, Any]:
    return {
        "Statement": [
            {
                "Effect": "Allow",
                "Principal": {"Service": "apigateway.amazonaws.com"},
                "Action": "lambda:InvokeFunction",
                "Condition": {
                    "ArnLike": {"AWS:SourceArn": f"arn:aws:execute-api:us-east-1:123456789012:api123/{s}"}
                },
            }
            for s in sources
        ]
    }


def client(gateway: HttpApiGateway) -> Client:
    return Client(gateway.wsgi)


OK = {"statusCode": 200, "headers": {"Content-Type": "application/json"}, "body": '{"ok": true}'}


def test_a_route_answers_and_no_route_is_api_gateways_404() -> None:
    lambdas = FakeLambdas({ARN.format("fn"): OK})
    gateway = HttpApiGateway(
        api({"/v1/things/{id}": {"get": operation("fn")}}), lambdas, lambda arn: allow("*/*/v1/things/*")
    )  # type: ignore[arg-type]
    assert client(gateway).get("/v1/things/7").json == {"ok": True}
    assert lambdas.events[0][1]["pathParameters"] == {"id": "7"}
    missing = client(gateway).get("/v1/other")
    assert (missing.status_code, missing.json) == (404, {"message": "Not Found"})


@pytest.mark.parametrize("policy", [None, allow("*/*/v1/elsewhere"), {"Statement": []}])
def test_a_function_api_gateway_may_not_invoke_is_a_500(policy: dict[str, Any] | None) -> None:
    lambdas = FakeLambdas({ARN.format("fn"): OK})
    gateway = HttpApiGateway(api({"/v1/things": {"get": operation("fn")}}), lambdas, lambda arn: policy)  # type: ignore[arg-type]
    answer = client(gateway).get("/v1/things")
    assert (answer.status_code, answer.json) == (500, {"message": "Internal Server Error"})
    assert lambdas.events == []


def test_a_failing_function_is_a_500() -> None:
    lambdas = FakeLambdas({ARN.format("fn"): RuntimeError("boom")})
    gateway = HttpApiGateway(api({"/v1/things": {"get": operation("fn")}}), lambdas, lambda arn: allow("*"))  # type: ignore[arg-type]
    assert client(gateway).get("/v1/things").status_code == 500


def test_a_body_over_10_mb_is_refused_before_any_function() -> None:
    lambdas = FakeLambdas({ARN.format("fn"): OK})
    gateway = HttpApiGateway(api({"/v1/things": {"post": operation("fn")}}), lambdas, lambda arn: allow("*"))  # type: ignore[arg-type]
    answer = client(gateway).post("/v1/things", data=b"x" * (10 * 1024 * 1024 + 1))
    assert (answer.status_code, answer.json) == (413, {"message": "Request Entity Too Large"})
    assert lambdas.events == []


def post(content_type: str | None, body: bytes) -> dict[str, Any]:
    """The event the function receives for a POST with this Content-Type and body."""
    lambdas = FakeLambdas({ARN.format("fn"): OK})
    gateway = HttpApiGateway(api({"/v1/things": {"post": operation("fn")}}), lambdas, lambda arn: allow("*"))  # type: ignore[arg-type]
    headers = {"Content-Type": content_type} if content_type else {}
    client(gateway).post("/v1/things", data=body, headers=headers)
    return lambdas.events[0][1]


@pytest.mark.parametrize(
    ("content_type", "text"),
    [
        ("application/json", True),
        ("application/json; charset=utf-8", True),
        ("text/plain", True),
        ("application/xml", True),
        ("application/javascript", True),
        ("application/json; charset=utf-16", False),
        ("text/plain; charset=iso-8859-1", False),
        ("application/problem+json", False),
        ("application/x-www-form-urlencoded", False),
        ("multipart/form-data; boundary=x", False),
        ("application/octet-stream", False),
        (None, False),
    ],
)
def test_a_body_reaches_the_function_as_text_only_for_the_types_http_apis_pass_as_text(
    content_type: str | None, text: bool
) -> None:
    event = post(content_type, b'{"name": "ok"}')
    expected = '{"name": "ok"}' if text else base64.b64encode(b'{"name": "ok"}').decode()
    assert (event["body"], event["isBase64Encoded"]) == (expected, not text)


def test_text_that_is_not_utf8_reaches_the_function_with_replacement_characters() -> None:
    event = post("application/json", b'{"name": "\xff"}')
    assert (event["body"], event["isBase64Encoded"]) == ('{"name": "\ufffd"}', False)


def test_an_event_over_lambdas_6_mb_is_api_gateways_413() -> None:
    """A body under API Gateway's 10 MB whose event, base64-encoded, is over Lambda's 6 MB."""
    lambdas = Sized({ARN.format("fn"): OK})
    gateway = HttpApiGateway(api({"/v1/things": {"post": operation("fn")}}), lambdas, lambda arn: allow("*"))  # type: ignore[arg-type]
    answer = client(gateway).post(
        "/v1/things", data=b"x" * (10 * 1024 * 1024), content_type="application/octet-stream"
    )
    assert (answer.status_code, answer.json) == (413, {"message": "Request Entity Too Large"})
    assert lambdas.events == []


def test_a_request_line_and_headers_over_10240_bytes_is_api_gateways_414() -> None:
    lambdas = FakeLambdas({ARN.format("fn"): OK})
    gateway = HttpApiGateway(api({"/v1/things": {"get": operation("fn")}}), lambdas, lambda arn: allow("*"))  # type: ignore[arg-type]
    answer = client(gateway).get("/v1/things?q=" + "a" * 10240)
    assert (answer.status_code, answer.json) == (414, {"message": "Request-URI Too Large"})
    assert client(gateway).get("/v1/things?q=" + "a" * 9000).status_code == 200
    assert lambdas.events and len(lambdas.events) == 1


def authorizing(event: dict[str, Any]) -> dict[str, Any]:
    if event["identitySource"] == ["Bearer good"]:
        return {"isAuthorized": True, "context": {"who": "brand"}}
    if event["identitySource"] == ["Bearer odd"]:
        return {"allowed": "yes"}
    return {"isAuthorized": False}


@pytest.mark.parametrize(
    ("headers", "status", "message"),
    [
        ({}, 401, "Unauthorized"),
        ({"Authorization": "Bearer bad"}, 403, "Forbidden"),
        ({"Authorization": "Bearer odd"}, 500, "Internal Server Error"),
        ({"Authorization": "Bearer good"}, 200, None),
    ],
)
def test_a_lambda_authorizer_answers_as_http_apis_document(
    headers: dict[str, str], status: int, message: str | None
) -> None:
    lambdas = FakeLambdas({ARN.format("fn"): OK, ARN.format("auth"): authorizing})
    routes = api({"/v1/things": {"get": operation("fn", authorizer="Keys")}}, authorizer="auth")
    policies = {ARN.format("fn"): allow("*/*/v1/things"), ARN.format("auth"): allow("authorizers/*")}
    gateway = HttpApiGateway(routes, lambdas, policies.get)  # type: ignore[arg-type]
    answer = client(gateway).get("/v1/things", headers=headers)
    assert answer.status_code == status
    if message:
        assert answer.json == {"message": message}
    else:
        (_, event) = lambdas.events[-1]
        assert event["requestContext"]["authorizer"] == {"lambda": {"who": "brand"}}


def test_an_authorizer_api_gateway_may_not_invoke_is_a_500() -> None:
    lambdas = FakeLambdas({ARN.format("fn"): OK, ARN.format("auth"): authorizing})
    routes = api({"/v1/things": {"get": operation("fn", authorizer="Keys")}}, authorizer="auth")
    gateway = HttpApiGateway(routes, lambdas, {ARN.format("fn"): allow("*")}.get)  # type: ignore[arg-type]
    answer = client(gateway).get("/v1/things", headers={"Authorization": "Bearer good"})
    assert (answer.status_code, answer.json) == (500, {"message": "Internal Server Error"})
