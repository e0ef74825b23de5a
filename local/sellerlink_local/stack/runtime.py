"""`sellerlink serve`: the whole stack on one machine, from the same template, handlers and ASL.

Start-up is what `sam deploy` does, then what AWS runs: the template is translated by the SAM
transform, its resources are created in the emulator in dependency order (a cycle refuses to
start), IAM is enforced from then on, and each function runs in its own worker processes as
its own role. The gateway serves the HTTP API's routes, SQS event source mappings are polled,
schedules fire on the sandbox's clock.
"""

from __future__ import annotations

import json
import os
import secrets
import tempfile
import threading
import warnings
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import requests
from werkzeug.serving import BaseWSGIServer, make_server

from sellerlink.clock import clock_for
from sellerlink.onboarding.context import CALLBACK_PATHS
from sellerlink_local.stack.cloudformation import ACCOUNT_ID, REGION, Intrinsics, Translation, translate
from sellerlink_local.stack.docs import docs_pages, first_page
from sellerlink_local.stack.emulator import Emulator
from sellerlink_local.stack.gateway import HttpApiGateway
from sellerlink_local.stack.lambda_service import (
    FunctionConfig,
    LambdaService,
    PayloadTooLarge,
    base_environment,
)
from sellerlink_local.stack.moto_patches import stepfunctions as moto_stepfunctions
from sellerlink_local.stack.outbox import outbox_pages
from sellerlink_local.stack.provisioner import Provisioned, Provisioner
from sellerlink_local.stack.schedules import ScheduleClock, Scheduler, schedules
from sellerlink_local.stack.service_roles import Credentials, ServiceRoles
from sellerlink_local.stack.sqs import SqsPoller, sqs_sources

OPERATOR_SECRET = "OperatorKeySecret"
AMAZON_APP_SECRET = "AmazonAppSecret"
SANDBOX_APP = {
    "client_id": "amzn1.application-oa2-client.sellerlinksandbox",
    "client_secret": "sellerlink-sandbox-secret",
    "application_id": "amzn1.sp.solution.sellerlink-sandbox",
}
LOCAL_PARAMETERS = {
    "LogLevel": "WARN",
    "AllowSignup": "true",
    "WebhookRetryBaseSeconds": "1",  # a failed delivery comes back after a second, not 30 s doubling
    "WebhookRetryCapSeconds": "1",
    "EmailSender": "notifications@sellerlink.localhost",  # moto's SES takes it as verified
}
LAMBDA = "lambda.amazonaws.com"
SCHEDULER = "scheduler.amazonaws.com"


@dataclass
class StackOptions:
    api_port: int = 3000
    aws_port: int = 3200
    sandbox_port: int = 3100
    operator_key: str | None = None
    parameters: dict[str, str] = field(default_factory=dict)
    fire_schedules: bool = False
    logs_dir: Path | None = None  # the functions' logs (CloudWatch Logs); a temporary folder by default


