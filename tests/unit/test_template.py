"""template.yaml: lint-clean, transformable by SAM, and shaped as the design requires."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from cfnlint.api import lint
from samtranslator.translator.transform import transform

from sellerlink_local.stack.template import ROOT, TEMPLATE, Template


class OfflinePolicies:
    """The AWS managed policies SAM attaches, without asking IAM (no network in tests)."""

    def load(self) -> dict[str, str]:
        names = [
            "AWSLambdaBasicExecutionRole",
            "AWSXrayWriteOnlyAccess",
            "AWSLambdaRole",
            "AWSLambdaSQSQueueExecutionRole",
        ]
        return {name: f"arn:aws:iam::aws:policy/service-role/{name}" for name in names}


@pytest.fixture(scope="module")
def template() -> Template:
    return Template()


def test_cfn_lint_reports_nothing() -> None:
    matches = lint(TEMPLATE.read_text(), regions=["us-east-1"])
    assert [str(m) for m in matches] == []


def packaged(body: dict[str, Any]) -> dict[str, Any]:
    """The template as `sam package` hands it to CloudFormation: local code paths become S3 URIs."""
    body = copy.deepcopy(body)
    for name, resource in body["Resources"].items():
        for uri in ("CodeUri", "ContentUri", "DefinitionUri"):
            if uri in resource.get("Properties", {}):
                resource["Properties"][uri] = f"s3://artifacts/{name}.zip"
    return body


def test_sam_translator_transforms_it(template: Template, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    transformed = transform(packaged(template.body), {"AWS::Region": "us-east-1"}, OfflinePolicies())
    resources: dict[str, Any] = transformed["Resources"]
    assert resources["ApiFunction"]["Type"] == "AWS::Lambda::Function"
    assert resources["HttpApi"]["Type"] == "AWS::ApiGatewayV2::Api"


def test_globals_set_runtime_architecture_tracing_and_json_logs(template: Template) -> None:
    globals_ = template.body["Globals"]["Function"]
    assert (globals_["Runtime"], globals_["Architectures"], globals_["Tracing"]) == (
        "python3.12",
        ["arm64"],
        "Active",
    )
    assert globals_["LoggingConfig"]["LogFormat"] == "JSON"
    assert {"POWERTOOLS_SERVICE_NAME", "POWERTOOLS_METRICS_NAMESPACE"} <= set(
        globals_["Environment"]["Variables"]
    )


def test_the_table_has_two_generic_indexes_ttl_recovery_and_encryption(template: Template) -> None:
    props = template.resources["Table"]["Properties"]
    assert [k["AttributeName"] for k in props["KeySchema"]] == ["PK", "SK"]
    assert [i["IndexName"] for i in props["GlobalSecondaryIndexes"]] == ["GSI1", "GSI2"]
    assert props["TimeToLiveSpecification"]["Enabled"] is True
    assert props["PointInTimeRecoverySpecification"]["PointInTimeRecoveryEnabled"] is True
    assert props["SSESpecification"]["SSEEnabled"] is True


def test_every_function_is_least_privilege(template: Template) -> None:
    """SAM policy templates, or a statement scoped to named resources (kms:GenerateDataKey has none)."""
    for name, function in template.functions().items():
        for policy in function.properties.get("Policies", []):
            assert isinstance(policy, dict) and len(policy) == 1, f"{name}: {policy}"
            ((kind, body),) = policy.items()
            if kind == "Statement":
                assert all(statement["Resource"] != "*" for statement in body), f"{name}: {body}"
            else:
                assert kind.endswith("Policy"), f"{name} uses {kind}, not a SAM policy template"


def test_every_function_handler_exists(template: Template) -> None:
    for function in template.functions().values():
        assert (ROOT / function.code_uri / (function.handler.split(".")[0] + ".py")).is_file()


def test_the_http_api_authorizes_with_a_lambda_and_simple_responses(template: Template) -> None:
    auth = template.resources["HttpApi"]["Properties"]["Auth"]
    authorizer = auth["Authorizers"][auth["DefaultAuthorizer"]]
    assert authorizer["EnableSimpleResponses"] is True
    assert authorizer["Identity"]["ReauthorizeEvery"] == 0, "a revoked key must be refused at once"


def test_only_sign_up_amazons_redirects_and_signed_callbacks_are_public(template: Template) -> None:
    public = sorted((r.method, r.path) for r in template.routes() if not r.authorized)
    assert public == [
        ("GET", "/oauth/amazon-ads/callback"),
        ("GET", "/oauth/selling-partner/callback"),
        ("POST", "/v1/partners/signup"),
        ("POST", "/v1/programs/{program_id}/callbacks"),
        ("POST", "/v1/signup"),
    ]


def test_every_function_that_opens_refresh_tokens_can_publish_needs_reauth(template: Template) -> None:
    """A refused refresh publishes connection.needs_reauth, wherever tokens are used (IAM is not
    enforced by the emulator, so only this test sees a missing permission)."""
    for name, function in template.functions().items():
        policies = {next(iter(policy)) for policy in function.properties.get("Policies", [])}
        if "KMSDecryptPolicy" in policies:
            assert "SQSSendMessagePolicy" in policies, f"{name} can open tokens but not publish"
