"""AuthorizerFunction (functions/authorizer): an API key in, its account and role out.

AWS calls:
- DynamoDB, the table: GetItem (the key's item).
- Secrets Manager: GetSecretValue on the operator key secret (OPERATOR_KEY_SECRET_ARN), at most
  every 5 minutes.
"""

from __future__ import annotations

from functools import cache

from aws_lambda_powertools.utilities import parameters
from pydantic import Field

from sellerlink.accounts.dal import AccountStore
from sellerlink.authorizer import operator_digest_of
from sellerlink.settings import FunctionSettings, OperatorKeySettings, TableSettings
from sellerlink.wiring import adapters
from sellerlink.wiring.adapters import SECRET_MAX_AGE


class Settings(FunctionSettings):
    table: TableSettings = Field(default_factory=TableSettings)
    operator_key: OperatorKeySettings = Field(default_factory=OperatorKeySettings)


settings = cache(Settings)


@cache
def accounts() -> AccountStore:
    return AccountStore(adapters.table(settings().table))


def operator_digest() -> str | None:
    """The operator key lives in Secrets Manager (the local stack fills it from SELLERLINK_OPERATOR_KEY);
    read again after 5 minutes, so a rotated key takes over without a new container."""
    arn = settings().operator_key.operator_key_secret_arn
    return operator_digest_of(str(parameters.get_secret(arn, max_age=SECRET_MAX_AGE)))
