"""Unit tests run without a network: a connection to anything but a Unix socket is refused, so a
test that would reach AWS or Amazon fails at once instead of waiting (moto runs in-process)."""

from __future__ import annotations

import importlib
import pkgutil
import socket
from collections.abc import Iterator
from typing import Any

import pytest

import sellerlink.wiring
from tests.conftest import EMAIL_SENDER


class NetworkRefused(OSError):
    """A unit test tried to open a network connection."""


@pytest.fixture(autouse=True)
def no_network(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    connect, connect_ex = socket.socket.connect, socket.socket.connect_ex

    def refused(method: Any) -> Any:
        def guarded(self: socket.socket, address: Any) -> Any:
            if self.family == getattr(socket, "AF_UNIX", None):
                return method(self, address)
            raise NetworkRefused(f"unit tests open no network connection (to {address!r})")

        return guarded

    monkeypatch.setattr(socket.socket, "connect", refused(connect))
    monkeypatch.setattr(socket.socket, "connect_ex", refused(connect_ex))
    yield


@pytest.fixture
def functions(
    aws: dict[str, dict[str, str]], monkeypatch: pytest.MonkeyPatch
) -> Iterator[dict[str, dict[str, str]]]:
    """Cold handlers whose settings come from this test's environment, and are forgotten after it."""
    monkeypatch.setenv("TABLE_NAME", aws["Table"]["Ref"])
    monkeypatch.setenv("OPERATOR_KEY_SECRET_ARN", aws["OperatorKeySecret"]["Ref"])
    monkeypatch.setenv("TOKEN_KEY_ID", aws["TokenKey"]["Ref"])
    monkeypatch.setenv("AMAZON_APP_SECRET_ARN", aws["AmazonAppSecret"]["Ref"])
    monkeypatch.setenv("OAUTH_STATE_SECRET_ARN", aws["OAuthStateSecret"]["Ref"])
    monkeypatch.setenv("CATALOG_IMPORT_FUNCTION", "sellerlink-local-catalog-import")
    monkeypatch.setenv("WEBHOOK_QUEUE_URL", aws["PostbacksQueue"]["Ref"])
    monkeypatch.setenv("PULL_STAGING_BUCKET", aws["PullResultsBucket"]["Ref"])
    monkeypatch.setenv("EMAIL_SENDER", EMAIL_SENDER)
    monkeypatch.setenv("EMAIL_CONFIGURATION_SET", aws["EmailConfigurationSet"]["Ref"])
    monkeypatch.setenv("EMAIL_LINKS_BASE_URL", "https://api.sellerlink.example")
    monkeypatch.setenv("PAYOUT_WORKER_FUNCTION", "sellerlink-local-payout-worker")
    monkeypatch.setenv("PAYOUT_EXPORTS_BUCKET", aws["PayoutExportsBucket"]["Ref"])
    monkeypatch.setenv("POWERTOOLS_METRICS_DISABLED", "true")
    forget_what_the_functions_built()
    yield aws
    forget_what_the_functions_built()


def forget_what_the_functions_built() -> None:
    """Every composition root builds once per container: clear them, as a cold start would."""
    for info in pkgutil.iter_modules(sellerlink.wiring.__path__):
        module = importlib.import_module(f"sellerlink.wiring.{info.name}")
        for built in vars(module).values():
            if callable(getattr(built, "cache_clear", None)):
                built.cache_clear()
