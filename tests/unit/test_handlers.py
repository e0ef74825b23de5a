"""The handlers, driven by canonical HTTP API v2 events (tests/events), against moto in-process."""

from __future__ import annotations

import json

import boto3
import pytest

from functions.api import app as api
from functions.authorizer import app as authorizer
from sellerlink.accounts import logic as accounts
from sellerlink.accounts.dal import AccountStore
from sellerlink.accounts.models import Edition
from sellerlink.clock import FixedClock
from sellerlink.table import Table
from sellerlink_local.stack.lambdas import LocalContext
from tests.unit.handler_events import event


def test_the_api_handler_creates_a_program(functions: dict[str, dict[str, str]], clock: FixedClock) -> None:
    account, _ = accounts.create_account(
        AccountStore(Table(functions["Table"]["Ref"])), clock, name="Acme", edition=Edition.PRO
    )
    answer = api.lambda_handler(
        event("http_api_create_program", ACCOUNT_ID=account.account_id), LocalContext("api")
    )
    assert answer["statusCode"] == 201
    assert json.loads(answer["body"])["marketplace_id"] == "ATVPDKIKX0DER"


def test_the_api_handler_answers_problem_json_for_a_bad_body(functions: dict[str, dict[str, str]]) -> None:
    bad = event("http_api_create_program", ACCOUNT_ID="acct_x")
    bad["body"] = json.dumps({"marketplace": "US"})
    answer = api.lambda_handler(bad, LocalContext("api"))
    problem = json.loads(answer["body"])
    assert answer["statusCode"] == 422
    assert answer["headers"]["Content-Type"] == "application/problem+json"
    assert "seller_type" in problem["detail"] and "brand_name" in problem["detail"]


def test_the_authorizer_accepts_a_key_and_describes_its_caller(
    functions: dict[str, dict[str, str]], clock: FixedClock
) -> None:
    account, key = accounts.create_account(
        AccountStore(Table(functions["Table"]["Ref"])), clock, name="Acme", edition=Edition.PRO
    )
    verdict = authorizer.lambda_handler(
        event("http_api_authorizer", API_KEY=key.key), LocalContext("authorizer")
    )
    assert verdict == {
        "isAuthorized": True,
        "context": {"kind": "brand", "account_id": account.account_id, "role": "admin", "key_id": key.key_id},
    }


def test_the_authorizer_reads_the_operator_key_from_its_secret(functions: dict[str, dict[str, str]]) -> None:
    boto3.client("secretsmanager").put_secret_value(
        SecretId=functions["OperatorKeySecret"]["Ref"], SecretString="slo_operator_secret"
    )
    verdict = authorizer.lambda_handler(
        event("http_api_authorizer", API_KEY="slo_operator_secret"), LocalContext("authorizer")
    )
    assert verdict["context"] == {"kind": "operator"}


def test_the_authorizer_raises_unauthorized_for_an_unknown_key(functions: dict[str, dict[str, str]]) -> None:
    with pytest.raises(Exception, match=r"^Unauthorized$"):
        authorizer.lambda_handler(
            event("http_api_authorizer", API_KEY="slk.a.b.c"), LocalContext("authorizer")
        )
