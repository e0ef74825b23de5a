"""Pre-signed S3 URLs with IAM enforced, as S3 decides them.

moto's server reads the caller from the `Authorization` header only: a pre-signed URL (SigV4
query string: `X-Amz-Credential`, `X-Amz-Signature` ...) has none, and moto fails on it. S3
checks such a request in three steps, and so does this module: the URL has not expired
(`X-Amz-Date` + `X-Amz-Expires`, at most 7 days), its signature is the one the signer's secret
gives for this method, path, query and host (SigV4 with `UNSIGNED-PAYLOAD`), and the signer's
policies allow the action on the object now (a URL signed by a role that may not read the
object is refused when it is used, not when it is made).
"""

from __future__ import annotations

import hashlib
import hmac
from datetime import UTC, datetime, timedelta
from functools import cache
from typing import Any
from urllib.parse import parse_qsl, quote, urlparse

from sellerlink_local.stack import iam

ALGORITHM = "AWS4-HMAC-SHA256"
MAX_EXPIRES = 7 * 24 * 3600


class PresignRefused(Exception):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code, self.message = code, message


def query_of(uri: str) -> dict[str, str]:
    return dict(parse_qsl(urlparse(uri).query, keep_blank_values=True))


def is_presigned(headers: Any, uri: str) -> bool:
    return "Authorization" not in headers and "X-Amz-Signature" in query_of(uri)


def check_expiry(query: dict[str, str], now: datetime) -> None:
    signed_at = datetime.strptime(query["X-Amz-Date"], "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
    expires = int(query.get("X-Amz-Expires", "0"))
    if not 0 < expires <= MAX_EXPIRES:
        raise PresignRefused(
            "AuthorizationQueryParametersError", "X-Amz-Expires must be 1 to 604800 seconds."
        )
    if now > signed_at + timedelta(seconds=expires):
        raise PresignRefused("AccessDenied", "Request has expired")


def signature(method: str, path: str, query: dict[str, str], headers: Any, secret: str) -> str:
    """SigV4 of a query-string-signed request (S3: the path as sent, an unsigned payload)."""
    signed = query["X-Amz-SignedHeaders"].split(";")
    canonical_query = "&".join(
        f"{_encode(k)}={_encode(v)}" for k, v in sorted(query.items()) if k != "X-Amz-Signature"
    )
    canonical_headers = "".join(f"{name}:{str(headers.get(name, '')).strip()}\n" for name in signed)
    request = "\n".join(
        [method, path, canonical_query, canonical_headers, ";".join(signed), "UNSIGNED-PAYLOAD"]
    )
    scope = query["X-Amz-Credential"].split("/", 1)[1]
    to_sign = "\n".join([ALGORITHM, query["X-Amz-Date"], scope, hashlib.sha256(request.encode()).hexdigest()])
    day, region, service, terminal = scope.split("/")
    key = ("AWS4" + secret).encode()
    for part in (day, region, service, terminal):
        key = hmac.new(key, part.encode(), hashlib.sha256).digest()
    return hmac.new(key, to_sign.encode(), hashlib.sha256).hexdigest()


def _encode(value: str) -> str:
    return quote(value, safe="-_.~")


def authorize_presigned(response: Any, resource: str) -> None:
    """Raises the S3 error a pre-signed request gets, or returns when S3 would serve it."""
    from moto.iam.access_control import CreateAccessKeyFailure, create_access_key

    query = query_of(response.uri)
    if query.get("X-Amz-Algorithm") != ALGORITHM:
        raise PresignRefused("AuthorizationQueryParametersError", "Only AWS4-HMAC-SHA256 is supported.")
    check_expiry(query, datetime.now(UTC))
    key_id = query["X-Amz-Credential"].split("/", 1)[0]
    token = query.get("X-Amz-Security-Token")
    try:
        signer = create_access_key(
            response.current_account, "aws", key_id, {"X-Amz-Security-Token": token} if token else {}
        )
    except CreateAccessKeyFailure:
        raise PresignRefused(
            "InvalidAccessKeyId", "The AWS access key Id you provided does not exist."
        ) from None
    secret = signer.create_credentials().secret_key
    path = urlparse(response.uri).path
    expected = signature(response.method, path, query, _lower(response.headers), secret)
    if not hmac.compare_digest(expected, query["X-Amz-Signature"]):
        raise PresignRefused("SignatureDoesNotMatch", "The request signature we calculated does not match.")
    action = response._get_action()
    request = iam.Request(
        "s3", action, path, b"", {}, query["X-Amz-Credential"].split("/")[2], response.current_account
    )
    try:
        iam.authorize(request, signer.arn, iam._documents(signer.collect_policies()), resource)
    except iam.RequestRefused as refused:
        raise PresignRefused("AccessDenied", f"Access Denied ({refused.why})") from None
    iam.AUTHORIZED[(iam.role_of(signer.arn).rsplit("/", 1)[-1], f"s3:{action}")] += 1


def _lower(headers: Any) -> dict[str, str]:
    return {str(name).lower(): str(value) for name, value in headers.items()}


@cache
def install() -> None:
    """Route moto's S3 authorization of pre-signed requests (when IAM is enforced) through here."""
    from moto import settings
    from moto.core.authorization import ActionAuthenticatorMixin
    from moto.s3.exceptions import S3ClientError

    original = ActionAuthenticatorMixin._authenticate_and_authorize_action

    def authenticate(self: Any, iam_request_cls: type, resource: str = "*") -> None:
        enforced = ActionAuthenticatorMixin.request_count >= settings.INITIAL_NO_AUTH_ACTION_COUNT
        if not (enforced and is_presigned(self.headers, self.uri)):
            return original(self, iam_request_cls, resource)
        try:
            authorize_presigned(self, resource)
        except PresignRefused as refused:
            raise S3ClientError(refused.code, refused.message) from None
        return None

    ActionAuthenticatorMixin._authenticate_and_authorize_action = authenticate  # type: ignore[method-assign]
