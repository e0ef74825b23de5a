"""Sending e-mail, as a port: the dashboard e-mails one-time sign-in links through a `Mailer`.

Adapters: `FolderOutbox` (local mode: each message a JSON file in a folder the local stack reads,
so tests and the demo read the link as a person would read the message), and `NoMailer` where no
sender is configured (a deployment without e-mail: sign in by pasting an API key).
"""

from __future__ import annotations

import json
import secrets
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Protocol

from sellerlink.errors import Conflict


@dataclass(frozen=True)
class MailMessage:
    to: str
    subject: str
    text: str


class Mailer(Protocol):
    def send(self, message: MailMessage) -> None: ...


class NoMailer:
    def send(self, message: MailMessage) -> None:
        raise Conflict(
            "This deployment does not send e-mail yet, so sign-in links cannot be sent; "
            "sign in by pasting an API key instead."
        )


class FolderOutbox:
    """Local mode: each message becomes `<folder>/<sequence>.json` (never used in AWS)."""

    def __init__(self, folder: str) -> None:
        self._folder = Path(folder)

    def send(self, message: MailMessage) -> None:
        self._folder.mkdir(parents=True, exist_ok=True)
        name = f"{secrets.token_hex(8)}.json"
        (self._folder / name).write_text(json.dumps(asdict(message)))
