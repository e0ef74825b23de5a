"""IAM on one machine, deciding as AWS does.

moto checks each request's signature and finds the caller's policies, but it authorizes most
services against the resource `*` and ignores conditions, so a policy scoped to one table
would refuse everything and a condition would pass unseen. Here each request names what AWS
would authorize: its IAM action (a DynamoDB transaction is one PutItem, UpdateItem ... per
item), the ARN of each resource it touches, and the condition keys it carries (the KMS
encryption context). A KMS call must also pass the key policy: a principal the key policy
names directly may use the key; the account's root delegates to IAM policies; anyone else is
refused. What this module cannot decide it refuses, so a gap shows up here, not in AWS.
"""

from __future__ import annotations

import base64
import fnmatch
import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from typing import Any
from urllib.parse import unquote

from moto.core.exceptions import AccessDeniedError, JsonRESTError

ALLOW, DENY, NEUTRAL = "allow", "deny", "neutral"
AUTHORIZED: Counter[tuple[str, str]] = Counter()  # (caller's role or user, action): what was allowed
TRANSACT_ACTIONS = {
    "Put": "PutItem",
    "Update": "UpdateItem",
    "Delete": "DeleteItem",
    "ConditionCheck": "ConditionCheckItem",
}


@dataclass(frozen=True)
class Check:
    """One authorization AWS makes for a request: an action on a resource, with its condition keys."""

    action: str
    resource: str
    context: dict[str, Any] = field(default_factory=dict)


def refusal(principal: str, check: Check, why: str, json_protocol: bool) -> Exception:
    """AccessDenied as the service's protocol spells it (JSON services: AccessDeniedException)."""
    text = (
        f"User: {principal} is not authorized to perform: {check.action} on resource: {check.resource} {why}"
    )
    if json_protocol:
        return JsonRESTError("AccessDeniedException", text)
    return AccessDeniedError(principal, f"{check.action} on resource: {check.resource} {why}")


class RequestRefused(Exception):
    """Raised by `authorize`; the patch turns it into the service's AccessDenied answer."""

    def __init__(self, principal: str, check: Check, why: str) -> None:
        super().__init__(why)
        self.principal, self.check, self.why = principal, check, why


# --- policy evaluation ---------------------------------------------------------------------------


def decide(policies: Iterable[dict[str, Any]], check: Check, principal: str | None = None) -> str:
    """ALLOW, DENY (an explicit deny) or NEUTRAL (nothing allows it) over these policy documents."""
    outcome = NEUTRAL
    for policy in policies:
        statements = policy.get("Statement", [])
        for statement in statements if isinstance(statements, list) else [statements]:
            effect = _statement_applies(statement, check, principal)
            if effect == "Deny":
                return DENY
            if effect == "Allow":
                outcome = ALLOW
    return outcome


def _statement_applies(statement: dict[str, Any], check: Check, principal: str | None) -> str | None:
    if not _matches_either(statement, "Action", "NotAction", check.action, case_insensitive=True):
        return None
    if ("Resource" in statement or "NotResource" in statement) and not _matches_either(
        statement, "Resource", "NotResource", check.resource
    ):
        return None
    if principal is not None and not principal_matches(statement.get("Principal"), principal):
        return None
    if not conditions_hold(statement.get("Condition", {}), check.context):
        return None
    return str(statement["Effect"])


def _matches_either(
    statement: dict[str, Any], key: str, not_key: str, value: str, case_insensitive: bool = False
) -> bool:
    if key in statement:
        return _any_match(statement[key], value, case_insensitive)
    return not _any_match(statement.get(not_key, []), value, case_insensitive)


def _any_match(patterns: Any, value: str, case_insensitive: bool = False) -> bool:
    for pattern in patterns if isinstance(patterns, list) else [patterns]:
        pattern, candidate = (pattern.lower(), value.lower()) if case_insensitive else (pattern, value)
        if pattern == "*" or fnmatch.fnmatchcase(candidate, pattern.replace("[", "[[]")):
            return True
    return False


