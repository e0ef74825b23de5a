"""DashboardFunction (functions/dashboard): the web dashboard's pages, over the same logic as the API.

AWS calls:
- DynamoDB, the table: GetItem (the session and what opened it, first), BatchGetItem (products,
  links), PutItem (some conditional: sessions, sign-in addresses and links, new links), UpdateItem,
  DeleteItem (a session at sign-out, a used sign-in link, an address, an Amazon connection),
  Query (the table, GSI1, GSI2), BatchWriteItem (bulk links, replayed deliveries),
  TransactWriteItems (new programs).
- KMS, the token key: Decrypt (opening a refresh token to choose the Ads profile),
  GenerateDataKey (sealing a new webhook signing secret).
- Secrets Manager: GetSecretValue on the Amazon app secret (AMAZON_APP_SECRET_ARN) and on the OAuth
  state secret (OAUTH_STATE_SECRET_ARN), for the Amazon connect buttons.
- SQS, the postbacks queue: SendMessage (as SendMessageBatch): `partner.applied`,
  `partner.approved`, `link.created`, `webhook.test`, replayed deliveries.
- Lambda: InvokeFunction (asynchronous) on the catalog import function (CATALOG_IMPORT_FUNCTION).
- Step Functions: StartExecution on the attribution pull state machine
  (ATTRIBUTION_PULL_STATE_MACHINE_ARN), DescribeExecution on its executions.
"""

from __future__ import annotations

from functools import cache

from pydantic import Field

from sellerlink.accounts.dal import AccountStore
from sellerlink.attribution.dal import FactStore
from sellerlink.catalog.dal import ProductStore
from sellerlink.catalog.importer import CatalogImportStarter
from sellerlink.clock import Clock
from sellerlink.dashboard.context import DashboardDependencies
from sellerlink.dashboard.dal import PersonStore, SessionStore, SignInLinkStore
from sellerlink.dashboard.mail import FolderOutbox, Mailer, NoMailer
from sellerlink.dashboard.sessions import Sessions
from sellerlink.dashboard.signin import SignIn
from sellerlink.ledger.dal import LedgerStore
from sellerlink.links.dal import LinkStore
from sellerlink.links.logic import LinkStores
from sellerlink.onboarding.context import OnboardingContext
from sellerlink.partners.dal import PartnerStore
from sellerlink.programs.dal import ProgramStore
from sellerlink.pulls.starter import OnDemandPulls
from sellerlink.reports.logic import ReportStores
from sellerlink.settings import (
    AmazonSettings,
    CatalogImportSettings,
    ClockSettings,
    ConsentSettings,
    FunctionSettings,
    LocalModeSettings,
    OAuthSettings,
    OutboxSettings,
    PullWindowSettings,
    PullWorkflowSettings,
    QueueSettings,
    TableSettings,
    TokenKeySettings,
)
from sellerlink.table import Table
from sellerlink.terms.dal import TermsStore
from sellerlink.webhooks.endpoints import EndpointService
from sellerlink.webhooks.publisher import EventPublisher
from sellerlink.wiring import adapters


class Settings(FunctionSettings):
    table: TableSettings = Field(default_factory=TableSettings)
    clock: ClockSettings = Field(default_factory=ClockSettings)
    local: LocalModeSettings = Field(default_factory=LocalModeSettings)
    outbox: OutboxSettings = Field(default_factory=OutboxSettings)
    queue: QueueSettings = Field(default_factory=QueueSettings)
    catalog_import: CatalogImportSettings = Field(default_factory=CatalogImportSettings)
    pull_workflow: PullWorkflowSettings = Field(default_factory=PullWorkflowSettings)
    pull_window: PullWindowSettings = Field(default_factory=PullWindowSettings)
    amazon: AmazonSettings = Field(default_factory=AmazonSettings)
    token_key: TokenKeySettings = Field(default_factory=TokenKeySettings)
    oauth: OAuthSettings = Field(default_factory=OAuthSettings)
    consent: ConsentSettings = Field(default_factory=ConsentSettings)


settings = cache(Settings)


@cache
def table() -> Table:
    return adapters.table(settings().table)


@cache
def clock() -> Clock:
    return adapters.clock(settings().clock)


@cache
def events() -> EventPublisher:
    return adapters.event_publisher(settings().queue)


@cache
def catalog_imports() -> CatalogImportStarter:
    return adapters.catalog_import_starter(table(), clock(), settings().catalog_import)


@cache
def pulls() -> OnDemandPulls:
    return adapters.on_demand_pulls(table(), clock(), settings().pull_workflow, settings().pull_window)


@cache
def onboarding() -> OnboardingContext:
    s = settings()
    return adapters.amazon_onboarding(
        table(), clock(), s.amazon, s.token_key, s.oauth, catalog_imports(), events()
    )


@cache
def endpoints() -> EndpointService:
    s = settings()
    return adapters.endpoint_service(table(), clock(), s.queue, s.token_key, s.local.local_mode)


def mailer() -> Mailer:
    """Sign-in links: the local outbox in local mode; no sender yet in AWS (SES comes with its issue)."""
    folder = settings().outbox.outbox_dir
    return FolderOutbox(folder) if folder else NoMailer()


@cache
def dependencies() -> DashboardDependencies:
    t, programs, partners, accounts = (
        table(),
        ProgramStore(table()),
        PartnerStore(table()),
        AccountStore(table()),
    )
    people = PersonStore(t)
    sign_in = SignIn(accounts, partners, people, SignInLinkStore(t), mailer(), clock())
    return DashboardDependencies(
        sessions=Sessions(SessionStore(t), clock(), sign_in.still_valid),
        sign_in=sign_in,
        people=people,
        public_url=settings().oauth.public_api_url,
        clock=clock(),
        accounts=accounts,
        programs=programs,
        partners=partners,
        terms=TermsStore(t),
        products=ProductStore(t),
        reports=ReportStores(programs, partners, LedgerStore(t), FactStore(t), LinkStore(t), clock()),
        links=LinkStores(LinkStore(t), partners, programs, ProductStore(t), clock()),
        sp_api_draft_app=settings().consent.sp_api_draft_app,
        membership_events=events,
        link_events=events,
        catalog_imports=catalog_imports,
        pulls=pulls,
        onboarding=onboarding,
        endpoints=endpoints,
    )
