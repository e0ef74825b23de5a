"""A brand's person at the keyboard during onboarding: opens Sellerlink's consent link in a browser
(which keeps the cookie that binds the sign-in to it), signs in at the sandbox's Amazon consent
pages, approves or denies, and lands on Sellerlink's callback with that browser.

Sellerlink's cookie is `Secure`. Locally the stack speaks http on 127.0.0.1, which browsers treat as
a secure context (loopback is a potentially trustworthy origin) and send Secure cookies to;
`requests` does not, so the `Browser` here follows the browsers' rule for loopback hosts only.
"""

from __future__ import annotations

import time
from http.cookiejar import Cookie, DefaultCookiePolicy
from typing import Any
from urllib.parse import urlsplit
from urllib.request import Request

import requests
from requests.cookies import get_cookie_header

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


LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1")


class LoopbackIsSecure(DefaultCookiePolicy):
    """Secure cookies go to https, and to http on a loopback host, as browsers do."""

    def return_ok_secure(self, cookie: Cookie, request: Request) -> bool:
        host = urlsplit(request.get_full_url()).hostname or ""
        return (
            bool(super().return_ok_secure(cookie, request))
            or f"[{host}]" in LOOPBACK_HOSTS
            or (host in LOOPBACK_HOSTS)
        )


class BrowserSession(requests.Session):
    """A session whose requests carry the cookies its own jar's policy returns (`requests` merges
    the jar into a new one with the default policy, which would drop Secure cookies on loopback)."""

    def __init__(self) -> None:
        super().__init__()
        self.cookies.set_policy(LoopbackIsSecure())

    def prepare_request(self, request: requests.Request) -> requests.PreparedRequest:
        prepared = super().prepare_request(request)
        header = get_cookie_header(self.cookies, prepared)
        if header:
            prepared.headers["Cookie"] = header
        return prepared


class Browser:
    """The brand person's browser: one cookie jar, redirects shown rather than followed."""

    def __init__(self) -> None:
        self.session = BrowserSession()

    def open(self, url: str, **params: str) -> requests.Response:
        return self.session.get(url, params=params or None, allow_redirects=False, timeout=60)

    def start(self, consent_url: str) -> str:
        """Sellerlink's consent link: it sets the binding cookie and redirects to Amazon."""
        answer = self.open(consent_url)
        if answer.status_code != 302:
            raise RuntimeError(f"Sellerlink did not redirect ({answer.status_code}): {answer.text[:300]}")
        return str(answer.headers["Location"])


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
    brand: SellerlinkClient,
    program_id: str,
    kind: str,
    login: str,
    decision: str = "approve",
    browser: Browser | None = None,
) -> requests.Response:
    """Start the connection in Sellerlink, decide at Amazon, and land on Sellerlink's callback, all
    in one browser."""
    browser = browser or Browser()
    consent = brand.get(f"/v1/programs/{program_id}/connect/{kind}")["url"]
    return browser.open(sign_in(browser.start(consent), login, decision))


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
