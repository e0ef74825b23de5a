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


class AmazonSettings(TableSettings):
    """What every function that talks to Amazon on a brand's behalf needs."""

    token_key_id: str = Field(validation_alias="TOKEN_KEY_ID", description="KMS key for refresh tokens.")
    amazon_app_secret_arn: str = Field(validation_alias="AMAZON_APP_SECRET_ARN")
    oauth_state_secret_arn: str = Field(validation_alias="OAUTH_STATE_SECRET_ARN")
    public_api_url: str = Field(
        default="", validation_alias="PUBLIC_API_URL", description="Where Amazon redirects back to."
    )
    catalog_import_function: str = Field(validation_alias="CATALOG_IMPORT_FUNCTION")
    sp_api_draft_app: bool = Field(
        default=True,
        validation_alias="SP_API_DRAFT_APP",
        description="Add version=beta to SP-API consent URLs.",
    )
    sandbox_url: str | None = Field(
        default=None, validation_alias="SELLERLINK_SANDBOX_URL", description="Local mode: every Amazon host."
    )


class ApiSettings(AmazonSettings):
    allow_signup: bool = Field(default=False, validation_alias="ALLOW_SIGNUP")
    attribution_pull_arn: str | None = Field(
        default=None,
        validation_alias="ATTRIBUTION_PULL_STATE_MACHINE_ARN",
        description="The attribution pull state machine that POST /v1/programs/{id}/pulls starts.",
    )
    pull_window_days: int = Field(default=30, validation_alias="PULL_WINDOW_DAYS")


class PullSettings(AmazonSettings):
    """The attribution pull's steps."""

    pull_window_days: int = Field(
        default=30, validation_alias="PULL_WINDOW_DAYS", description="Days a daily pull reads back."
    )
    pull_pages_per_step: int = Field(
        default=10,
        validation_alias="PULL_PAGES_PER_STEP",
        description="Report pages one fetch step reads before handing back to the workflow.",
    )
    pull_page_size: int = Field(default=5000, validation_alias="PULL_PAGE_SIZE", ge=1, le=5000)


class AuthorizerSettings(TableSettings):
    operator_key_secret_arn: str = Field(
        validation_alias="OPERATOR_KEY_SECRET_ARN",
        description="The Secrets Manager secret holding the platform operator's API key.",
    )


class EventSettings(BaseSettings):
    """What any function that publishes webhook events needs: the postbacks queue."""

    model_config = SettingsConfigDict(extra="ignore", frozen=True)

    webhook_queue_url: str | None = Field(
        default=None, validation_alias="WEBHOOK_QUEUE_URL", description="Events and deliveries go here."
    )


class WebhookSettings(ApiSettings):
    """The webhook routes and the postbacks consumer (functions/webhooks, functions/postbacks)."""

    webhook_queue_url: str = Field(validation_alias="WEBHOOK_QUEUE_URL")
    webhook_retry_base_seconds: float = Field(
        default=30, validation_alias="WEBHOOK_RETRY_BASE_SECONDS", description="First retry delay (doubles)."
    )
    webhook_retry_cap_seconds: float = Field(
        default=4 * 60 * 60, validation_alias="WEBHOOK_RETRY_CAP_SECONDS", description="Longest retry delay."
    )
    webhook_max_attempts: int = Field(
        default=15,
        validation_alias="WEBHOOK_MAX_ATTEMPTS",
        description="Attempts before the DLQ; equal to the queue's maxReceiveCount.",
    )
    webhook_disable_after: int = Field(
        default=20,
        validation_alias="WEBHOOK_DISABLE_AFTER",
        description="Failures in a row that disable an endpoint.",
    )
