"""The handlers, driven by canonical HTTP API v2 events (tests/events), against moto in-process."""

from __future__ import annotations

import json

import boto3

from functions.api import app as api
from sellerlink.accounts import logic as accounts
from sellerlink.accounts.dal import AccountStore
from sellerlink.accounts.models import Edition
from sellerlink.clock import FixedClock
from sellerlink.table import Table
from tests.lambda_context import FakeLambdaContext as LocalContext
from tests.unit.handler_events import event


def test_the_api_handler_creates_a_program(functions: dict[str, dict[str, str]], clock: FixedClock) -> None:
    _, key = accounts.create_account(
        AccountStore(Table(functions["Table"]["Ref"])), clock, name="Acme", edition=Edition.PRO
    )
    answer = api.lambda_handler(event("http_api_create_program", API_KEY=key.key), LocalContext("api"))
    assert answer["statusCode"] == 201
    assert json.loads(answer["body"])["marketplace_id"] == "ATVPDKIKX0DER"


def test_the_api_handler_answers_problem_json_for_a_bad_body(
    functions: dict[str, dict[str, str]], clock: FixedClock
) -> None:
    table = AccountStore(Table(functions["Table"]["Ref"]))
    _, key = accounts.create_account(table, clock, name="Acme", edition=Edition.PRO)
    bad = event("http_api_create_program", API_KEY=key.key)
    bad["body"] = json.dumps({"marketplace": "US"})
    answer = api.lambda_handler(bad, LocalContext("api"))
    problem = json.loads(answer["body"])
    assert answer["statusCode"] == 422
    assert answer["headers"]["Content-Type"] == "application/problem+json"
    assert "seller_type" in problem["detail"] and "brand_name" in problem["detail"]


def test_the_api_handler_refuses_an_unknown_key_with_401_problem_json(
    functions: dict[str, dict[str, str]],
) -> None:
    answer = api.lambda_handler(event("http_api_create_program", API_KEY="slk.a.b.c"), LocalContext("api"))
    assert answer["statusCode"] == 401
    assert answer["headers"]["Content-Type"] == "application/problem+json"
    assert answer["headers"]["WWW-Authenticate"] == 'Bearer realm="sellerlink"'
    assert json.loads(answer["body"])["detail"] == "The API key is not known."


def test_the_api_handler_asks_for_a_key_when_none_is_sent(functions: dict[str, dict[str, str]]) -> None:
    keyless = event("http_api_create_program")
    del keyless["headers"]["authorization"]
    answer = api.lambda_handler(keyless, LocalContext("api"))
    assert answer["statusCode"] == 401
    assert "Authorization: Bearer" in json.loads(answer["body"])["detail"]


def test_the_api_handler_reads_the_operator_key_from_its_secret(functions: dict[str, dict[str, str]]) -> None:
    boto3.client("secretsmanager").put_secret_value(
        SecretId=functions["OperatorKeySecret"]["Ref"], SecretString="operator-secret-from-secrets-manager"
    )
    request = event("http_api_create_program", API_KEY="operator-secret-from-secrets-manager")
    request["rawPath"] = request["requestContext"]["http"]["path"] = "/v1/accounts"
    request["body"] = json.dumps({"name": "Acme", "edition": "pro"})
    answer = api.lambda_handler(request, LocalContext("api"))
    assert answer["statusCode"] == 201, answer["body"]
