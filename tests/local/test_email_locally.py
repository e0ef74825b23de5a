"""E-mail on one machine: SES requests authorized by the identity and configuration set they send
through (as SES names them), with the From address as a condition; and the outbox pages."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from moto import mock_aws
from werkzeug.test import EnvironBuilder
from werkzeug.wrappers import Request as WebRequest

from sellerlink_local.stack.cloudformation import Intrinsics, translate
from sellerlink_local.stack.iam import ALLOW, NEUTRAL, Request, checks_for, decide
from sellerlink_local.stack.outbox import outbox_pages

SENDER = "notifications@sellerlink.localhost"
ARN = "arn:aws:ses:us-east-1:123456789012"


@pytest.fixture
def identities() -> Iterator[Any]:
    """moto's SES backend (in-process) holding the sender's address as its identity."""
    with mock_aws():
        from moto.ses.models import ses_backends

        backend = ses_backends["123456789012"]["us-east-1"]
        backend.create_email_identity_v2(SENDER, None, None, None)
        yield backend


def send(source: str, configuration_set: str | None = "stack-email") -> Request:
    body: dict[str, Any] = {
        "FromEmailAddress": source,
        "Destination": {"ToAddresses": ["dana@example.com"]},
        "Content": {"Simple": {"Subject": {"Data": "s"}, "Body": {"Text": {"Data": "t"}}}},
    }
    if configuration_set:
        body["ConfigurationSetName"] = configuration_set
    return Request(
        "ses",
        "SendEmail",
        "/v2/email/outbound-emails",
        json.dumps(body).encode(),
        {},
        "us-east-1",
        "123456789012",
    )


def postbacks_policy() -> dict[str, Any]:
    """The postbacks function's SES statement as the stack resolves it, with this sender."""
    translation = translate()
    parameters = {**translation.parameter_defaults(), "EmailSender": SENDER}
    physical = {"EmailConfigurationSet": {"Ref": "stack-email"}}
    resolve = Intrinsics(translation.body, parameters, physical, "stack")
    role = translation.resources["PostbacksFunctionRole"]["Properties"]
    statements = [s for p in role["Policies"] for s in p["PolicyDocument"]["Statement"]]
    (ses,) = [s for s in statements if s["Action"] == "ses:SendEmail"]
    return {"Version": "2012-10-17", "Statement": [resolve(ses)]}


def test_sending_is_checked_on_the_identity_and_the_configuration_set_with_the_from_address(
    identities: Any,
) -> None:
    checks = checks_for(send(f"Sellerlink <{SENDER}>"), "*")
    assert [(c.action, c.resource) for c in checks] == [
        ("ses:SendEmail", f"{ARN}:identity/{SENDER}"),
        ("ses:SendEmail", f"{ARN}:configuration-set/stack-email"),
    ]
    assert checks[0].context == {
        "ses:FromAddress": SENDER,
        "ses:Recipients": ["dana@example.com"],
        "ses:ApiVersion": "2",
    }


def test_an_address_of_a_verified_domain_is_checked_on_the_domain_identity(identities: Any) -> None:
    identities.create_email_identity_v2("acme.example", None, None, None)
    (check,) = checks_for(send("news@acme.example", configuration_set=None), "*")
    assert check.resource == f"{ARN}:identity/acme.example"


def test_the_postbacks_function_may_send_only_from_its_identity_through_its_configuration_set(
    identities: Any,
) -> None:
    policy = postbacks_policy()
    assert all(decide([policy], c) == ALLOW for c in checks_for(send(SENDER), "*"))
    identities.create_email_identity_v2("other@sellerlink.localhost", None, None, None)
    assert decide([policy], checks_for(send("other@sellerlink.localhost"), "*")[0]) == NEUTRAL
    assert decide([policy], checks_for(send(SENDER, "another-set"), "*")[1]) == NEUTRAL


def test_other_ses_requests_are_checked_on_motos_resource() -> None:
    request = Request(
        "ses", "ListEmailIdentities", "/v2/email/identities", b"", {}, "us-east-1", "123456789012"
    )
    assert [(c.action, c.resource) for c in checks_for(request, "*")] == [("ses:ListEmailIdentities", "*")]


SENT = [
    {"message_id": "m1", "from": SENDER, "to": ["dana@example.com"], "subject": "First <b>", "text": "one"},
    {"message_id": "m2", "from": SENDER, "to": ["vic@example.com"], "subject": "Second", "text": "two"},
]


def get(path: str, accept: str = "text/html") -> Any:
    request = WebRequest(EnvironBuilder(path=path, headers={"Accept": accept}).get_environ())
    return outbox_pages(lambda: SENT)(request)


def test_the_outbox_lists_what_was_sent_newest_first_as_a_page() -> None:
    page = get("/_local/outbox").get_data(as_text=True)
    assert "2 e-mails sent" in page and page.index("Second") < page.index("First &lt;b&gt;")


def test_the_outbox_answers_json_by_path_or_by_accept() -> None:
    assert json.loads(get("/_local/outbox.json").get_data()) == {"emails": SENT}
    assert json.loads(get("/_local/outbox", "application/json").get_data()) == {"emails": SENT}
    assert get("/v1/programs") is None
