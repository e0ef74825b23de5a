"""The dashboard through HTTP, as a browser without a screen: it keeps the cookies (its own jar, since
the session cookie is Secure and the local stack is plain http on loopback, which a browser
accepts and requests' jar does not) and repeats each page's CSRF token; `sign_in_link` reads the
e-mailed link from the local outbox."""

from __future__ import annotations

import re
from typing import Any

import requests

from sellerlink_local.drivers.outbox import Outbox

CSRF = re.compile(r'name="csrf" value="([^"]+)"')


class DashboardSession:
    def __init__(self, base_url: str) -> None:
        self.base_url = base_url.rstrip("/")
        self.cookies: dict[str, str] = {}
        self.http = requests.Session()

    def get(self, path: str) -> requests.Response:
        return self._send("GET", path)

    def submit(self, page: str, action: str, fields: dict[str, Any]) -> requests.Response:
        """Opens `page`, then sends one of its forms to `action` with the page's CSRF token."""
        found = CSRF.search(self.get(page).text)
        if found is None:
            raise RuntimeError(f"{page} has no form")
        return self._send("POST", action, {**fields, "csrf": found.group(1)})

    def sign_in_with_key(self, key: str) -> None:
        answer = self.submit("/sign-in", "/sign-in/key", {"key": key, "next": "/"})
        if answer.status_code != 303:
            raise RuntimeError(f"sign-in refused ({answer.status_code})")

    def ask_for_link(self, email: str) -> None:
        self.submit("/sign-in", "/sign-in/email", {"email": email})

    def _send(self, method: str, path: str, form: dict[str, Any] | None = None) -> requests.Response:
        cookie = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        answer = self.http.request(
            method,
            self.base_url + path,
            data=form,
            headers={"Cookie": cookie} if cookie else {},
            allow_redirects=False,
            timeout=60,
        )
        for header in answer.raw.headers.getlist("Set-Cookie"):
            name, _, rest = header.partition("=")
            value = rest.split(";", 1)[0]
            if value and "Max-Age=0" not in header:
                self.cookies[name] = value
            else:
                self.cookies.pop(name, None)
        return answer


def sign_in_link(outbox: Outbox, email: str) -> str:
    """The newest sign-in link e-mailed to this address (read at the stack's `/_local/outbox`)."""
    outbox.wait_for(email, "sign-in link")
    newest = [e for e in outbox.to(email) if "sign-in link" in e.subject][-1]
    return newest.link("/sign-in/link?token=")
