"""A brand's person at the keyboard during onboarding: signs in at the sandbox's Amazon
consent pages, approves or denies, and lands on Sellerlink's callback, as a browser would."""

from __future__ import annotations

import time
from typing import Any

import requests

from sellerlink_local.drivers.client import SellerlinkClient


class SandboxAmazon:
    """The Amazon sandbox's control API, for setting up what Amazon holds for a brand."""

    def __init__(self, url: str) -> None:
        self.url = url.rstrip("/")
        self.session = requests.Session()

    def create_brand(self, brand_name: str, **spec: Any) -> dict[str, Any]:
        body = {
            "brand_name": brand_name,
            "seller_type": "3P",
            "marketplaces": ["US"],
            "brand_registry": True,
            "brb_enrolled": True,
            "catalog_size": 30,
            **spec,
        }
        answer = self.session.post(f"{self.url}/_sandbox/brands", json=body, timeout=30)
        answer.raise_for_status()
        return dict(answer.json())

    def control(self, method: str, path: str, body: Any = None) -> Any:
        answer = self.session.request(method, f"{self.url}/_sandbox/{path}", json=body, timeout=30)
        answer.raise_for_status()
        return answer.json() if answer.content else None


def sign_in(consent_url: str, login: str, decision: str = "approve") -> str:
    """The URL Amazon redirects the browser to after the person's decision."""
    answer = requests.get(
        consent_url,
        params={"sandbox_user": login, "sandbox_decision": decision},
        allow_redirects=False,
        timeout=30,
    )
    if answer.status_code != 302:
        raise RuntimeError(f"Amazon did not redirect ({answer.status_code}): {answer.text[:300]}")
    return str(answer.headers["Location"])


def connect(
    brand: SellerlinkClient, program_id: str, kind: str, login: str, decision: str = "approve"
) -> requests.Response:
    """Start the connection in Sellerlink, decide at Amazon, and land on Sellerlink's callback."""
    consent = brand.get(f"/v1/programs/{program_id}/connect/{kind}")["url"]
    return requests.get(sign_in(consent, login, decision), allow_redirects=False, timeout=60)


def wait_for_catalog(brand: SellerlinkClient, program_id: str, timeout: float = 120) -> dict[str, Any]:
    """The program once its catalog import has finished (or failed)."""
    deadline = time.monotonic() + timeout
    while True:
        program = brand.get(f"/v1/programs/{program_id}")
        progress = program["onboarding"].get("catalog_import") or {}
        if progress.get("status") in ("succeeded", "incomplete", "failed") or time.monotonic() > deadline:
            return dict(program)
        time.sleep(0.2)


def onboard(brand: SellerlinkClient, program_id: str, login: str) -> dict[str, Any]:
    """Both connections approved and the catalog imported: the program's onboarding state."""
    for kind in ("amazon-ads", "selling-partner"):
        landed = connect(brand, program_id, kind, login)
        if landed.status_code != 200:
            raise RuntimeError(f"{kind} did not connect: {landed.text[:500]}")
    return wait_for_catalog(brand, program_id)
