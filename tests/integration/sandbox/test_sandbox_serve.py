"""``serve(port)``: the foreground entry point the ``sellerlink sandbox`` CLI calls."""

from __future__ import annotations

import socket
import subprocess
import sys

import requests


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_serve_prints_its_url_and_answers_until_stopped() -> None:
    # Given serve() started in its own process on a free port
    port = free_port()
    code = f"from sellerlink_local.sandbox.server import serve; serve({port})"
    process = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    try:
        # When it is up
        assert process.stdout is not None
        line = process.stdout.readline()
        # Then it prints its URL and serves the control API and Amazon routes there
        assert f"http://127.0.0.1:{port}" in line
        clock = requests.get(f"http://127.0.0.1:{port}/_sandbox/clock", timeout=5)
        assert clock.status_code == 200 and clock.json()["now"].endswith("Z")
        profiles = requests.get(f"http://127.0.0.1:{port}/eu/v2/profiles", timeout=5)
        assert profiles.status_code == 401
    finally:
        process.terminate()
        process.wait(timeout=10)
