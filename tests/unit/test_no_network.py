"""Unit tests open no network connection: the autouse guard in conftest refuses them."""

from __future__ import annotations

import socket

import pytest


def test_a_unit_test_cannot_open_a_network_connection() -> None:
    with pytest.raises(OSError, match="unit tests open no network connection"):
        socket.create_connection(("127.0.0.1", 9), timeout=1)
