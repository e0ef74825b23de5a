"""Fixtures shared by every suite.

- `aws` (unit): moto in-process (`mock_aws`, no sockets) with the template's resources.
- `stack` (integration, e2e): the whole local stack, once per test process, on free ports.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import UTC, datetime
from functools import cache
from typing import Any

import boto3
import pytest
from moto import mock_aws

from sellerlink.clock import FixedClock
from sellerlink_local.stack import moto_patches
from sellerlink_local.stack.cloudformation import REGION, translate
from sellerlink_local.stack.provisioner import Provisioner

DATA_RESOURCES = frozenset(
    {
        "AWS::DynamoDB::Table",
        "AWS::KMS::Key",
        "AWS::SecretsManager::Secret",
        "AWS::SQS::Queue",
        "AWS::S3::Bucket",
        "AWS::SES::ConfigurationSet",
        "AWS::SES::EmailIdentity",
    }
)
EMAIL_SENDER = "notifications@sellerlink.localhost"


@pytest.fixture
def aws(monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, dict[str, str]]]:
    """The template's tables, keys and secrets in moto, in-process; yields their physical ids.
    With the local stack's corrections of moto (DynamoDB at DynamoDB's costs): without them a
    transaction copies the whole table once per item, and a test's cost grows with its data."""
    moto_patches.install()
    for name, value in {
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_DEFAULT_REGION": REGION,
    }.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("AWS_ENDPOINT_URL", raising=False)
    with mock_aws():
        translation = _translation()
        parameters = {**translation.parameter_defaults(), "EmailSender": EMAIL_SENDER}
        provisioner = Provisioner(_in_process_client, translation, parameters, only=DATA_RESOURCES)
        yield provisioner.provision().physical


@cache
def _translation() -> Any:
    return translate()


@cache
def _in_process_client(service: str) -> Any:
    """One client per service for the process: moto intercepts a client's calls whenever a mock is
    active, whenever the client was made, and building one is a tenth of a second."""
    return boto3.client(service, region_name=REGION)


@pytest.fixture
def table_name(aws: dict[str, dict[str, str]]) -> str:
    return aws["Table"]["Ref"]


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(datetime(2026, 11, 2, 9, 0, tzinfo=UTC))


@pytest.fixture(scope="session")
def stack() -> Iterator[Any]:
    from sellerlink_local.stack.runtime import LocalStack, StackOptions

    if os.environ.get("AWS_ENDPOINT_URL"):
        pytest.fail("AWS_ENDPOINT_URL is set: the tests start their own emulator")
    local = LocalStack(StackOptions(api_port=0, aws_port=0, sandbox_port=0)).start()
    yield local
    local.stop()
