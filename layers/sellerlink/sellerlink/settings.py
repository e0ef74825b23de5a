"""Configuration in small parts: each part is the few environment variables that one adapter or
one rule reads. A function's settings (`Settings` in its `sellerlink.wiring` module) compose the
parts its code uses, so a function never requires a variable it does not read.

Values come from the environment that template.yaml gives each function (the local stack
resolves the same template). Only `sellerlink.wiring` reads them; logic receives values.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class Part(BaseSettings):
    """Built (by pydantic) when a function first reads it, not at import: each function reads few."""

    model_config = SettingsConfigDict(extra="ignore", frozen=True, defer_build=True)


class FunctionSettings(BaseModel):
    """A function's settings: its fields are parts, each read from the environment when built."""

    model_config = ConfigDict(frozen=True, defer_build=True)


class TableSettings(Part):
    table_name: str = Field(validation_alias="TABLE_NAME")


class ClockSettings(Part):
    clock_url: str | None = Field(
        default=None,
        validation_alias="SELLERLINK_CLOCK_URL",
        description="Local mode only: read 'now' from the Amazon sandbox clock.",
    )


class LocalModeSettings(Part):
    local_mode: bool = Field(
        default=False,
        validation_alias="SELLERLINK_LOCAL",
        description="Local mode: webhooks may go to http and loopback addresses.",
    )


class AmazonSettings(Part):
    """Sellerlink's Amazon app (LWA client, SP-API application) and where Amazon is."""

    amazon_app_secret_arn: str = Field(validation_alias="AMAZON_APP_SECRET_ARN")
    sandbox_url: str | None = Field(
        default=None, validation_alias="SELLERLINK_SANDBOX_URL", description="Local mode: every Amazon host."
    )


class TokenKeySettings(Part):
    token_key_id: str = Field(
        validation_alias="TOKEN_KEY_ID",
        description="KMS key for refresh tokens, signing secrets and payout details.",
    )


class OAuthSettings(Part):
    """The OAuth `state` signing secret, and where Amazon redirects back to."""

    oauth_state_secret_arn: str = Field(validation_alias="OAUTH_STATE_SECRET_ARN")
    public_api_url: str = Field(
        default="", validation_alias="PUBLIC_API_URL", description="Where Amazon redirects back to."
    )


class ConsentSettings(Part):
    sp_api_draft_app: bool = Field(
        default=True,
        validation_alias="SP_API_DRAFT_APP",
        description="Add version=beta to SP-API consent URLs.",
    )


class QueueSettings(Part):
    webhook_queue_url: str = Field(
        validation_alias="WEBHOOK_QUEUE_URL", description="The postbacks queue: events and deliveries."
    )


class PullStagingSettings(Part):
    pull_staging_bucket: str = Field(
        validation_alias="PULL_STAGING_BUCKET",
        description="Where the fetch steps stage report pages (under `staged/`) for the ledger's shards.",
    )


class CatalogImportSettings(Part):
    catalog_import_function: str = Field(
        validation_alias="CATALOG_IMPORT_FUNCTION", description="The background catalog import function."
    )


class PullWorkflowSettings(Part):
    attribution_pull_arn: str | None = Field(
        default=None,
        validation_alias="ATTRIBUTION_PULL_STATE_MACHINE_ARN",
        description="The attribution pull state machine: on-demand pulls and the history backfill.",
    )


class PullWindowSettings(Part):
    pull_window_days: int = Field(
        default=30, validation_alias="PULL_WINDOW_DAYS", description="Days a daily pull reads back."
    )


class ReportPagingSettings(Part):
    pull_pages_per_step: int = Field(
        default=10,
        validation_alias="PULL_PAGES_PER_STEP",
        description="Report pages one fetch step reads before handing back to the workflow.",
    )
    pull_page_size: int = Field(default=5000, validation_alias="PULL_PAGE_SIZE", ge=1, le=5000)


class WebhookRetrySettings(Part):
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


class SignupSettings(Part):
    allow_signup: bool = Field(default=False, validation_alias="ALLOW_SIGNUP")


class OperatorKeySettings(Part):
    operator_key_secret_arn: str = Field(
        validation_alias="OPERATOR_KEY_SECRET_ARN",
        description="The Secrets Manager secret holding the platform operator's API key.",
    )


class EmailSenderSettings(Part):
    """Where e-mails come from."""

    email_sender: str = Field(
        validation_alias="EMAIL_SENDER", description="The SES identity's address every e-mail is sent from."
    )
    email_configuration_set: str = Field(
        validation_alias="EMAIL_CONFIGURATION_SET", description="The SES configuration set of every e-mail."
    )


class EmailSettings(EmailSenderSettings):
    """Where e-mails come from, and where the links in them lead."""

    email_links_base_url: str = Field(
        validation_alias="EMAIL_LINKS_BASE_URL",
        description="The API's public base URL: invitation and unsubscribe links in e-mails start with it.",
    )


class PayoutWorkerSettings(Part):
    payout_worker_function: str = Field(
        validation_alias="PAYOUT_WORKER_FUNCTION",
        description="The function that builds and exports payout runs in the background.",
    )


class PayoutExportsSettings(Part):
    payout_exports_bucket: str = Field(
        validation_alias="PAYOUT_EXPORTS_BUCKET",
        description="Where exported payout files are kept (30 days).",
    )
