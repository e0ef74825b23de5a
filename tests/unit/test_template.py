"""template.yaml as CloudFormation receives it: lint-clean before and after the SAM transform,
no dependency cycle for any combination of its conditions, names that let two stacks share an
account, the operations it needs, and policies that name only what each function calls."""

from __future__ import annotations

import json
from typing import Any

import pytest
from cfnlint.api import lint

from sellerlink_local.stack.cloudformation import (
    ROOT,
    TEMPLATE,
    DependencyCycle,
    Translation,
    condition_values,
    creation_order,
    cycles,
    dependency_graph,
    load_sam,
    parameter_combinations,
    translate,
)

NAME_PROPERTIES = (
    "FunctionName", "StateMachineName", "Name", "AliasName", "LogGroupName", "TableName", "QueueName",
    "TopicName", "BucketName", "RoleName", "AlarmName",
)  # fmt: skip
TOKEN_OPENERS = {"ApiFunction", "CatalogImportFunction", "DashboardFunction", "FetchReportsFunction"}
SIGNERS = {"WebhooksFunction", "PostbacksFunction"}
PAYOUT_DETAILS_SEALERS, PAYOUT_DETAILS_OPENER = (
    {"PayoutsFunction", "DashboardFunction"},
    "PayoutWorkerFunction",
)


@pytest.fixture(scope="module")
def template() -> dict[str, Any]:
    return load_sam()


@pytest.fixture(scope="module")
def translated() -> Translation:
    return translate()


