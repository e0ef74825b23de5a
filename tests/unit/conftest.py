"""Unit tests run without a network: a connection to anything but a Unix socket is refused, so a
test that would reach AWS or Amazon fails at once instead of waiting (moto runs in-process)."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from typing import Any

import pytest


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
