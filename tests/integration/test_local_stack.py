"""The local stack refuses what AWS refuses: each function as its own role, the key policy, the
limits of SQS and Step Functions, and two stacks side by side in one account."""

from __future__ import annotations

import json
import time
import uuid
from pathlib import Path
from typing import Any

import pytest
from botocore.exceptions import ClientError

from sellerlink_local.stack.provisioner import Provisioner

ANY_KEY = {"PK": {"S": "NOBODY"}, "SK": {"S": "NOTHING"}}


def refused(call: Any) -> str:
    with pytest.raises(ClientError) as error:
        call()
    assert error.value.response["Error"]["Code"] in ("AccessDeniedException", "AccessDenied"), error.value
    return str(error.value)


def test_a_function_may_call_only_what_its_policy_names(stack: Any) -> None:
    table = stack.resource("Table")
    links = stack.aws("dynamodb", role_of="LinksFunction")
    assert "Item" not in links.get_item(TableName=table, Key=ANY_KEY)
    assert "dynamodb:Scan" in refused(lambda: links.scan(TableName=table))
    assert "dynamodb:DeleteItem" in refused(lambda: links.delete_item(TableName=table, Key=ANY_KEY))
    summarize = stack.aws("dynamodb", role_of="SummarizePullFunction")
    refused(lambda: summarize.get_item(TableName=table, Key=ANY_KEY))
    plan = stack.aws("dynamodb", role_of="PlanPullsFunction")
    refused(
        lambda: plan.query(
            TableName=table,
            IndexName="GSI2",
            KeyConditionExpression="GSI2PK = :k",
            ExpressionAttributeValues={":k": {"S": "x"}},
        )
    )


def test_only_the_function_that_serves_the_operator_reads_its_key(stack: Any) -> None:
    secret = stack.resource("OperatorKeySecret")
    assert stack.aws("secretsmanager", role_of="ApiFunction").get_secret_value(SecretId=secret)[
        "SecretString"
    ]
    links = stack.aws("secretsmanager", role_of="LinksFunction")
    refused(lambda: links.get_secret_value(SecretId=secret))


def test_the_key_policy_gives_each_role_only_its_use_of_the_key(stack: Any) -> None:
    key = stack.resource("TokenKey")
    token = {"account_id": "acct_1", "program_id": "prg_1", "kind": "amazon-ads"}
    signing = {"purpose": "webhook-signing", "owner": "o", "secret_id": "s"}
    oauth = stack.aws("kms", role_of="OAuthFunction")
    sealed = oauth.generate_data_key(KeyId=key, KeySpec="AES_256", EncryptionContext=token)["CiphertextBlob"]
    refused(lambda: oauth.generate_data_key(KeyId=key, KeySpec="AES_256", EncryptionContext=signing))
    refused(lambda: oauth.decrypt(CiphertextBlob=sealed, EncryptionContext=token))
    api = stack.aws("kms", role_of="ApiFunction")
    assert api.decrypt(CiphertextBlob=sealed, EncryptionContext=token)["Plaintext"]
    refused(lambda: api.generate_data_key(KeyId=key, KeySpec="AES_256", EncryptionContext=token))
    links = stack.aws("kms", role_of="LinksFunction")
    refused(lambda: links.decrypt(CiphertextBlob=sealed, EncryptionContext=token))


def test_a_message_over_the_queues_256_kb_is_refused(stack: Any) -> None:
    sqs = stack.aws("sqs", role_of="ApiFunction")
    queue = stack.resource("PostbacksQueue")
    with pytest.raises(ClientError, match="shorter than 262144"):
        sqs.send_message(QueueUrl=queue, MessageBody="x" * (256 * 1024 + 1))


def test_a_second_stack_in_the_same_account_collides_with_nothing(stack: Any) -> None:
    second = Provisioner(
        stack.emulator.client, stack.translation, stack.provisioned.parameters, stack_name="sellerlink-second"
    ).provision()
    names = {config.name for config in second.functions}
    assert "sellerlink-second-catalog-import" in names
    assert not names & {config.name for config in stack.provisioned.functions}


