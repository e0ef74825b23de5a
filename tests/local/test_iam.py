"""The local IAM decides as AWS does: resources and conditions count, transactions and batches are
authorized by the actions IAM knows, and what it cannot decide it refuses."""

from __future__ import annotations

import json
from typing import Any

import pytest

from sellerlink_local.stack.iam import ALLOW, DENY, NEUTRAL, Check, Request, checks_for, decide, role_of

TABLE = "arn:aws:dynamodb:us-east-1:123456789012:table/T"


def policy(*statements: dict[str, Any]) -> dict[str, Any]:
    return {"Version": "2012-10-17", "Statement": list(statements)}


def dynamodb(operation: str, body: dict[str, Any]) -> Request:
    return Request("dynamodb", operation, "/", json.dumps(body).encode(), {}, "us-east-1", "123456789012")


def test_a_statement_scoped_to_a_table_allows_that_table_and_its_indexes_only() -> None:
    scoped = policy(
        {
            "Effect": "Allow",
            "Action": ["dynamodb:GetItem", "dynamodb:Query"],
            "Resource": [TABLE, f"{TABLE}/index/*"],
        }
    )
    assert decide([scoped], Check("dynamodb:GetItem", TABLE)) == ALLOW
    assert decide([scoped], Check("dynamodb:Query", f"{TABLE}/index/GSI1")) == ALLOW
    assert decide([scoped], Check("dynamodb:GetItem", TABLE.replace("/T", "/Other"))) == NEUTRAL
    assert decide([scoped], Check("dynamodb:Scan", TABLE)) == NEUTRAL


def test_an_explicit_deny_wins() -> None:
    both = [
        policy({"Effect": "Allow", "Action": "*", "Resource": "*"}),
        policy({"Effect": "Deny", "Action": "kms:*", "Resource": "*"}),
    ]
    assert decide(both, Check("kms:Decrypt", "arn:aws:kms:us-east-1:1:key/k")) == DENY


def test_conditions_on_the_encryption_context_hold_only_for_that_context() -> None:
    only_tokens = policy(
        {
            "Effect": "Allow",
            "Action": "kms:Decrypt",
            "Resource": "*",
            "Condition": {"StringEquals": {"kms:EncryptionContext:kind": ["amazon-ads", "selling-partner"]}},
        }
    )
    token = Check("kms:Decrypt", "k", {"kms:EncryptionContext:kind": "amazon-ads"})
    signing = Check("kms:Decrypt", "k", {"kms:EncryptionContext:purpose": "webhook-signing"})
    assert decide([only_tokens], token) == ALLOW and decide([only_tokens], signing) == NEUTRAL


def test_a_condition_operator_it_does_not_know_is_refused_loudly() -> None:
    odd = policy(
        {
            "Effect": "Allow",
            "Action": "*",
            "Resource": "*",
            "Condition": {"DateLessThan": {"aws:CurrentTime": "x"}},
        }
    )
    with pytest.raises(NotImplementedError, match="DateLessThan"):
        decide([odd], Check("s3:GetObject", "*", {"aws:CurrentTime": "y"}))


def test_a_transaction_is_authorized_item_by_item_as_iam_does() -> None:
    items = [
        {"Put": {"TableName": "T"}},
        {"Update": {"TableName": "T"}},
        {"ConditionCheck": {"TableName": "T"}},
    ]
    checks = checks_for(dynamodb("TransactWriteItems", {"TransactItems": items}), "*")
    assert [c.action for c in checks] == [
        "dynamodb:PutItem",
        "dynamodb:UpdateItem",
        "dynamodb:ConditionCheckItem",
    ]
    assert {c.resource for c in checks} == {TABLE}


def test_a_query_on_an_index_names_the_index() -> None:
    (check,) = checks_for(dynamodb("Query", {"TableName": "T", "IndexName": "GSI2"}), "*")
    assert check == Check("dynamodb:Query", f"{TABLE}/index/GSI2")


def test_sqs_batches_are_authorized_as_their_single_actions() -> None:
    request = Request("sqs", "DeleteMessageBatch", "/", b"", {}, "us-east-1", "123456789012")
    (check,) = checks_for(request, "arn:aws:sqs:us-east-1:123456789012:q")
    assert check.action == "sqs:DeleteMessage"


def test_a_role_session_is_its_role() -> None:
    session = "arn:aws:sts::123456789012:assumed-role/ApiRole/lambda"
    assert role_of(session) == "arn:aws:iam::123456789012:role/ApiRole"


def test_a_transactions_identical_checks_are_decided_once_and_any_refused_one_refuses_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from sellerlink_local.stack import iam

    decided: list[Check] = []
    monkeypatch.setattr(iam, "decide", lambda policies, check: decided.append(check) or iam.ALLOW)
    puts = [{"Put": {"TableName": "T"}}] * 100
    iam.authorize(dynamodb("TransactWriteItems", {"TransactItems": puts}), "role", [], "*")
    assert decided == [Check("dynamodb:PutItem", TABLE)]
    # A put into another table in the same transaction is still decided, and refused
    only_t = policy({"Effect": "Allow", "Action": "dynamodb:PutItem", "Resource": TABLE})
    monkeypatch.undo()
    mixed = [*puts, {"Put": {"TableName": "Other"}}]
    with pytest.raises(iam.RequestRefused) as refused:
        iam.authorize(dynamodb("TransactWriteItems", {"TransactItems": mixed}), "role", [only_t], "*")
    assert refused.value.check.resource.endswith("table/Other")
