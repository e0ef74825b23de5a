"""How SES names what a request touches, for `iam.checks_for`: sending e-mail (SES API v2).

`SendEmail` is authorized on the identity the From address belongs to (the address itself when
it is an identity, else its domain) and, when the request names one, on the configuration set,
with the condition keys SES documents (`ses:FromAddress`, `ses:Recipients`, `ses:ApiVersion`).
Other SES operations are checked against moto's own resource.
"""

from __future__ import annotations

from email.utils import parseaddr

from sellerlink_local.stack.iam import Check, Request


def ses_checks(request: Request, moto_resource: str) -> list[Check]:
    action = f"ses:{request.operation}"
    if request.operation != "SendEmail" or "FromEmailAddress" not in request.json:
        return [Check(action, moto_resource)]
    body = request.json
    address = parseaddr(str(body["FromEmailAddress"]))[1]
    destination = body.get("Destination", {})
    recipients = [*destination.get("ToAddresses", []), *destination.get("CcAddresses", [])]
    recipients += destination.get("BccAddresses", [])
    context = {"ses:FromAddress": address, "ses:Recipients": recipients, "ses:ApiVersion": "2"}
    checks = [Check(action, request.arn("ses", f"identity/{_identity(request, address)}"), context)]
    if body.get("ConfigurationSetName"):
        resource = request.arn("ses", f"configuration-set/{body['ConfigurationSetName']}")
        checks.append(Check(action, resource, context))
    return checks


def _identity(request: Request, address: str) -> str:
    from moto.ses.models import ses_backends

    identities = ses_backends[request.account][request.region].email_identities
    domain = address.rpartition("@")[2]
    return address if address in identities or domain not in identities else domain