def functions(template: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {
        name: resource["Properties"]
        for name, resource in template["Resources"].items()
        if resource["Type"] == "AWS::Serverless::Function"
    }


def statements(translated: Translation, role: str) -> list[dict[str, Any]]:
    found = []
    for policy in translated.resources[role]["Properties"].get("Policies", []):
        document = policy["PolicyDocument"]["Statement"]
        found.extend(document if isinstance(document, list) else [document])
    return found


def actions(statement: dict[str, Any]) -> list[str]:
    action = statement["Action"]
    return action if isinstance(action, list) else [action]


def test_cfn_lint_reports_nothing_on_the_sam_template() -> None:
    assert [str(m) for m in lint(TEMPLATE.read_text(), regions=["us-east-1"])] == []


def test_cfn_lint_reports_nothing_on_the_translated_template(translated: Translation) -> None:
    """cfn-lint skips cycles through AWS::Serverless::* resources; on what CloudFormation receives
    it sees them (E3004), and the warnings SAM's own policy templates would bring."""
    matches = lint(json.dumps(translated.body), regions=["us-east-1"])
    assert [str(m) for m in matches] == []


def test_no_combination_of_conditions_makes_a_dependency_cycle(translated: Translation) -> None:
    combinations = list(parameter_combinations(translated.body))
    assert len(combinations) >= 4  # dev/prod x alarm e-mail or not
    for parameters in combinations:
        graph = dependency_graph(translated.body, condition_values(translated.body, parameters))
        assert cycles(graph) == [], parameters


def test_a_cycle_is_refused_with_the_resources_that_form_it(translated: Translation) -> None:
    """What the template looked like before: the API's URL read from the API it serves."""
    body = json.loads(json.dumps(translated.body))
    variables = body["Resources"]["ApiFunction"]["Properties"]["Environment"]["Variables"]
    variables["PUBLIC_API_URL"] = {
        "Fn::Sub": "https://${HttpApi}.execute-api.${AWS::Region}.${AWS::URLSuffix}"
    }
    with pytest.raises(
        DependencyCycle, match=r"ApiFunction -> HttpApi -> ApiFunction|HttpApi -> ApiFunction"
    ):
        creation_order(dependency_graph(body, condition_values(body, translated.parameter_defaults())))


def test_globals_set_runtime_architecture_tracing_and_json_logs_at_the_chosen_level(
    template: dict[str, Any],
) -> None:
    globals_ = template["Globals"]["Function"]
    assert (globals_["Runtime"], globals_["Architectures"], globals_["Tracing"]) == (
        "python3.12",
        ["arm64"],
        "Active",
    )
    logging = globals_["LoggingConfig"]
    assert logging["LogFormat"] == "JSON" and logging["ApplicationLogLevel"] == {"Ref": "LogLevel"}
    assert template["Parameters"]["LogLevel"]["AllowedValues"] == ["DEBUG", "INFO", "WARN", "ERROR"]


def test_every_function_logs_to_a_group_of_its_stack_that_expires(translated: Translation) -> None:
    groups = translated.of_type("AWS::Logs::LogGroup")
    for name, function in translated.of_type("AWS::Lambda::Function").items():
        group = function["Properties"]["LoggingConfig"]["LogGroup"]
        assert group["Ref"] in groups, name
        assert "RetentionInDays" in groups[group["Ref"]]["Properties"], name


def test_the_table_has_two_generic_indexes_ttl_recovery_encryption_and_protection(
    template: dict[str, Any],
) -> None:
    table = template["Resources"]["Table"]
    props = table["Properties"]
    assert [k["AttributeName"] for k in props["KeySchema"]] == ["PK", "SK"]
    assert [i["IndexName"] for i in props["GlobalSecondaryIndexes"]] == ["GSI1", "GSI2"]
    assert props["TimeToLiveSpecification"]["Enabled"] is True
    assert props["PointInTimeRecoverySpecification"]["PointInTimeRecoveryEnabled"] is True
    assert props["SSESpecification"]["SSEEnabled"] is True
    assert props["DeletionProtectionEnabled"] == {"Fn::If": ["IsProd", True, False]}


def test_what_holds_data_or_keys_survives_the_stack(template: dict[str, Any]) -> None:
    for name in ("Table", "TokenKey", "AmazonAppSecret", "OperatorKeySecret", "OAuthStateSecret"):
        resource = template["Resources"][name]
        assert (resource["DeletionPolicy"], resource["UpdateReplacePolicy"]) == ("Retain", "Retain"), name


def test_every_physical_name_carries_the_stack_name(translated: Translation) -> None:
    """A second stack in the same account and region must not collide with the first."""
    for name, resource in translated.resources.items():
        for key in NAME_PROPERTIES:
            value = resource.get("Properties", {}).get(key)
            if isinstance(value, str) or (isinstance(value, dict) and "Fn::Sub" in value):
                assert "${AWS::StackName}" in json.dumps(value), f"{name}.{key} = {value}"


def test_the_http_api_has_no_authorizer_and_every_route_may_invoke_its_function(
    translated: Translation,
) -> None:
    (api,) = translated.of_type("AWS::ApiGatewayV2::Api").values()
    assert "securitySchemes" not in api["Properties"]["Body"].get("components", {})
    permitted = {
        json.dumps(p["Properties"]["FunctionName"])
        for p in translated.of_type("AWS::Lambda::Permission").values()
        if p["Properties"]["Principal"] == "apigateway.amazonaws.com"
    }
    for path, operations in api["Properties"]["Body"]["paths"].items():
        for operation in operations.values():
            uri = json.dumps(operation["x-amazon-apigateway-integration"]["uri"])
            function = uri.split("${")[-1].split(".Arn")[0]
            assert json.dumps({"Ref": function}) in permitted, path


def test_alarms_watch_the_dead_letter_queue_pulls_errors_and_throttles(translated: Translation) -> None:
    alarms = translated.of_type("AWS::CloudWatch::Alarm")
    watched = json.dumps(alarms)
    for metric in (
        "ApproximateNumberOfMessagesVisible",
        "PullsFailed",
        "ExecutionsFailed",
        "Errors",
        "Throttles",
    ):
        assert metric in watched, metric
    assert all(a["Properties"]["AlarmActions"] == [{"Ref": "AlarmTopic"}] for a in alarms.values())


def test_postbacks_consume_with_bounded_concurrency_and_a_long_enough_visibility(
    template: dict[str, Any],
) -> None:
    resources = template["Resources"]
    mapping = resources["PostbacksEventSource"]["Properties"]
    assert mapping["ScalingConfig"]["MaximumConcurrency"] == {"Ref": "PostbacksMaxConcurrency"}
    assert "ReportBatchItemFailures" in mapping["FunctionResponseTypes"]
    timeout = resources["PostbacksFunction"]["Properties"]["Timeout"]
    assert resources["PostbacksQueue"]["Properties"]["VisibilityTimeout"] >= 6 * timeout


def test_every_function_handler_exists(template: dict[str, Any]) -> None:
    for function in functions(template).values():
        assert (ROOT / function["CodeUri"] / (function["Handler"].split(".")[0] + ".py")).is_file()


def test_no_function_may_scan_or_use_the_key_through_iam(translated: Translation) -> None:
    """No code scans; KMS is granted by the key policy alone, per role and purpose."""
    for name in translated.of_type("AWS::Lambda::Function"):
        for statement in statements(translated, f"{name}Role"):
            assert "dynamodb:Scan" not in actions(statement), name
            assert not any(a.startswith("kms:") for a in actions(statement)), name
            assert statement.get("Resource") != "*", f"{name}: {statement}"


def test_summarize_only_reads_the_runs_results(translated: Translation) -> None:
    (only,) = statements(translated, "SummarizePullFunctionRole")
    assert {a.split(":")[1] for a in actions(only)} <= {
        "GetObject", "ListBucket", "GetBucketLocation", "GetObjectVersion", "GetLifecycleConfiguration"
    }  # fmt: skip


def test_the_key_policy_lets_only_the_functions_that_need_it_use_the_key(template: dict[str, Any]) -> None:
    policy = template["Resources"]["TokenKey"]["Properties"]["KeyPolicy"]["Statement"]
    users: dict[str, set[str]] = {}
    for statement in policy:
        principals = statement["Principal"]["AWS"]
        roles = [p["Fn::GetAtt"][0] for p in (principals if isinstance(principals, list) else [principals])
                 if "Fn::GetAtt" in p]  # fmt: skip
        for role in roles:
            for action in actions(statement):
                users.setdefault(action, set()).add(role.removesuffix("Role"))
        if not roles:  # the account administers the key, and never uses it
            assert not {"kms:Decrypt", "kms:GenerateDataKey", "kms:Encrypt", "kms:*"} & set(
                actions(statement)
            )
        else:
            assert "StringEquals" in statement["Condition"], statement["Sid"]
    assert users == {
        "kms:Decrypt": TOKEN_OPENERS | SIGNERS | {PAYOUT_DETAILS_OPENER},
        "kms:GenerateDataKey": {"DashboardFunction", "OAuthFunction", "WebhooksFunction"}
        | PAYOUT_DETAILS_SEALERS,
    }


def test_payout_details_are_sealed_by_the_api_or_dashboard_and_opened_only_by_the_export(
    template: dict[str, Any],
) -> None:
    """A partner's profile reaches the payouts function (API) or the dashboard, which may seal details
    but never open them; only the worker that writes the exported files may decrypt, and only for
    that purpose."""
    policy = template["Resources"]["TokenKey"]["Properties"]["KeyPolicy"]["Statement"]
    grants: set[tuple[str, str]] = set()
    for statement in policy:
        condition = statement.get("Condition", {}).get("StringEquals", {})
        if condition.get("kms:EncryptionContext:purpose") != "payout-details":
            continue
        principal = statement["Principal"]["AWS"]
        grants |= {(principal["Fn::GetAtt"][0], action) for action in actions(statement)}
    assert grants == {(f"{sealer}Role", "kms:GenerateDataKey") for sealer in PAYOUT_DETAILS_SEALERS} | {
        (f"{PAYOUT_DETAILS_OPENER}Role", "kms:Decrypt")
    }


def test_payout_files_land_in_a_private_encrypted_bucket_that_forgets_them_after_30_days(
    template: dict[str, Any], translated: Translation
) -> None:
    props = template["Resources"]["PayoutExportsBucket"]["Properties"]
    (rule,) = props["BucketEncryption"]["ServerSideEncryptionConfiguration"]
    assert rule["ServerSideEncryptionByDefault"]["SSEAlgorithm"] in ("AES256", "aws:kms")
    assert all(props["PublicAccessBlockConfiguration"].values())
    (expiry,) = props["LifecycleConfiguration"]["Rules"]
    assert (expiry["Status"], expiry["ExpirationInDays"]) == ("Enabled", 30)
    writes = [s for s in statements(translated, "PayoutWorkerFunctionRole") if "s3:PutObject" in actions(s)]
    reads = [s for s in statements(translated, "PayoutsFunctionRole") if "s3:GetObject" in actions(s)]
    assert [actions(s) for s in writes] == [["s3:PutObject"]] and [actions(s) for s in reads] == [
        ["s3:GetObject"]
    ]


def test_the_daily_payout_step_is_a_lambda_schedule_whose_role_may_only_invoke_it(
    translated: Translation,
) -> None:
    schedule = translated.resources["PayoutScheduleFunctionDailyPayouts"]["Properties"]
    assert schedule["Target"]["Arn"] == {"Fn::GetAtt": ["PayoutScheduleFunction", "Arn"]}
    assert "${AWS::StackName}" in json.dumps(schedule["Name"])
    (only,) = statements(translated, "PayoutScheduleFunctionDailyPayoutsRole")
    assert actions(only) == ["lambda:InvokeFunction"]
    assert only["Resource"] == {"Fn::GetAtt": ["PayoutScheduleFunction", "Arn"]}
