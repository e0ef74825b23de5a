"""Hostile and careless input through the local stack's gateway (issue 13, item 1): every bad input a
4xx that changes nothing, with the exact status and message; API Gateway's own answers as AWS's."""

from __future__ import annotations

from typing import Any

import pytest

from sellerlink_local.drivers.client import SellerlinkClient
from tests.e2e.conftest import BrandFactory, OnboardedProgram, program_body

DEEP = "The body nests deeper than 32 levels of arrays and objects; flatten it."
NOT_UTF8 = "The body is not valid UTF-8; send JSON encoded in UTF-8."
UTF16 = "The body looks like UTF-16 (it holds NUL characters); send JSON encoded in UTF-8."


def problem(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["Content-Type"] == "application/problem+json"
    found: dict[str, Any] = response.json()
    return found


@pytest.fixture
def paths(onboarded_program: OnboardedProgram) -> dict[str, str]:
    """A body-taking route of each HTTP function that reads bodies: api, links, webhooks."""
    return {
        "api": "/v1/programs",
        "links": onboarded_program.path("/links"),
        "webhooks": onboarded_program.path("/webhooks"),
    }


@pytest.mark.parametrize("function", ["api", "links", "webhooks"])
@pytest.mark.parametrize(
    "body", [b"[" * 100_000, b'{"a":' * 20_000 + b"1" + b"}" * 20_000], ids=["brackets", "objects"]
)
def test_deeply_nested_json_is_400(
    onboarded_program: OnboardedProgram, paths: dict[str, str], function: str, body: bytes
) -> None:
    answer = onboarded_program.admin.request(
        "POST", paths[function], data=body, headers={"Content-Type": "application/json"}
    )
    assert problem(answer, 400)["detail"] == DEEP


@pytest.mark.parametrize("content_type", ["text/plain", "application/xml", "application/octet-stream"])
def test_a_body_that_is_not_json_is_415(onboarded_program: OnboardedProgram, content_type: str) -> None:
    answer = onboarded_program.admin.request(
        "POST", "/v1/programs", data=b"<program/>", headers={"Content-Type": content_type}
    )
    assert problem(answer, 415)["detail"] == (
        f"Send the body as JSON with Content-Type: application/json (this request's is {content_type})."
    )


def test_a_10_mb_octet_stream_is_api_gateways_413(onboarded_program: OnboardedProgram) -> None:
    """Base64-encoded, its event is over Lambda's 6 MB: API Gateway answers, not the function."""
    answer = onboarded_program.admin.request(
        "POST",
        "/v1/programs",
        data=b"\x00" * (10 * 1024 * 1024),
        headers={"Content-Type": "application/octet-stream"},
    )
    assert (answer.status_code, answer.json()) == (413, {"message": "Request Entity Too Large"})


@pytest.mark.parametrize(
    ("body", "detail"),
    [
        (b'{"brand_name": "\xff\xfe"}', NOT_UTF8),
        ('{"brand_name": "x"}'.encode("utf-16"), UTF16),
        ('{"brand_name": "x"}'.encode("utf-16-be"), UTF16),
    ],
    ids=["utf-8", "utf-16 with BOM", "utf-16-be"],
)
def test_json_that_is_not_utf8_is_400(onboarded_program: OnboardedProgram, body: bytes, detail: str) -> None:
    answer = onboarded_program.admin.request(
        "POST", "/v1/programs", data=body, headers={"Content-Type": "application/json"}
    )
    assert problem(answer, 400)["detail"] == detail


def test_a_malformed_webhook_url_is_422(onboarded_program: OnboardedProgram) -> None:
    answer = onboarded_program.admin.request(
        "POST",
        onboarded_program.path("/webhooks"),
        json={"url": "http://[::1/", "event_types": ["action.created"]},
    )
    assert problem(answer, 422)["detail"] == (
        "'http://[::1/' is not a valid URL (Invalid IPv6 URL); give a URL such as https://host/path."
    )


def test_a_malformed_postback_url_is_422(approved_partner: SellerlinkClient) -> None:
    answer = approved_partner.request(
        "POST",
        "/v1/partner/webhooks",
        json={"url": "http://[::1/?a={amount}", "event_types": ["action.created"], "kind": "postback"},
    )
    assert problem(answer, 422)["detail"].startswith("'http://[::1/?a={amount}' is not a valid URL (")


def test_garbage_multipart_on_a_program_is_415_and_changes_nothing(new_brand: BrandFactory) -> None:
    admin = new_brand()
    program = admin.post("/v1/programs", program_body("CA"))
    path = f"/v1/programs/{program['program_id']}"
    answer = admin.request("PATCH", path, files={"return_url": (None, "https://evil.example/")})
    assert problem(answer, 415)["detail"].startswith(
        "Send the body as JSON with Content-Type: application/json (this request's is multipart/form-data)."
    )
    assert admin.get(path) == program


def test_a_request_line_over_api_gateways_quota_is_its_414(onboarded_program: OnboardedProgram) -> None:
    answer = onboarded_program.admin.request("GET", "/v1/programs?x=" + "a" * 10_240)
    assert (answer.status_code, answer.json()) == (414, {"message": "Request-URI Too Large"})
