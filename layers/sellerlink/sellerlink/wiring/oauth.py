"""OAuthFunction (functions/oauth): Amazon's redirects after consent. It exchanges the code for a
grant, seals the refresh token, takes the next onboarding step with the grant's own access token
(it never refreshes one, so it never opens a sealed token and never announces `needs_reauth`),
and starts the catalog import once Seller or Vendor Central is connected.

AWS calls:
- DynamoDB, the table: GetItem, PutItem (the connection, the import job, the backfill's pull),
  UpdateItem (the program's checklist, the pull's execution), DeleteItem (redeeming the OAuth
  state, with ReturnValues).
- KMS, the token key: GenerateDataKey (sealing the refresh token).
- Secrets Manager: GetSecretValue on the Amazon app secret (AMAZON_APP_SECRET_ARN) and on the
  OAuth state secret (OAUTH_STATE_SECRET_ARN).
- Lambda: InvokeFunction (asynchronous) on the catalog import function (CATALOG_IMPORT_FUNCTION).
- Step Functions: StartExecution on the attribution pull state machine
  (ATTRIBUTION_PULL_STATE_MACHINE_ARN): the history backfill after the first Amazon Ads connection.
"""

from __future__ import annotations

from functools import cache

from pydantic import Field

from sellerlink.api.dependencies import OAuthDependencies
from sellerlink.connections.dal import ConnectionStore
from sellerlink.connections.tokens import TokenService
from sellerlink.onboarding.context import OnboardingContext
from sellerlink.settings import (
    AmazonSettings,
    CatalogImportSettings,
    ClockSettings,
    FunctionSettings,
    OAuthSettings,
    PullWorkflowSettings,
    TableSettings,
    TokenKeySettings,
)
from sellerlink.wiring import adapters


class Settings(FunctionSettings):
    table: TableSettings = Field(default_factory=TableSettings)
    clock: ClockSettings = Field(default_factory=ClockSettings)
    amazon: AmazonSettings = Field(default_factory=AmazonSettings)
    token_key: TokenKeySettings = Field(default_factory=TokenKeySettings)
    oauth: OAuthSettings = Field(default_factory=OAuthSettings)
    catalog_import: CatalogImportSettings = Field(default_factory=CatalogImportSettings)
    pull_workflow: PullWorkflowSettings = Field(default_factory=PullWorkflowSettings)


settings = cache(Settings)


@cache
def onboarding() -> OnboardingContext:
    table, clock = adapters.table(settings().table), adapters.clock(settings().clock)
    amazon = adapters.amazon_clients(settings().amazon)
    tokens = TokenService(
        ConnectionStore(table), adapters.token_cipher(settings().token_key), amazon.lwa, clock
    )
    catalog = adapters.catalog_import_starter(table, clock, settings().catalog_import)
    backfill = adapters.backfill_starter(table, clock, settings().pull_workflow)
    return adapters.onboarding(table, clock, amazon, tokens, settings().oauth, catalog, backfill)


@cache
def dependencies() -> OAuthDependencies:
    return OAuthDependencies(onboarding=onboarding)
