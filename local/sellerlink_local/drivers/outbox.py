"""The local outbox as the tests and the demo read it: the e-mails moto's SES took, over HTTP."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

import requests


@dataclass(frozen=True)
class Email:
    to: str
    subject: str
    text: str

    def link(self, path: str) -> str:
        """The first URL of the e-mail whose path starts with `path` (e.g. `/v1/invitations/`)."""
        for word in self.text.split():
            if path in word:
                return word.rstrip(".,)")
        raise AssertionError(f"no {path} link in {self.subject!r}")


class Outbox:
    def __init__(self, api_url: str) -> None:
        self.url = f"{api_url.rstrip('/')}/_local/outbox.json"

    def emails(self) -> list[Email]:
        answer = requests.get(self.url, timeout=10)
        answer.raise_for_status()
        found: list[dict[str, Any]] = answer.json()["emails"]
        return [Email(to, e["subject"], e["text"]) for e in found for to in e["to"]]

    def to(self, address: str) -> list[Email]:
        return [email for email in self.emails() if email.to.lower() == address.lower()]

    def wait_for(self, address: str, subject: str, timeout: float = 30) -> Email:
        """The first e-mail to `address` whose subject contains `subject`, once it is sent."""
        deadline = time.monotonic() + timeout
        while True:
            found = [e for e in self.to(address) if subject in e.subject]
            if found:
                return found[0]
            if time.monotonic() > deadline:
                sent = [(e.to, e.subject) for e in self.emails()][-10:]
                raise AssertionError(
                    f"no e-mail '{subject}' to {address} within {timeout}s; last sent: {sent}"
                )
            time.sleep(0.1)