def principal_matches(principal: Any, caller: str) -> bool:
    """A resource policy's Principal against the caller (a role session counts as its role)."""
    if principal is None:
        return False
    if principal == "*":
        return True
    role = role_of(caller)
    account = role.split(":")[4]
    named = principal.get("AWS", []) if isinstance(principal, dict) else []
    for entry in named if isinstance(named, list) else [named]:
        if entry in ("*", role, caller, account, f"arn:aws:iam::{account}:root"):
            return True
    return False


def role_of(caller: str) -> str:
    """`arn:aws:sts::1:assumed-role/Name/session` is the role `arn:aws:iam::1:role/Name`."""
    if ":assumed-role/" in caller:
        account = caller.split(":")[4]
        return f"arn:aws:iam::{account}:role/{caller.split('/')[1]}"
    return caller


def is_account_root(principal: Any, account: str) -> bool:
    named = principal.get("AWS", []) if isinstance(principal, dict) else []
    return any(entry in (account, f"arn:aws:iam::{account}:root") for entry in _listed(named))


def _listed(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


CONDITION_OPERATORS = {
    "StringEquals": lambda actual, expected: actual == expected,
    "StringNotEquals": lambda actual, expected: actual != expected,
    "StringLike": lambda actual, expected: fnmatch.fnmatchcase(actual, expected),
    "StringNotLike": lambda actual, expected: not fnmatch.fnmatchcase(actual, expected),
    "ArnEquals": lambda actual, expected: actual == expected,
    "ArnLike": lambda actual, expected: fnmatch.fnmatchcase(actual, expected),
    "ArnNotEquals": lambda actual, expected: actual != expected,
    "ArnNotLike": lambda actual, expected: not fnmatch.fnmatchcase(actual, expected),
    "Bool": lambda actual, expected: str(actual).lower() == str(expected).lower(),
}
NEGATED = {"StringNotEquals", "StringNotLike", "ArnNotEquals", "ArnNotLike"}


def conditions_hold(conditions: dict[str, dict[str, Any]], context: dict[str, Any]) -> bool:
    """Every condition block holds (AND); within a key, any listed value matches (OR)."""
    for operator, keys in conditions.items():
        for key, expected in keys.items():
            if not _condition_holds(operator, key, _listed(expected), context):
                return False
    return True


def _condition_holds(operator: str, key: str, expected: list[Any], context: dict[str, Any]) -> bool:
    qualifier, _, name = operator.rpartition(":")
    if_exists = name.endswith("IfExists")
    name = name.removesuffix("IfExists")
    if name == "Null":
        return (key not in context) == (str(expected[0]).lower() == "true")
    if name not in CONDITION_OPERATORS:
        raise NotImplementedError(f"the local IAM does not evaluate the condition operator {operator}")
    test = CONDITION_OPERATORS[name]
    if key not in context:
        return if_exists or name in NEGATED
    actual = _listed(context[key])
    if qualifier == "ForAllValues":
        return all(any(test(str(a), str(e)) for e in expected) for a in actual)
    if name in NEGATED:
        return all(all(test(str(a), str(e)) for e in expected) for a in actual)
    return any(test(str(a), str(e)) for a in actual for e in expected)


# --- what a request asks for ----------------------------------------------------------------------


@dataclass(frozen=True)
class Request:
    service: str
    operation: str
    path: str
    body: bytes
    data: dict[str, Any]
    region: str
    account: str

    @property
    def json(self) -> dict[str, Any]:
        try:
            parsed = json.loads(self.body or b"{}")
        except ValueError:
            return {}
        return parsed if isinstance(parsed, dict) else {}

    def arn(self, service: str, resource: str) -> str:
        return f"arn:aws:{service}:{self.region}:{self.account}:{resource}"


def checks_for(request: Request, moto_resource: str) -> list[Check]:
    """What AWS authorizes for this request (moto's own resource where moto knows it)."""
    service = request.service
    action = f"{service}:{request.operation}"
    if service == "dynamodb":
        return _dynamodb(request)
    if service == "kms":
        return [_kms(request)]
    if service == "secretsmanager":
        return [Check(action, _secret_arn(request))]
    if service == "lambda":
        return [_lambda(request)]
    if service == "sqs" and request.operation.endswith("Batch"):  # IAM knows no batch actions
        return [Check(f"sqs:{request.operation.removesuffix('Batch')}", moto_resource)]
    if service == "ses":
        from sellerlink_local.stack.ses_access import ses_checks

        return ses_checks(request, moto_resource)
    if service == "s3" and request.operation == "ListBucket":
        return [Check(action, moto_resource, _s3_prefix(request))]
    if service == "states":
        body = request.json
        target = body.get("executionArn") or body.get("stateMachineArn") or "*"
        return [Check(action, target)]
    return [Check(action, moto_resource)]


def _s3_prefix(request: Request) -> dict[str, Any]:
    """A listing's `s3:prefix` condition key (absent when the request names no prefix)."""
    prefix = (request.data or {}).get("prefix")
    prefix = prefix[0] if isinstance(prefix, list) and prefix else prefix
    return {"s3:prefix": prefix} if isinstance(prefix, str) else {}


def _dynamodb(request: Request) -> list[Check]:
    body, operation = request.json, request.operation

    def table(name: str, index: str | None = None) -> str:
        arn = name if name.startswith("arn:") else request.arn("dynamodb", f"table/{name}")
        return f"{arn}/index/{index}" if index else arn

    if operation in ("BatchGetItem", "BatchWriteItem"):
        return [Check(f"dynamodb:{operation}", table(name)) for name in body.get("RequestItems", {})]
    if operation in ("TransactWriteItems", "TransactGetItems"):
        found = []
        for item in body.get("TransactItems", []):
            ((kind, spec),) = item.items()
            found.append(Check(f"dynamodb:{TRANSACT_ACTIONS.get(kind, 'GetItem')}", table(spec["TableName"])))
        return found
    if "TableName" not in body:
        return [Check(f"dynamodb:{operation}", "*")]
    return [Check(f"dynamodb:{operation}", table(body["TableName"], body.get("IndexName")))]


def _kms(request: Request) -> Check:
    from moto.kms.models import kms_backends
    from moto.kms.utils import _deserialize_ciphertext_blob

    body = request.json
    key_id = body.get("KeyId")
    if not key_id and body.get("CiphertextBlob"):
        key_id = _deserialize_ciphertext_blob(base64.b64decode(body["CiphertextBlob"])).key_id
    resource = "*"
    if key_id:
        backend = kms_backends[request.account][request.region]
        try:
            resource = backend.describe_key(backend.get_key_id(key_id)).arn
        except Exception:  # an unknown key: KMS answers NotFound after authorization
            resource = request.arn("kms", f"key/{key_id}")
    context: dict[str, Any] = {
        f"kms:EncryptionContext:{key}": value for key, value in (body.get("EncryptionContext") or {}).items()
    }
    if body.get("EncryptionContext"):
        context["kms:EncryptionContextKeys"] = sorted(body["EncryptionContext"])
    context["kms:CallerAccount"] = request.account
    return Check(f"kms:{request.operation}", resource, context)


def key_policy_of(request: Request, key_arn: str) -> dict[str, Any] | None:
    from moto.kms.models import kms_backends

    backend = kms_backends[request.account][request.region]
    try:
        return dict(json.loads(backend.describe_key(key_arn.rsplit("/", 1)[-1]).policy))
    except Exception:
        return None


def _secret_arn(request: Request) -> str:
    from moto.secretsmanager.models import secretsmanager_backends

    secret_id = request.json.get("SecretId")
    if not secret_id:
        return "*"
    backend = secretsmanager_backends[request.account][request.region]
    try:
        return str(backend.describe_secret(secret_id).arn)
    except Exception:
        return request.arn("secretsmanager", f"secret:{secret_id}")


def _lambda(request: Request) -> Check:
    parts = [unquote(p) for p in request.path.split("?")[0].strip("/").split("/")]
    name = parts[2] if len(parts) > 2 and parts[1] == "functions" else None
    operation = "InvokeFunction" if request.operation in ("Invoke", "InvokeAsync") else request.operation
    if name is None:
        return Check(f"lambda:{operation}", "*")
    arn = name if name.startswith("arn:") else request.arn("lambda", f"function:{name}")
    return Check(f"lambda:{operation}", arn)


# --- the patch ------------------------------------------------------------------------------------


def authorize(request: Request, caller: str, policies: list[dict[str, Any]], moto_resource: str) -> None:
    """Raises RequestRefused unless every check the request needs is allowed. Identical checks (a
    transaction's hundred puts into one table) are decided once: their answer is the same."""
    decided: set[tuple[str, str, str]] = set()
    for check in checks_for(request, moto_resource):
        once = (check.action, check.resource, repr(sorted(check.context.items())))
        if once in decided:
            continue
        decided.add(once)
        identity = decide(policies, check)
        if identity == DENY:
            raise RequestRefused(caller, check, "with an explicit deny in an identity-based policy")
        if check.action.startswith("kms:") and check.resource != "*":
            _authorize_key(request, caller, check, identity)
        elif identity != ALLOW:
            raise RequestRefused(
                caller, check, f"because no identity-based policy allows the {check.action} action"
            )


def _authorize_key(request: Request, caller: str, check: Check, identity: str) -> None:
    policy = key_policy_of(request, check.resource) or {}
    statements = policy.get("Statement", [])
    if decide([policy], check, caller) == DENY:
        raise RequestRefused(caller, check, "with an explicit deny in the key policy")
    direct = [s for s in statements if not is_account_root(s.get("Principal"), request.account)]
    if decide([{"Statement": direct}], check, caller) == ALLOW:
        return
    delegating = [s for s in statements if is_account_root(s.get("Principal"), request.account)]
    if decide([{"Statement": delegating}], check, caller) == ALLOW and identity == ALLOW:
        return
    raise RequestRefused(caller, check, "because the key policy does not allow it for this principal")


def _documents(policies: list[Any]) -> list[dict[str, Any]]:
    """moto hands inline policies as JSON text and attached ones as Policy objects (or dicts)."""
    from moto.iam.models import Policy

    found = []
    for policy in policies:
        if isinstance(policy, Policy):
            document: Any = next(v.document for v in policy.versions if v.is_default)
        elif isinstance(policy, str):
            document = policy
        else:
            document = policy["policy_document"]
        found.append(json.loads(document) if isinstance(document, str) else dict(document))
    return found


@cache
def install() -> None:
    """Route moto's authorization (when IAM is enforced) through `authorize`."""
    from moto.iam.access_control import IAMRequestBase

    def check_action_permitted(self: Any, resource: str) -> None:
        if self._action == "sts:GetCallerIdentity":
            return
        request = Request(
            service=self._service,
            operation=self._action.split(":", 1)[1],
            path=self._path,
            body=self._body if isinstance(self._body, bytes) else (self._body or "").encode(),
            data=self._data,
            region=self._region,
            account=self.account_id,
        )
        json_protocol = (
            "json" in str(self._headers.get("Content-Type", "")) or "X-Amz-Target" in self._headers
        )
        try:
            authorize(
                request, self._access_key.arn, _documents(self._access_key.collect_policies()), resource
            )
            if self._is_assuming_role_operation(resource) and not self._check_role_trust_relationship(
                resource
            ):
                raise RequestRefused(
                    self._access_key.arn, Check(self._action, resource), "(the role does not trust it)"
                )
        except RequestRefused as refused:
            raise refusal(refused.principal, refused.check, refused.why, json_protocol) from None
        AUTHORIZED[(role_of(self._access_key.arn).rsplit("/", 1)[-1], self._action)] += 1

    IAMRequestBase.check_action_permitted = check_action_permitted  # type: ignore[method-assign]
