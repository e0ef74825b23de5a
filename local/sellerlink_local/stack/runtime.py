"""`sellerlink serve`: the whole stack on one machine, from the same template, handlers and ASL."""

from __future__ import annotations

import json
import logging
import os
import secrets
import threading
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import requests

from sellerlink.clock import SandboxClock
from sellerlink.onboarding.context import CALLBACK_PATHS
from sellerlink_local.stack.emulator import Emulator, Provisioner
from sellerlink_local.stack.gateway import Gateway
from sellerlink_local.stack.lambdas import Dispatcher
from sellerlink_local.stack.schedules import ScheduleClock, Scheduler
from sellerlink_local.stack.sqs import SqsPoller, sqs_sources
from sellerlink_local.stack.template import REGION, Template

OPERATOR_SECRET = "OperatorKeySecret"
AMAZON_APP_SECRET = "AmazonAppSecret"
SANDBOX_APP = {
    "client_id": "amzn1.application-oa2-client.sellerlinksandbox",
    "client_secret": "sellerlink-sandbox-secret",
    "application_id": "amzn1.sp.solution.sellerlink-sandbox",
}
LOCAL_PARAMETERS = {
    "LogLevel": "WARNING",
    "AllowSignup": "true",
    "WebhookRetryBaseSeconds": "1",  # a failed delivery comes back after a second, not 30 s doubling
    "WebhookRetryCapSeconds": "1",
}


@dataclass
class StackOptions:
    api_port: int = 3000
    aws_port: int = 3200
    sandbox_port: int = 3100
    operator_key: str | None = None
    parameters: dict[str, str] = field(default_factory=dict)
    fire_schedules: bool = False


class LocalStack:
    def __init__(self, options: StackOptions | None = None) -> None:
        self.options = options or StackOptions()
        self.template = Template()
        self.operator_key = (
            self.options.operator_key
            or os.environ.get("SELLERLINK_OPERATOR_KEY")
            or ("slo_" + secrets.token_urlsafe(24))
        )
        self.emulator = Emulator(self.options.aws_port)
        self.sandbox: Any = None
        self.dispatcher = Dispatcher(self.template.functions())
        self.physical: dict[str, dict[str, str]] = {}
        self._gateway_server: Any = None
        self.sqs_poller: SqsPoller | None = None
        self.schedule_clock: ScheduleClock | None = None
        self._resolve: Any = None

    @property
    def api_url(self) -> str:
        return f"http://127.0.0.1:{self._gateway_server.server_port}"

    @property
    def sandbox_url(self) -> str:
        return str(self.sandbox.url)

    def start(self) -> LocalStack:
        from sellerlink_local.sandbox.server import Sandbox

        logging.getLogger("werkzeug").setLevel(logging.ERROR)  # one access line per emulator call is noise
        self._quiet_powertools()
        self.sandbox = Sandbox(port=self.options.sandbox_port).start()
        gateway = Gateway(self.template, self.dispatcher, _openapi(), _swagger_dir())
        self._gateway_server = gateway.serve(self.options.api_port)
        self.emulator.start()
        self._point_boto_at_emulator()
        parameters = {
            **self.template.parameter_defaults(),
            **LOCAL_PARAMETERS,
            "PublicApiUrl": self.api_url,
            **self.options.parameters,
        }
        provisioner = Provisioner(self.emulator.client, self.template, parameters)
        self.physical = provisioner.provision()
        self._resolve = provisioner.resolve
        self._fill_secrets()
        os.environ.update(self._function_environment(provisioner))
        self.dispatcher.name_functions(self.physical)
        self.dispatcher.install()
        sources = sqs_sources(self.template, self.physical)
        self.sqs_poller = SqsPoller(self.emulator.client("sqs"), self.dispatcher, sources).start()
        threading.Thread(target=self._gateway_server.serve_forever, daemon=True).start()
        if self.options.fire_schedules:
            clock = SandboxClock(f"{self.sandbox_url}/_sandbox/clock")
            self.schedule_clock = ScheduleClock(self.scheduler(), clock.now).start()
        return self

    def stop(self) -> None:
        if self._gateway_server is not None:
            self._gateway_server.shutdown()
        if self.schedule_clock is not None:
            self.schedule_clock.stop()
        if self.sqs_poller is not None:
            self.sqs_poller.stop()
        self.emulator.stop()
        if self.sandbox is not None:
            self.sandbox.stop()

    def resource(self, logical_id: str, attribute: str = "Ref") -> str:
        return self.physical[logical_id][attribute]

    def fire_schedule(self, name: str) -> str:
        """Fires a ScheduleV2 event of template.yaml now (moto never fires schedules); the execution ARN."""
        return self.scheduler().fire(name)

    def wait_for_execution(self, execution_arn: str, timeout: float = 300) -> dict[str, Any]:
        return self.scheduler().wait(execution_arn, timeout)

    def scheduler(self) -> Scheduler:
        return Scheduler(self.template, self.emulator.client("stepfunctions"), self.physical, self._resolve)

    def _quiet_powertools(self) -> None:
        """Set before the handlers' shared Logger and Metrics exist: no X-Ray here, metrics off,
        and the log level the parameters ask for (WARNING unless overridden)."""
        warnings.filterwarnings("ignore", message="No application metrics to publish")
        level = {**LOCAL_PARAMETERS, **self.options.parameters}["LogLevel"]
        os.environ.update(
            {
                "POWERTOOLS_TRACE_DISABLED": "true",
                "POWERTOOLS_METRICS_DISABLED": "true",
                "POWERTOOLS_LOG_LEVEL": level,
            }
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

    def _point_boto_at_emulator(self) -> None:
        os.environ.update(
            {
                "MOTO_PORT": str(self.emulator.port),
                "AWS_ENDPOINT_URL": self.emulator.url,
                "AWS_ACCESS_KEY_ID": "local",
                "AWS_SECRET_ACCESS_KEY": "local",
                "AWS_DEFAULT_REGION": REGION,
                "AWS_REGION": REGION,
            }
        )

    def _function_environment(self, provisioner: Provisioner) -> dict[str, str]:
        """The union of every function's environment; one process runs them all, so names must agree."""
        merged: dict[str, str] = {}
        for function in self.template.functions().values():
            for name, value in function.environment.items():
                resolved = str(provisioner.resolve(value))
                if merged.get(name, resolved) != resolved:
                    raise ValueError(f"{function.logical_id} sets {name} differently from another function")
                merged[name] = resolved
        return {
            **merged,
            "SELLERLINK_LOCAL": "true",
            "SELLERLINK_CLOCK_URL": f"{self.sandbox_url}/_sandbox/clock",
            "SELLERLINK_SANDBOX_URL": self.sandbox_url,
        }


def _openapi() -> str:
    from sellerlink.api.openapi import render

    return render()


def _swagger_dir() -> Path | None:
    try:
        import swagger_ui_bundle
    except ImportError:
        return None
    return Path(swagger_ui_bundle.swagger_ui_path)
