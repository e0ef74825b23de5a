"""E-mail without sockets: addresses, the SES adapter against moto in-process, one-time links."""

from __future__ import annotations

from datetime import timedelta

import boto3
import pytest
from pydantic import BaseModel, ValidationError

from sellerlink.clock import FixedClock
from sellerlink.email.address import EmailAddress, normalized
from sellerlink.email.links import LinkTokens
from sellerlink.email.models import EmailMessage
from sellerlink.email.sender import SesEmailSender
from sellerlink.table import Table
from tests.conftest import EMAIL_SENDER


class Person(BaseModel):
    email: EmailAddress


@pytest.mark.parametrize("address", ["dana@example.com", " Dana.Marketing+aff@mail.example.co.uk "])
def test_an_address_is_kept_as_given_without_surrounding_spaces(address: str) -> None:
    assert Person(email=address).email == address.strip()
    assert normalized(address) == address.strip().lower()


@pytest.mark.parametrize(
    "address", ["dana", "dana@", "@example.com", "dana@example", "Dana <dana@example.com>", "a b@example.com"]
)
def test_anything_but_one_plain_address_is_refused_with_an_example(address: str) -> None:
    with pytest.raises(ValidationError, match=r"is not an e-mail address such as dana@example\.com"):
        Person(email=address)


def test_ses_sends_from_the_identity_through_the_configuration_set(
    aws: dict[str, dict[str, str]],
) -> None:
    # Given the stack's identity and configuration set (moto in-process)
    sesv2 = boto3.client("sesv2")
    sender = SesEmailSender(sesv2, EMAIL_SENDER, aws["EmailConfigurationSet"]["Ref"])
    # When a message is sent
    message_id = sender.send(
        EmailMessage(to="dana@example.com", subject="Hello", text="Plain text", kind="statement_ready")
    )
    # Then SES took it, from the identity, to that one person
    from moto.ses.models import ses_backends

    (sent,) = ses_backends["123456789012"]["us-east-1"].sent_messages
    assert (sent.id, sent.source, sent.destinations["ToAddresses"]) == (
        message_id,
        EMAIL_SENDER,
        ["dana@example.com"],
    )
    assert (sent.subject, sent.body) == ("Hello", "Plain text")


def test_a_link_stands_for_its_data_until_it_expires_and_only_for_its_purpose(
    table_name: str, clock: FixedClock
) -> None:
    links = LinkTokens(Table(table_name), clock)
    token = links.issue("invitation", {"program_id": "prg_1"}, timedelta(days=30))
    assert links.read("invitation", token) == {"program_id": "prg_1"}
    assert links.read("unsubscribe", token) is None  # another purpose
    assert links.read("invitation", token + "x") is None  # another token
    clock.set(clock.now() + timedelta(days=30))
    assert links.read("invitation", token) is None  # expired


def test_a_taken_link_works_once_and_only_its_digest_is_stored(table_name: str, clock: FixedClock) -> None:
    table = Table(table_name)
    links = LinkTokens(table, clock)
    token = links.issue("sign-in", {"email": "dana@example.com"}, timedelta(minutes=15))
    stored = boto3.resource("dynamodb").Table(table_name).scan()["Items"]
    assert token not in str(stored)
    assert links.take("sign-in", token) == {"email": "dana@example.com"}
    assert links.take("sign-in", token) is None
