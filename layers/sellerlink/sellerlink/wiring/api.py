"""ApiFunction (functions/api): accounts, keys, programs, onboarding, partners, terms, pulls,
reports, the partners' marketplace and earnings, e-mail settings and the pages of e-mailed links.

AWS calls:
- DynamoDB, the table: GetItem (the caller's API key first), BatchGetItem (products, links,
  programs, partner policies, a partner's earned totals), PutItem (some conditional), UpdateItem,
  DeleteItem (an Amazon connection, when disconnected; a one-time link once used), Query (the
  table; GSI1: a partner's memberships, earnings and facts; GSI2: listed programs), and
  TransactWriteItems (new accounts, programs and partners: Put and Update items; a brand's ledger
  adjustment: Put of the entry, Update of the account's PPV and the partner's earnings).
- Secrets Manager: GetSecretValue on the operator key secret (OPERATOR_KEY_SECRET_ARN), at most
  every 5 minutes, to know the operator's key.
- KMS, the token key: Decrypt (opening a refresh token to choose the Ads profile).
- Secrets Manager: GetSecretValue on the Amazon app secret (AMAZON_APP_SECRET_ARN) and on the
  OAuth state secret (OAUTH_STATE_SECRET_ARN), for the onboarding routes.
- SQS, the postbacks queue: SendMessage (as SendMessageBatch): `partner.invited`, `partner.applied`,
  `partner.approved`, `partner.declined`, `connection.needs_reauth`, `action.adjusted` (a brand's adjustment).
- Lambda: InvokeFunction (asynchronous) on the catalog import function (CATALOG_IMPORT_FUNCTION).
- Step Functions: StartExecution on the attribution pull state machine
  (ATTRIBUTION_PULL_STATE_MACHINE_ARN): on-demand pulls, and the history backfill once a chosen Ads
  profile measures the program; DescribeExecution on its executions.
"""

from __future__ import annotations

from functools import cache

from aws_lambda_powertools.utilities import parameters
from pydantic import Field

from sellerlink.accounts.authentication import Authenticator, operator_digest_of
from sellerlink.accounts.dal import AccountStore
from sellerlink.api.dependencies import ApiDependencies
from sellerlink.attribution.dal import FactStore
from sellerlink.catalog.dal import ProductStore
from sellerlink.catalog.importer import CatalogImportStarter
from sellerlink.clock import Clock
from sellerlink.earnings.balances import BalanceStores
from sellerlink.earnings.report import EarningsStores
from sellerlink.email.links import LinkTokens
from sellerlink.ledger.adjustments import BrandAdjustments
from sellerlink.ledger.dal import LedgerStore
from sellerlink.ledger.earnings import EarningsStore
from sellerlink.links.dal import LinkStore
from sellerlink.marketplace.members import MemberStores
from sellerlink.notifications.dal import NotificationStore
from sellerlink.onboarding.context import OnboardingContext
from sellerlink.partners.dal import PartnerStore
from sellerlink.partners.invitations import InvitationDesk
from sellerlink.payouts.balances import PaidBalances
from sellerlink.payouts.dal import PayoutStore
from sellerlink.programs.dal import ProgramStore
from sellerlink.pulls.starter import OnDemandPulls
from sellerlink.reports.logic import ReportStores
from sellerlink.settings import (
    AmazonSettings,
    CatalogImportSettings,
    ClockSettings,
    ConsentSettings,
    FunctionSettings,
    OAuthSettings,
    OperatorKeySettings,
    PullWindowSettings,
    PullWorkflowSettings,
    QueueSettings,
    SignupSettings,
    TableSettings,
    TokenKeySettings,
)
from sellerlink.table import Table
from sellerlink.terms.dal import TermsStore
from sellerlink.webhooks.publisher import EventPublisher
from sellerlink.wiring import adapters


class Settings(FunctionSettings):
    table: TableSettings = Field(default_factory=TableSettings)
    clock: ClockSettings = Field(default_factory=ClockSettings)
    signup: SignupSettings = Field(default_factory=SignupSettings)
    queue: QueueSettings = Field(default_factory=QueueSettings)
    catalog_import: CatalogImportSettings = Field(default_factory=CatalogImportSettings)
    pull_workflow: PullWorkflowSettings = Field(default_factory=PullWorkflowSettings)
    pull_window: PullWindowSettings = Field(default_factory=PullWindowSettings)
    amazon: AmazonSettings = Field(default_factory=AmazonSettings)
    token_key: TokenKeySettings = Field(default_factory=TokenKeySettings)
    oauth: OAuthSettings = Field(default_factory=OAuthSettings)
    consent: ConsentSettings = Field(default_factory=ConsentSettings)
    operator_key: OperatorKeySettings = Field(default_factory=OperatorKeySettings)


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


def operator_digest() -> str | None:
    """The operator key lives in Secrets Manager (the local stack fills it from SELLERLINK_OPERATOR_KEY);
    read again after 5 minutes, so a rotated key takes over without a new container."""
    arn = settings().operator_key.operator_key_secret_arn
    return operator_digest_of(str(parameters.get_secret(arn, max_age=adapters.SECRET_MAX_AGE)))


@cache
def dependencies() -> ApiDependencies:
    t, programs, partners, earned = (
        table(),
        ProgramStore(table()),
        PartnerStore(table()),
        EarningsStore(table()),
    )
    reports = ReportStores(programs, partners, LedgerStore(t), FactStore(t), LinkStore(t), clock())
    return ApiDependencies(
        authenticate=Authenticator(AccountStore(t), operator_digest),
        clock=clock(),
        accounts=AccountStore(t),
        programs=programs,
        partners=partners,
        terms=TermsStore(t),
        products=ProductStore(t),
        reports=reports,
        adjustments=BrandAdjustments(programs, PartnerStore(t), LedgerStore(t), clock()),
        members=MemberStores(programs, partners, TermsStore(t), ProductStore(t), clock()),
        balances=BalanceStores(programs, partners, earned, PaidBalances(PayoutStore(t)), clock()),
        earnings=EarningsStores(programs, earned, FactStore(t), LinkStore(t), clock()),
        notifications=NotificationStore(t),
        links=LinkTokens(t, clock()),
        invitations=InvitationDesk(LinkTokens(t, clock()), partners, programs, clock()),
        allow_signup=settings().signup.allow_signup,
        sp_api_draft_app=settings().consent.sp_api_draft_app,
        membership_events=events,
        ledger_events=events,
        catalog_imports=catalog_imports,
        pulls=pulls,
        onboarding=onboarding,
    )