def items_map(result_writer: bool, bucket: str) -> dict[str, Any]:
    child = {
        "StartAt": "Echo",
        "States": {"Echo": {"Type": "Pass", "Parameters": {"pad.$": "$.pad"}, "End": True}},
    }
    processor = {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"}, **child}
    each = {"Type": "Map", "ItemsPath": "$.items", "ItemProcessor": processor, "End": True}
    if result_writer:
        each["ResultWriter"] = {
            "Resource": "arn:aws:states:::s3:putObject",
            "Parameters": {"Bucket": bucket, "Prefix": "test"},
        }
    return {"StartAt": "Each", "States": {"Each": each}}


def run(stack: Any, definition: dict[str, Any], role: str, items: list[dict[str, str]]) -> dict[str, Any]:
    sfn = stack.aws("stepfunctions")
    machine = sfn.create_state_machine(
        name=f"test-{uuid.uuid4().hex[:8]}", definition=json.dumps(definition), roleArn=role
    )["stateMachineArn"]
    execution = sfn.start_execution(stateMachineArn=machine, input=json.dumps({"items": items}))[
        "executionArn"
    ]
    deadline = time.monotonic() + 120
    while (described := sfn.describe_execution(executionArn=execution))["status"] == "RUNNING":
        assert time.monotonic() < deadline
        time.sleep(0.2)
    history = sfn.get_execution_history(executionArn=execution)["events"]
    return {"status": described["status"], "output": described.get("output"), "history": history}


def test_outcomes_over_256_kb_fail_a_map_unless_it_writes_them_to_s3(stack: Any) -> None:
    """As 1,000 programs' outcomes would: States.DataLimitExceeded, which no Catch can take."""
    bucket = stack.resource("PullResultsBucket")
    role = stack.resource("AttributionPullStateMachineRole", "Arn")
    items = [{"pad": f"{i:04d}" + "x" * 2000} for i in range(150)]  # about 300 KB together
    inline = run(stack, items_map(False, bucket), role, items)
    assert inline["status"] == "FAILED"
    assert "States.DataLimitExceeded" in json.dumps(inline["history"], default=str)
    written = run(stack, items_map(True, bucket), role, items)
    assert written["status"] == "SUCCEEDED", written
    details = json.loads(written["output"])["ResultWriterDetails"]
    s3 = stack.aws("s3")
    manifest = json.loads(s3.get_object(Bucket=details["Bucket"], Key=details["Key"])["Body"].read())
    (results,) = manifest["ResultFiles"]["SUCCEEDED"]
    outputs = json.loads(s3.get_object(Bucket=bucket, Key=results["Key"])["Body"].read())
    assert sorted(json.loads(o["Output"])["pad"][:4] for o in outputs) == [f"{i:04d}" for i in range(150)]


def test_a_map_iteration_that_timed_out_fails_the_map_with_states_timeout(stack: Any, tmp_path: Path) -> None:
    """As Step Functions does: a Catch on the Map takes the iteration's States.Timeout (never a
    States.Runtime failure of the whole execution, which no Catch can take)."""
    task = {
        "Type": "Task",
        "Resource": "arn:aws:states:::lambda:invoke",
        "Parameters": {"FunctionName": stack.resource("FetchReportsFunction"), "Payload": {}},
        "TimeoutSeconds": 1,
        "End": True,
    }
    each = {
        "Type": "Map",
        "ItemsPath": "$.items",
        "ItemProcessor": {"ProcessorConfig": {"Mode": "INLINE"}, "StartAt": "Slow", "States": {"Slow": task}},
        "Catch": [{"ErrorEquals": ["States.ALL"], "ResultPath": "$.error", "Next": "Caught"}],
        "Next": "Caught",
    }
    definition = {"StartAt": "Each", "States": {"Each": each, "Caught": {"Type": "Pass", "End": True}}}
    stalled = tmp_path / "stalled"
    stall = "tests.e2e.instruments:stall_fetch_once"
    stack.instrument("FetchReportsFunction", stall, STALL_RECORD=str(stalled))
    try:
        done = run(stack, definition, stack.resource("AttributionPullStateMachineRole", "Arn"), [{}])
    finally:
        stack.instrument("FetchReportsFunction", None)
    assert done["status"] == "SUCCEEDED", done
    assert json.loads(done["output"])["error"]["Error"] == "States.Timeout"