class LocalStack:
    def __init__(self, options: StackOptions | None = None) -> None:
        self.options = options or StackOptions()
        self.translation: Translation = translate()
        self.operator_key = (
            self.options.operator_key
            or os.environ.get("SELLERLINK_OPERATOR_KEY")
            or ("slo_" + secrets.token_urlsafe(24))
        )
        self.emulator = Emulator(self.options.aws_port)
        self.roles = ServiceRoles()
        self.sandbox: Any = None
        self.provisioned = Provisioned()
        self.lambdas: LambdaService | None = None
        self.gateway: HttpApiGateway | None = None
        self.sqs_poller: SqsPoller | None = None
        self.schedule_clock: ScheduleClock | None = None
        self._server: BaseWSGIServer | None = None
        self._logs = self.options.logs_dir or Path(tempfile.mkdtemp(prefix="sellerlink-logs-"))

    @property
    def api_url(self) -> str:
        assert self._server is not None
        return f"http://127.0.0.1:{self._server.server_port}"

    @property
    def sandbox_url(self) -> str:
        return str(self.sandbox.url)

    @property
    def logs_dir(self) -> Path:
        return self._logs

    @property
    def clock_file(self) -> Path:
        """Where the sandbox publishes its clock's offset, for the functions to read."""
        return self._logs / "sandbox-clock"

    @property
    def clock_url(self) -> str:
        return f"file://{self.clock_file}"

    def start(self) -> LocalStack:
        from sellerlink_local.sandbox.server import Sandbox

        warnings.filterwarnings("ignore", message="No application metrics to publish")
        self.sandbox = Sandbox(port=self.options.sandbox_port, clock_file=self.clock_file).start()
        self._server = make_server("127.0.0.1", self.options.api_port, self._wsgi, threaded=True)
        self.emulator.start()
        moto_stepfunctions.install(self.roles, lambda: self.emulator.url)
        parameters = {
            **self.translation.parameter_defaults(),
            **LOCAL_PARAMETERS,
            "PublicApiUrl": self.api_url,
            **self.options.parameters,
        }
        self.provisioned = Provisioner(self.emulator.client, self.translation, parameters).provision()
        self._fill_secrets()
        self.lambdas = LambdaService(
            self.provisioned.functions, self._function_environment, self._logs, timeout_of=_configured_timeout
        )
        _route_moto_lambda_to(self.lambdas)
        (api,) = self.provisioned.apis
        local_pages = (docs_pages(_openapi()), outbox_pages())
        self.gateway = HttpApiGateway(api, self.lambdas, self._function_policy, first_page(*local_pages))
        self.sqs_poller = SqsPoller(self.lambdas, self._sqs_sources()).start()
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        if self.options.fire_schedules:
            clock = clock_for(self.clock_url)
            self.schedule_clock = ScheduleClock(self.scheduler(), clock.now).start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
        if self.schedule_clock is not None:
            self.schedule_clock.stop()
        if self.sqs_poller is not None:
            self.sqs_poller.stop()
        if self.lambdas is not None:
            self.lambdas.stop()
        self.emulator.stop()
        if self.sandbox is not None:
            self.sandbox.stop()

    def resource(self, logical_id: str, attribute: str = "Ref") -> str:
        return self.provisioned.physical[logical_id][attribute]

    def aws(self, service: str, role_of: str | None = None) -> Any:
        """An emulator client: the deployer's, or `role_of` a function's execution role."""
        if role_of is None:
            return self.emulator.client(service)
        return self.emulator.client(service, self.function_credentials(role_of))

    def instrument(self, function: str, target: str | None, **settings: str) -> None:
        """Tests: run `target` in the function's next execution environments (see LambdaService)."""
        assert self.lambdas is not None
        self.lambdas.instrument(function, target, **settings)

    def calls_of(self, function: str) -> Counter[str]:
        """The AWS actions the emulator allowed the function's role so far, with their counts."""
        from sellerlink_local.stack.iam import AUTHORIZED

        role = self.resource(f"{function}Role")
        return Counter({action: n for (caller, action), n in AUTHORIZED.items() if caller == role})

    def dynamodb(self) -> Any:
        """A DynamoDB resource signed by the deployer (what an operator's console would read)."""
        assert self.emulator.deployer is not None
        return self.emulator.deployer.session(REGION).resource("dynamodb", endpoint_url=self.emulator.url)

    def function_credentials(self, function: str) -> Credentials:
        assert self.lambdas is not None
        return self.roles.credentials(self.lambdas.config(function).role_arn, LAMBDA)

    def fire_schedule(self, name: str) -> str:
        """Fires a schedule of the template now (moto never fires schedules); the execution ARN
        (a Lambda target: the function's ARN, invoked asynchronously)."""
        return self.scheduler().fire(name)

    def wait_for_execution(self, execution_arn: str, timeout: float = 300) -> dict[str, Any]:
        return self.scheduler().wait(execution_arn, timeout)

    def scheduler(self) -> Scheduler:
        resolve = Intrinsics(self.translation.body, self.provisioned.parameters, self.provisioned.physical)
        found = schedules(self.translation.resources, resolve)
        as_role = lambda service, role: self.emulator.client(service, self.roles.credentials(role, SCHEDULER))  # noqa: E731
        return Scheduler(found, as_role, self.emulator.client("stepfunctions"))

    def _wsgi(self, environ: dict[str, Any], start_response: Any) -> Any:
        if self.gateway is None:
            from werkzeug.wrappers import Response

            return Response("starting", status=503)(environ, start_response)
        return self.gateway.wsgi(environ, start_response)

    def _function_policy(self, function_arn: str) -> dict[str, Any] | None:
        """The function's resource policy, as API Gateway's own check reads it (inside AWS)."""
        from moto.awslambda.utils import get_backend

        try:
            policy = get_backend(ACCOUNT_ID, REGION).get_policy(function_arn.split(":")[6], None)
        except Exception:  # no resource policy at all: API Gateway may not invoke it
            return None
        answer = json.loads(policy)  # moto's backend answers GetPolicy's body: {"Policy": "<json>", ...}
        return dict(json.loads(answer["Policy"]))

    def _sqs_sources(self) -> list[Any]:
        queues = {
            physical["Arn"]: physical["QueueUrl"]
            for physical in self.provisioned.physical.values()
            if "QueueUrl" in physical
        }
        return sqs_sources(
            self.provisioned.event_sources, queues, lambda function: self.aws("sqs", role_of=function)
        )

    def _fill_secrets(self) -> None:
        """The operator key, and the sandbox's Amazon app with this gateway's callback URLs registered."""
        secrets_manager = self.emulator.client("secretsmanager")
        secrets_manager.put_secret_value(
            SecretId=self.resource(OPERATOR_SECRET), SecretString=self.operator_key
        )
        app = SANDBOX_APP | {"redirect_uris": [self.api_url + path for path in CALLBACK_PATHS.values()]}
        requests.post(f"{self.sandbox_url}/_sandbox/apps", json=app, timeout=10).raise_for_status()
        secret = {
            "lwa_client_id": app["client_id"],
            "lwa_client_secret": app["client_secret"],
            "sp_api_application_id": app["application_id"],
        }
        secrets_manager.put_secret_value(
            SecretId=self.resource(AMAZON_APP_SECRET), SecretString=json.dumps(secret)
        )

    def _function_environment(self, config: FunctionConfig) -> dict[str, str]:
        """One function's execution environment: the runtime's variables, the template's for this
        function only, its role's credentials, and where the emulator and the sandbox are."""
        level = self.provisioned.parameters.get("LogLevel", "WARNING")
        return {
            **base_environment(config, REGION),
            **config.environment,
            **self.roles.credentials(config.role_arn, LAMBDA).environment(),
            "AWS_ENDPOINT_URL": self.emulator.url,
            "POWERTOOLS_TRACE_DISABLED": "true",  # no X-Ray daemon here
            "POWERTOOLS_LOG_LEVEL": level,
            "SELLERLINK_LOCAL": "true",
            "SELLERLINK_CLOCK_URL": self.clock_url,
            "SELLERLINK_SANDBOX_URL": self.sandbox_url,
        }


