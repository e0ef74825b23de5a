"""Sending e-mail: the `EmailSender` port and its one adapter, Amazon SES (API v2).

Every message goes out from the stack's SES identity (the `EmailSender` parameter) through its
configuration set, which is where SES records sends, bounces and complaints. The sending
function's policy allows `ses:SendEmail` on that identity and configuration set only, and only
from that address.
"""

from __future__ import annotations

from typing import Any, Protocol

from sellerlink.email.models import EmailMessage


class EmailSender(Protocol):
    def send(self, message: EmailMessage) -> str:
        """Sends one message; the provider's message id."""
        ...


class SesEmailSender:
    def __init__(self, sesv2: Any, from_address: str, configuration_set: str) -> None:
        self._ses, self._from, self._configuration_set = sesv2, from_address, configuration_set

    def send(self, message: EmailMessage) -> str:
        answer = self._ses.send_email(
            FromEmailAddress=self._from,
            Destination={"ToAddresses": [message.to]},
            Content={
                "Simple": {
                    "Subject": {"Data": message.subject, "Charset": "UTF-8"},
                    "Body": {"Text": {"Data": message.text, "Charset": "UTF-8"}},
                }
            },
            ConfigurationSetName=self._configuration_set,
            EmailTags=[{"Name": "kind", "Value": message.kind}],
        )
        return str(answer["MessageId"])
