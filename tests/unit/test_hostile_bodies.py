"""Hostile bodies through the three HTTP functions that read bodies (api, links, webhooks): each is
a 4xx problem+json that changes nothing, and a caller without a key hears 401 first."""

from __future__ import annotations

import base64
import json
from typing import Any

import pytest

from functions.api import app as api
from functions.links import app as links
from functions.webhooks import app as webhooks
from sellerlink.accounts import logic as accounts
from sellerlink.accounts.dal import AccountStore
from sellerlink.accounts.models import Edition
from sellerlink.clock import FixedClock
from sellerlink.table import Table
from tests.lambda_context import FakeLambdaContext as LocalContext
from tests.unit.handler_events import event

DEEP = "The body nests deeper than 32 levels of arrays and objects; flatten it."
HANDLERS = {"api": api, "links": links, "webhooks": webhooks}
PATHS = {"api": "/v1/programs", "links": "/v1/programs/p1/links", "webhooks": "/v1/partner/webhooks"}


@pytest.fixture
def key(functions: dict[str, dict[str, str]], clock: FixedClock) -> str:
    _, created = accounts.create_account(
        AccountStore(Table(functions["Table"]["Ref"])), clock, name="Acme", edition=Edition.PRO
    )
    return created.key


def call(
    function: str, key: str | None, body: str, content_type: str | None, **fields: Any
) -> dict[str, Any]:
    request = event("http_api_create_program", API_KEY=key or "")
    path = fields.pop("path", PATHS[function])
    request["rawPath"] = request["requestContext"]["http"]["path"] = path
    request["requestContext"]["http"]["method"] = fields.pop("method", "POST")
    if key is None:
        del request["headers"]["authorization"]
    if content_type is None:
        del request["headers"]["content-type"]
    else:
        request["headers"]["content-type"] = content_type
    request |= {"body": body, **fields}
    answer = HANDLERS[function].lambda_handler(request, LocalContext(function))
    assert answer["headers"]["Content-Type"] == "application/problem+json"
    return {"status": answer["statusCode"], **json.loads(answer["body"])}


@pytest.mark.parametrize("function", ["api", "links", "webhooks"])
@pytest.mark.parametrize("body", ["[" * 100_000, '{"a":' * 20_000 + "1" + "}" * 20_000])
def test_deeply_nested_json_is_400_on_every_function(function: str, body: str, key: str) -> None:
    problem = call(function, key, body, "application/json")
    assert (problem["status"], problem["detail"]) == (400, DEEP)


@pytest.mark.parametrize("function", ["api", "links", "webhooks"])
@pytest.mark.parametrize("content_type", ["text/plain", "application/xml"])
def test_a_non_json_content_type_is_415_on_every_function(function: str, content_type: str, key: str) -> None:
    problem = call(function, key, "<program/>", content_type)
    assert problem["status"] == 415
    assert problem["detail"] == (
        f"Send the body as JSON with Content-Type: application/json (this request's is {content_type})."
    )


def test_an_octet_stream_body_is_415(key: str) -> None:
    body = base64.b64encode(b"\x00\x01" * 1000).decode()
    problem = call("api", key, body, "application/octet-stream", isBase64Encoded=True)
    assert (problem["status"], problem["title"]) == (415, "Unsupported media type")


def test_invalid_utf8_is_400(key: str) -> None:
    problem = call("api", key, '{"brand_name": "\ufffd"}', "application/json")
    assert (problem["status"], problem["detail"]) == (
        400,
        "The body is not valid UTF-8; send JSON encoded in UTF-8.",
    )


@pytest.mark.parametrize("function", ["api", "links", "webhooks"])
def test_a_hostile_body_without_a_key_is_401_first(
    function: str, functions: dict[str, dict[str, str]]
) -> None:
    problem = call(function, None, "[" * 100_000, "text/plain")
    assert problem["status"] == 401


def test_garbage_multipart_on_patch_program_is_415_and_changes_nothing(
    key: str, functions: dict[str, dict[str, str]]
) -> None:
    created = api.lambda_handler(event("http_api_create_program", API_KEY=key), LocalContext("api"))
    program = json.loads(created["body"])
    path = f"/v1/programs/{program['program_id']}"
    garbage = '--x\r\nContent-Disposition: form-data; name="name"\r\n\r\nHacked\r\n--x--'
    problem = call("api", key, garbage, "multipart/form-data; boundary=x", method="PATCH", path=path)
    assert problem["status"] == 415
    read = event("http_api_create_program", API_KEY=key)
    read["rawPath"] = read["requestContext"]["http"]["path"] = path
    read["requestContext"]["http"]["method"] = "GET"
    read["body"] = None
    after = json.loads(api.lambda_handler(read, LocalContext("api"))["body"])
    assert after == program