def _configured_timeout(config: FunctionConfig) -> int:
    """The function's timeout as the emulator holds it now (UpdateFunctionConfiguration applies)."""
    from moto.awslambda.utils import get_backend

    return int(get_backend(ACCOUNT_ID, REGION).get_function(config.name).timeout)


def _route_moto_lambda_to(lambdas: LambdaService) -> None:
    """moto's simple Lambda backend (Docker off) has one seam, `invoke`: every invocation that
    reaches the emulator (Step Functions tasks, a function invoking another) comes here."""
    from moto.awslambda.exceptions import LambdaClientError
    from moto.awslambda_simple.models import LambdaSimpleBackend

    def invoke(
        backend: Any, function_name: str, qualifier: Any, body: Any, headers: Any, response_headers: Any
    ) -> bytes:
        payload = body if isinstance(body, bytes) else (body or "").encode()
        asynchronous = (headers or {}).get("X-Amz-Invocation-Type") == "Event"
        try:
            invocation = lambdas.invoke(function_name, payload or b"{}", asynchronous=asynchronous)
        except PayloadTooLarge as error:
            raise LambdaClientError("RequestEntityTooLargeException", str(error)) from None
        if invocation.function_error:
            response_headers["x-amz-function-error"] = "Unhandled"
        return invocation.payload

    LambdaSimpleBackend.invoke = invoke  # type: ignore[method-assign, assignment]


def _openapi() -> str:
    from sellerlink.api.openapi import render

    return render()
