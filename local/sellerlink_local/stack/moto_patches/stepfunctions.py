"""Step Functions in moto, as AWS runs a workflow:

- a task calls its service as the state machine's execution role (moto signs with a fixed
  dummy key, which an emulator enforcing IAM refuses, and which would hide a missing
  `lambda:InvokeFunction` in the role's policy);
- a Lambda error without an `errorType` (a timeout, running out of memory) is `Lambda.Unknown`,
  as Step Functions reports it, not moto's `Exception`;
- a Map iteration or Parallel branch that failed with one of the States' own errors (a task's
  `States.Timeout`, `States.TaskFailed` after its retries) fails its state with that error, which a
  Catch can take (moto wraps it in a custom error name, which refuses the `States.` prefix, and
  the execution dies of `States.Runtime`);
- a distributed Map's ResultWriter writes the child executions' results to S3 (moto writes
  only an empty manifest), in the layout AWS documents: `manifest.json` and `SUCCEEDED_0.json`.
"""

from __future__ import annotations

import importlib
import json
import sys
from collections.abc import Callable
from functools import cache
from typing import Any

from botocore.config import Config

from sellerlink_local.stack.service_roles import ServiceRoles

STATES = "states.amazonaws.com"
TASK_CALLS = Config(retries={"max_attempts": 0, "total_max_attempts": 1}, read_timeout=905)
_PARSER = "moto.stepfunctions.parser.asl.component.state.exec"
CLIENT_MODULES = (  # every module of moto's interpreter that builds a client with boto_client_for
    f"{_PARSER}.state_task.lambda_eval_utils",
    f"{_PARSER}.state_task.service.state_task_service_aws_sdk",
    f"{_PARSER}.state_task.service.state_task_service_sfn",
    f"{_PARSER}.state_task.service.state_task_service_sqs",
    f"{_PARSER}.state_task.service.state_task_service_sns",
    f"{_PARSER}.state_task.service.state_task_service_dynamodb",
    f"{_PARSER}.state_task.service.state_task_service_events",
    f"{_PARSER}.state_map.result_writer.resource_eval.resource_eval_s3",
    f"{_PARSER}.state_map.item_reader.eval.resource_eval_s3",
)


def install(roles: ServiceRoles, endpoint: Callable[[], str]) -> None:
    """`endpoint`: the emulator's URL, read at call time (the server picks its port on start)."""
    _install_role_clients(roles, endpoint)
    _install_lambda_unknown()
    _install_states_errors_of_children()
    _install_result_writer()


def _install_role_clients(roles: ServiceRoles, endpoint: Callable[[], str]) -> None:
    def boto_client_for(region: str, service: str, state_credentials: Any = None) -> Any:
        role = getattr(state_credentials, "role_arn", None)
        if not role:
            raise PermissionError("a Step Functions task ran without the execution role")
        return roles.credentials(role, STATES).client(service, region, endpoint(), TASK_CALLS)

    for name in CLIENT_MODULES:
        importlib.import_module(name)
    for name, module in list(sys.modules.items()):
        if name.startswith("moto.stepfunctions.parser") and hasattr(module, "boto_client_for"):
            module.boto_client_for = boto_client_for  # type: ignore[attr-defined]


@cache
def _install_lambda_unknown() -> None:
    from moto.stepfunctions.parser.asl.component.common.error_name.custom_error_name import CustomErrorName
    from moto.stepfunctions.parser.asl.component.state.exec.state_task import lambda_eval_utils
    from moto.stepfunctions.parser.asl.component.state.exec.state_task.service import (
        state_task_service_lambda as service_lambda,
    )

    original = service_lambda.StateTaskServiceLambda._from_error

    def _from_error(self: Any, env: Any, ex: Exception) -> Any:
        event = original(self, env, ex)
        if isinstance(ex, lambda_eval_utils.LambdaFunctionErrorException) and "errorType" not in _payload(ex):
            event.error_name = CustomErrorName("Lambda.Unknown")  # type: ignore[misc]
            details: Any = dict(event.event_details or {}).get("taskFailedEventDetails")
            if details is not None:
                details["error"] = "Lambda.Unknown"
        return event

    service_lambda.StateTaskServiceLambda._from_error = _from_error  # type: ignore[method-assign]


def _payload(ex: Any) -> dict[str, Any]:
    try:
        parsed = json.loads(ex.payload)
    except (TypeError, ValueError):
        return {}
    return parsed if isinstance(parsed, dict) else {}


@cache
def _install_states_errors_of_children() -> None:
    from moto.stepfunctions.parser.asl.component.common.error_name.custom_error_name import CustomErrorName
    from moto.stepfunctions.parser.asl.component.common.error_name.states_error_name import StatesErrorName
    from moto.stepfunctions.parser.asl.component.state.exec.state_map.iteration import iteration_worker
    from moto.stepfunctions.parser.asl.component.state.exec.state_parallel import branches_decl

    def error_name(error_name: str | None) -> Any:
        if error_name is not None and error_name.startswith("States."):
            return StatesErrorName.from_name(error_name)
        return CustomErrorName(error_name)

    for module in (iteration_worker, branches_decl):
        module.CustomErrorName = error_name  # type: ignore[attr-defined]


@cache
def _install_result_writer() -> None:
    from moto.stepfunctions.parser.asl.component.state.exec.state_map.result_writer.resource_eval import (
        resource_eval_s3,
    )

    def _handle_put_object(env: Any, resource_runtime_part: Any, state_credentials: Any) -> None:
        parameters = env.stack.pop()
        results = env.stack.pop()
        s3: Any = resource_eval_s3.boto_client_for(
            region=resource_runtime_part.region, service="s3", state_credentials=state_credentials
        )
        run = env.map_run_record_pool_manager.get_all().pop()
        prefix = parameters.get("Prefix", "")
        prefix = prefix if not prefix or prefix.endswith("/") else prefix + "/"
        base = f"{prefix}{run.map_run_arn.split(':')[-1]}/"
        succeeded = json.dumps([_result(run.map_run_arn, i, output) for i, output in enumerate(results)])
        s3.put_object(Bucket=parameters["Bucket"], Key=base + "SUCCEEDED_0.json", Body=succeeded.encode())
        manifest = {
            "DestinationBucket": parameters["Bucket"],
            "MapRunArn": run.map_run_arn,
            "ResultFiles": {
                "FAILED": [],
                "PENDING": [],
                "SUCCEEDED": [{"Key": base + "SUCCEEDED_0.json", "Size": len(succeeded.encode())}],
            },
        }
        s3.put_object(
            Bucket=parameters["Bucket"], Key=base + "manifest.json", Body=json.dumps(manifest).encode()
        )
        env.stack.append(
            {
                "MapRunArn": run.map_run_arn,
                "ResultWriterDetails": {"Bucket": parameters["Bucket"], "Key": base + "manifest.json"},
            }
        )

    resource_eval_s3.ResourceEvalS3._handle_put_object = staticmethod(_handle_put_object)  # type: ignore[assignment]


def _result(map_run_arn: str, index: int, output: Any) -> dict[str, Any]:
    return {
        "ExecutionArn": f"{map_run_arn}:{index}",
        "Status": "SUCCEEDED",
        "Output": json.dumps(output),
        "OutputDetails": {"Included": True},
    }
