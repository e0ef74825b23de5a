"""Driving payout runs as a brand's finance person does: ask for the month's run, wait for the
background work, download the files through their pre-signed URLs."""

from __future__ import annotations

import time
from typing import Any

import requests

from sellerlink_local.drivers.client import SellerlinkClient


def run_path(program_id: str, run_id: str = "", suffix: str = "") -> str:
    base = f"/v1/programs/{program_id}/payout-runs"
    return f"{base}/{run_id}{suffix}" if run_id else base


def wait_for_run(
    admin: SellerlinkClient, program_id: str, run_id: str, done: Any, timeout: float = 120
) -> dict[str, Any]:
    """The run's detail once `done(run)` holds (or as it stands when `timeout` runs out)."""
    deadline = time.monotonic() + timeout
    while True:
        detail = admin.get(run_path(program_id, run_id))
        if done(detail["run"]) or time.monotonic() > deadline:
            return dict(detail)
        time.sleep(0.2)


def built(admin: SellerlinkClient, program_id: str, month: str) -> dict[str, Any]:
    """Asks for the month's run and waits until it is built (a draft, or further along)."""
    run = admin.post(run_path(program_id), {"month": month})
    return wait_for_run(admin, program_id, run["run_id"], lambda r: r["status"] != "building")


def exported(admin: SellerlinkClient, program_id: str, run_id: str) -> dict[str, Any]:
    """Approves the draft (if it is one), exports it and waits for its files."""
    if admin.get(run_path(program_id, run_id))["run"]["status"] == "draft":
        admin.post(run_path(program_id, run_id, "/approve"))
    admin.post(run_path(program_id, run_id, "/export"))
    return wait_for_run(admin, program_id, run_id, lambda r: r["status"] in ("exported", "completed"))


def download(admin: SellerlinkClient, program_id: str, run_id: str, file_format: str) -> str:
    """The file's text, fetched from its pre-signed URL without any key, as a browser would."""
    link = admin.get(run_path(program_id, run_id, f"/files/{file_format}"))
    answer = requests.get(link["url"], timeout=30)
    answer.raise_for_status()
    return answer.content.decode("utf-8")
