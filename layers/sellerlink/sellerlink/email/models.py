"""An e-mail as Sellerlink sends it: plain text, to one person, tagged with its kind."""

from __future__ import annotations

from pydantic import Field

from sellerlink.model import Model


class EmailMessage(Model):
    to: str = Field(description="One recipient: each person gets their own copy (and unsubscribe link).")
    subject: str = Field(max_length=200)
    text: str
    kind: str = Field(description="What it is about (a tag on the message, e.g. `statement_ready`).")
