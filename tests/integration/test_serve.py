"""`sellerlink serve` as an operator runs it: prints where everything is, serves, stops on Ctrl-C."""

from __future__ import annotations

import signal
import subprocess
import sys
import time

import requests

SERVE = [
    sys.executable,
    "-m",
    "sellerlink_local.cli",
    "serve",
    "--api-port",
    "0",
    "--aws-port",
    "0",
    "--sandbox-port",
    "0",
]


def test_serve_prints_its_urls_and_operator_key_and_stops_on_ctrl_c() -> None:
    process = subprocess.Popen(SERVE, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        lines = []
        deadline = time.monotonic() + 180  # a loaded 2-core machine starts the stack slowly
        while time.monotonic() < deadline and not any(line.startswith("Operator key") for line in lines):
            lines.append(process.stdout.readline())  # type: ignore[union-attr]
        printed = {line.split()[0]: line.split() for line in lines if line.strip()}
        api_url, operator_key = printed["Sellerlink"][2], printed["Operator"][2]
        assert requests.get(f"{api_url}/openapi.json", timeout=10).status_code == 200
        me = requests.post(
            f"{api_url}/v1/accounts",
            json={"name": "Acme", "edition": "pro"},
            headers={"Authorization": f"Bearer {operator_key}"},
            timeout=30,
        )
        assert me.status_code == 201
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=30) == 0
        assert "stopped" in process.stdout.read()  # type: ignore[union-attr]
    finally:
        if process.poll() is None:
            process.kill()
