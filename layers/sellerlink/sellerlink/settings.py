"""Configuration: one pydantic settings model per function, read once in its handler.

Values come from the environment that template.yaml gives each function (the local stack
resolves the same template). Logic never reads os.environ; it receives these models.
"""

from __future__ import annotations

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class TableSettings(BaseSettings):
    model_config = SettingsConfigDict(extra="ignore", frozen=True)

    table_name: str = Field(validation_alias="TABLE_NAME")
    local_mode: bool = Field(default=False, validation_alias="SELLERLINK_LOCAL")
    clock_url: str | None = Field(
        default=None,
        validation_alias="SELLERLINK_CLOCK_URL",
        description="Local mode only: read 'now' from the Amazon sandbox clock.",
    )


class ApiSettings(TableSettings):
    allow_signup: bool = Field(default=False, validation_alias="ALLOW_SIGNUP")


class AuthorizerSettings(TableSettings):
    operator_key_secret_arn: str = Field(
        validation_alias="OPERATOR_KEY_SECRET_ARN",
        description="The Secrets Manager secret holding the platform operator's API key.",
    )
