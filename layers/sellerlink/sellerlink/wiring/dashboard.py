"""DashboardFunction (functions/dashboard): the web dashboard's pages, over the same logic as the API.

AWS calls:
- DynamoDB, the table: GetItem (the session and what opened it, first), BatchGetItem (products,
  links, programs, a partner's earned and paid totals, payout profiles), PutItem (some
  conditional: sessions, sign-in addresses and links, new links, payout profiles, settings and
  runs), UpdateItem, DeleteItem (a session at sign-out, a used sign-in link, an address, an Amazon
  connection), Query (the table; GSI1: a partner's memberships, earnings, facts and payouts; GSI2:
  listed programs, a payout's entries), BatchWriteItem (bulk links, replayed deliveries),
  TransactWriteItems (new programs; payouts moved by results, with paid totals and PPV).
- KMS, the token key: Decrypt (opening a refresh token to choose the Ads profile),
  GenerateDataKey (sealing a new webhook signing secret; sealing a partner's payout details,
  purpose payout-details, which this function never opens).
- Secrets Manager: GetSecretValue on the Amazon app secret (AMAZON_APP_SECRET_ARN) and on the OAuth
  state secret (OAUTH_STATE_SECRET_ARN), for the Amazon connect buttons.
- SQS, the postbacks queue: SendMessage (as SendMessageBatch): `partner.applied`,
  `partner.approved`, `link.created`, `webhook.test`, replayed deliveries, `payout.paid` and
  `payout.failed` when results are recorded.
- SES: SendEmail from the stack's identity (EMAIL_SENDER) through its configuration set
  (EMAIL_CONFIGURATION_SET): one-time sign-in links.
- Lambda: InvokeFunction (asynchronous) on the catalog import function (CATALOG_IMPORT_FUNCTION).
- Lambda: InvokeFunction (asynchronous) on the payout worker (PAYOUT_WORKER_FUNCTION): a month's
  payout run built, an approved run exported.
- S3, the exports bucket (PAYOUT_EXPORTS_BUCKET): GetObject, through the pre-signed URLs it signs
  (no call of its own).
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
from sellerlink.connections.cipher import KmsEnvelopeCipher
from sellerlink.dashboard.context import DashboardDependencies
from sellerlink.dashboard.dal import PersonStore, SessionStore
from sellerlink.dashboard.sessions import Sessions
from sellerlink.dashboard.signin import SignIn
from sellerlink.earnings.balances import BalanceStores
from sellerlink.earnings.report import EarningsStores
from sellerlink.email.links import LinkTokens
from sellerlink.email.sender import EmailSender
from sellerlink.ledger.dal import LedgerStore
from sellerlink.ledger.earnings import EarningsStore
from sellerlink.links.dal import LinkStore
from sellerlink.links.logic import LinkStores
from sellerlink.links.reading import IssueReader
from sellerlink.marketplace.members import MemberStores
from sellerlink.onboarding.context import OnboardingContext
from sellerlink.partners.dal import PartnerStore
from sellerlink.payouts.balances import PaidBalances
from sellerlink.payouts.dal import PayoutStore
from sellerlink.payouts.results import Reconciliation
from sellerlink.payouts.review import RunReview
from sellerlink.payouts.runs import RunRequests
from sellerlink.payouts.storage import S3RunFiles
from sellerlink.programs.dal import ProgramStore
from sellerlink.pulls.starter import OnDemandPulls
from sellerlink.reports.logic import ReportStores
from sellerlink.settings import (
    AmazonSettings,
    CatalogImportSettings,
    ClockSettings,
    ConsentSettings,
    EmailSenderSettings,
    FunctionSettings,
    LocalModeSettings,
    OAuthSettings,
    PayoutExportsSettings,
    PayoutWorkerSettings,
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
    email: EmailSenderSettings = Field(default_factory=EmailSenderSettings)
    queue: QueueSettings = Field(default_factory=QueueSettings)
    catalog_import: CatalogImportSettings = Field(default_factory=CatalogImportSettings)
    pull_workflow: PullWorkflowSettings = Field(default_factory=PullWorkflowSettings)
    pull_window: PullWindowSettings = Field(default_factory=PullWindowSettings)
    amazon: AmazonSettings = Field(default_factory=AmazonSettings)
    token_key: TokenKeySettings = Field(default_factory=TokenKeySettings)
    oauth: OAuthSettings = Field(default_factory=OAuthSettings)
    consent: ConsentSettings = Field(default_factory=ConsentSettings)
    payout_worker: PayoutWorkerSettings = Field(default_factory=PayoutWorkerSettings)
    payout_exports: PayoutExportsSettings = Field(default_factory=PayoutExportsSettings)


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
        table(), clock(), s.amazon, s.token_key, s.oauth, catalog_imports(), events(), s.pull_workflow
    )


@cache
def endpoints() -> EndpointService:
    s = settings()
    return adapters.endpoint_service(table(), clock(), s.queue, s.token_key, s.local.local_mode)


@cache
def email_sender() -> EmailSender:
    """Sign-in links (ses:SendEmail), through the one e-mail path every e-mail takes."""
    return adapters.email_sender(settings().email)


@cache
def payout_review() -> RunReview:
    return adapters.payout_review(table(), clock(), settings().payout_worker)


@cache
def payout_requests() -> RunRequests:
    return adapters.payout_requests(table(), clock(), settings().payout_worker)


@cache
def payout_reconciliation() -> Reconciliation:
    return adapters.payout_reconciliation(table(), clock(), payout_review(), settings().queue)


@cache
def payout_files() -> S3RunFiles:
    return adapters.payout_files(settings().payout_exports, clock())


@cache
def payout_cipher() -> KmsEnvelopeCipher:
    """Seals a partner's payout details (purpose payout-details); this function never opens them."""
    return adapters.token_cipher(settings().token_key)


@cache
def dependencies() -> DashboardDependencies:
    t, programs, partners, accounts = (
        table(),
        ProgramStore(table()),
        PartnerStore(table()),
        AccountStore(table()),
    )
    people = PersonStore(t)
    sign_in = SignIn(accounts, partners, people, LinkTokens(t, clock()), email_sender(), clock())
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
        links=LinkStores(
            LinkStore(t), partners, programs, ProductStore(t), clock(), IssueReader(t, partners)
        ),
        members=MemberStores(programs, partners, TermsStore(t), ProductStore(t), clock()),
        balances=BalanceStores(programs, partners, EarningsStore(t), PaidBalances(PayoutStore(t)), clock()),
        earnings=EarningsStores(programs, EarningsStore(t), FactStore(t), LinkStore(t), clock()),
        payouts=PayoutStore(t),
        payout_review=payout_review,
        payout_requests=payout_requests,
        payout_reconciliation=payout_reconciliation,
        payout_files=payout_files,
        payout_cipher=payout_cipher,
        sp_api_draft_app=settings().consent.sp_api_draft_app,
        membership_events=events,
        link_events=events,
        catalog_imports=catalog_imports,
        pulls=pulls,
        onboarding=onboarding,
        endpoints=endpoints,
    )
