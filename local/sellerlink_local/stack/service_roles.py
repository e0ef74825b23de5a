"""Service roles: the credentials AWS services use on a stack's behalf.

A Lambda function runs with its execution role's temporary credentials, Step Functions calls
Lambda as the state machine's role, EventBridge Scheduler starts a target as the schedule's
role. Each role must trust its service (`sts:AssumeRole` for `lambda.amazonaws.com` ...), as in
AWS; the credentials come from the emulator's STS, so the emulator authorizes every call they
sign against that role's policies.
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass
from functools import cache
from typing import Any

import boto3
import botocore.loaders
import botocore.session
from botocore.config import Config

from sellerlink_local.stack.cloudformation import ACCOUNT_ID

SESSION_SECONDS = 12 * 60 * 60


@dataclass(frozen=True)
class Credentials:
    access_key_id: str
    secret_access_key: str
    session_token: str

    def environment(self) -> dict[str, str]:
        """As the Lambda runtime sets them (an IAM user's key has no session token)."""
        found = {"AWS_ACCESS_KEY_ID": self.access_key_id, "AWS_SECRET_ACCESS_KEY": self.secret_access_key}
        return found | ({"AWS_SESSION_TOKEN": self.session_token} if self.session_token else {})

    def session(self, region: str = "us-east-1") -> boto3.session.Session:
        """A boto3 session signing with these credentials. Its service descriptions come from one
        loader for the process: a fresh loader parses them again, a fifth of a second per client."""
        core = botocore.session.Session()
        core.register_component("data_loader", _shared_loader())
        return boto3.session.Session(
            aws_access_key_id=self.access_key_id,
            aws_secret_access_key=self.secret_access_key,
            aws_session_token=self.session_token or None,
            region_name=region,
            botocore_session=core,
        )

    def client(self, service: str, region: str, endpoint_url: str, config: Config | None = None) -> Any:
        """One client per identity, service and endpoint for the process (clients are thread-safe)."""
        return _client(self, service, region, endpoint_url, config)


@cache
def _shared_loader() -> botocore.loaders.Loader:
    return botocore.loaders.create_loader()


_CLIENTS_LOCK = threading.Lock()


@cache
def _client(
    credentials: Credentials, service: str, region: str, endpoint_url: str, config: Config | None
) -> Any:
    with _CLIENTS_LOCK:  # a boto3 session is not safe to build clients from in two threads at once
        return credentials.session(region).client(service, endpoint_url=endpoint_url, config=config)  # type: ignore[call-overload]


class RoleNotTrusted(PermissionError):
    """The role's trust policy does not let this service assume it."""


class ServiceRoles:
    """Assumes roles for services, in the emulator's process (moto's STS and IAM backends)."""

    def __init__(self, account_id: str = ACCOUNT_ID) -> None:
        self._account = account_id
        self._cache: dict[tuple[str, str], Credentials] = {}
        self._lock = threading.Lock()

    def credentials(self, role_arn: str, service: str) -> Credentials:
        key = (role_arn, service)
        with self._lock:
            if key not in self._cache:
                self._require_trust(role_arn, service)
                self._cache[key] = self._assume(role_arn, service)
            return self._cache[key]

    def _require_trust(self, role_arn: str, service: str) -> None:
        from moto.iam.models import iam_backends

        role = iam_backends[self._account]["aws"].get_role_by_arn(role_arn)
        document = role.assume_role_policy_document
        trust = json.loads(document) if isinstance(document, str) else document
        for statement in _listed(trust.get("Statement", [])):
            principal = statement.get("Principal", {})
            services = _listed(principal.get("Service", [])) if isinstance(principal, dict) else []
            actions = _listed(statement.get("Action", []))
            if statement.get("Effect") == "Allow" and service in services and "sts:AssumeRole" in actions:
                return
        raise RoleNotTrusted(f"{role_arn} does not trust {service} to assume it")

    def _assume(self, role_arn: str, service: str) -> Credentials:
        from moto.sts.models import sts_backends

        assumed = sts_backends[self._account]["aws"].assume_role(
            region_name="us-east-1",
            role_session_name=service.split(".")[0],
            role_arn=role_arn,
            policy=None,  # type: ignore[arg-type]
            duration=SESSION_SECONDS,
            external_id=None,  # type: ignore[arg-type]
        )
        return Credentials(assumed.access_key_id, assumed.secret_access_key, assumed.session_token)


def _listed(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]
