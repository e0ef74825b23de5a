"""Lambda on one machine: each function in its own process and environment, within Lambda's limits."""

from __future__ import annotations

import json
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from sellerlink_local.stack.cloudformation import load_sam
from sellerlink_local.stack.lambda_service import (
    CONCURRENCY,
    FunctionConfig,
    LambdaService,
    PayloadTooLarge,
    base_environment,
)

HANDLERS = "tests.local.functions.handlers"


def config(name: str, handler: str, timeout: int = 5, **variables: str) -> FunctionConfig:
    return FunctionConfig(
        logical_id=name,
        name=f"stack-{name}",
        arn=f"arn:aws:lambda:us-east-1:123456789012:function:stack-{name}",
        handler=f"{HANDLERS}.{handler}",
        timeout=timeout,
        memory=128,
        environment=variables,
        role_arn=f"arn:aws:iam::123456789012:role/{name}",
    )


@pytest.fixture
def lambdas(tmp_path: Path) -> Iterator[LambdaService]:
    functions = [
        config("Echo", "echo", TEST_ONLY_ECHO="echo"),
        config("Other", "echo", TEST_ONLY_OTHER="other"),
        config("Sleepy", "sleep", timeout=1),
        config("Large", "large"),
        config("Failing", "fail"),
        config("Decimal", "decimal"),
        config("Meeting", "rendezvous"),
    ]
    service = LambdaService(
        functions, lambda c: {**base_environment(c, "us-east-1"), **c.environment}, tmp_path, concurrency=2
    )
    yield service
    service.stop()


def test_each_function_sees_only_its_own_variables_in_its_own_process(lambdas: LambdaService) -> None:
    echo = lambdas.invoke("Echo", b'{"hello": "world"}').json()
    other = lambdas.invoke("arn:aws:lambda:us-east-1:123456789012:function:stack-Other", b"{}").json()
    assert echo["event"] == {"hello": "world"}
    assert echo["variables"]["TEST_ONLY_ECHO"] == "echo" and "TEST_ONLY_OTHER" not in echo["variables"]
    assert other["variables"]["TEST_ONLY_OTHER"] == "other" and "TEST_ONLY_ECHO" not in other["variables"]
    assert echo["pid"] != other["pid"]
    assert echo["variables"]["AWS_LAMBDA_FUNCTION_NAME"] == "stack-Echo"
    assert 0 < echo["remaining_ms"] <= 5000


def test_a_warm_environment_serves_the_next_invocation(lambdas: LambdaService) -> None:
    first = lambdas.invoke("Echo", b"{}").json()["pid"]
    assert lambdas.invoke("stack-Echo", b"{}").json()["pid"] == first


def test_a_function_scales_out_to_its_concurrency_and_no_further(
    lambdas: LambdaService, tmp_path: Path
) -> None:
    """Invocations at once each get their own environment, up to the limit (2 in this fixture)."""

    def arrivals(n: int, calls: int) -> list[int]:
        met = tmp_path / f"met-{n}-{calls}"
        met.mkdir()
        event = json.dumps({"dir": str(met), "n": n, "wait_seconds": 1}).encode()
        with ThreadPoolExecutor(calls) as pool:
            answers = pool.map(lambda _: lambdas.invoke("Meeting", event), range(calls))
        return [answer.json() for answer in answers]

    assert arrivals(2, 2) == [2, 2]
    assert arrivals(3, 3) == [2, 2, 2]  # the third waited for one of the two environments


def test_every_fan_out_of_the_workflow_runs_side_by_side_as_on_lambda() -> None:
    """A Map iteration that waited here for a busy environment could outlive its task's timeout,
    which it would not on Lambda: the local concurrency covers the widest Map of the workflow."""
    resources = load_sam()
    machine = resources["Resources"]["AttributionPullStateMachine"]["Properties"]
    widths = {
        name: resources["Parameters"][value["Ref"]]["Default"] if isinstance(value, dict) else value
        for name, value in machine["DefinitionSubstitutions"].items()
        if name.endswith("Concurrency")
    }
    assert widths and all(int(width) <= CONCURRENCY for width in widths.values()), widths


def test_a_function_that_outlives_its_timeout_fails_without_an_error_type(lambdas: LambdaService) -> None:
    """Lambda stops it; Step Functions reports such a failure as Lambda.Unknown."""
    answer = lambdas.invoke("Sleepy", json.dumps({"seconds": 3}).encode())
    assert answer.function_error
    assert answer.json()["errorMessage"].endswith("Task timed out after 1.00 seconds")
    assert "errorType" not in answer.json()
    assert lambdas.invoke("Sleepy", b'{"seconds": 0}').json() == "awake"  # a fresh environment


def test_a_response_over_6_mb_is_a_function_error(lambdas: LambdaService) -> None:
    answer = lambdas.invoke("Large", json.dumps({"bytes": 6 * 1024 * 1024 + 1}).encode())
    assert answer.function_error and answer.json()["errorType"] == "Function.ResponseSizeTooLarge"
    assert not lambdas.invoke("Large", json.dumps({"bytes": 1000}).encode()).function_error


def test_requests_over_lambdas_payload_limits_are_refused(lambdas: LambdaService) -> None:
    big = json.dumps({"pad": "x" * (1024 * 1024)}).encode()
    with pytest.raises(PayloadTooLarge):
        lambdas.invoke("Echo", big, asynchronous=True)  # 1 MB for an asynchronous invocation
    assert not lambdas.invoke("Echo", big).function_error  # 6 MB for a synchronous one
    with pytest.raises(PayloadTooLarge):
        lambdas.invoke("Echo", json.dumps({"pad": "x" * (6 * 1024 * 1024)}).encode())


def test_an_exception_is_a_function_error_with_its_type(lambdas: LambdaService) -> None:
    answer = lambdas.invoke("Failing", b"{}")
    assert answer.function_error
    assert (answer.json()["errorType"], answer.json()["errorMessage"]) == (
        "ValueError",
        "the handler gave up",
    )


def test_what_json_cannot_carry_is_a_marshal_error_as_in_the_python_runtime(lambdas: LambdaService) -> None:
    answer = lambdas.invoke("Decimal", b"{}")
    assert answer.function_error and answer.json()["errorType"] == "Runtime.MarshalError"


def test_each_function_logs_to_its_own_file(lambdas: LambdaService) -> None:
    lambdas.invoke("Failing", b"{}")
    assert "ValueError: the handler gave up" in lambdas.log_of("Failing").read_text()
