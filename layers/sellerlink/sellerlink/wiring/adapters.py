"""How each adapter is built from its settings part, the same way in every function that uses it.
A function's module calls the builders of what its code uses, and only those; each builder
imports what it builds, so a function's cold start loads only the adapters it uses."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import boto3

from sellerlink.clock import Clock, clock_for
from sellerlink.table import Table

if TYPE_CHECKING:
    from sellerlink.amazon.clients import AmazonClients
    from sellerlink.amazon.transport import RetryPolicy
    from sellerlink.catalog.importer import CatalogImportStarter
    from sellerlink.connections.cipher import KmsEnvelopeCipher
    from sellerlink.connections.reauth import ReauthEvents
    from sellerlink.connections.tokens import TokenService
    from sellerlink.email.sender import SesEmailSender
    from sellerlink.onboarding.context import OnboardingContext
    from sellerlink.payouts.background import AsyncRunTasks
    from sellerlink.payouts.results import Reconciliation
    from sellerlink.payouts.review import RunReview
    from sellerlink.payouts.runs import RunRequests
    from sellerlink.payouts.storage import S3RunFiles
    from sellerlink.programs.models import Program
    from sellerlink.pulls.starter import BackfillStarter, OnDemandPulls
    from sellerlink.settings import (
        AmazonSettings,
        CatalogImportSettings,
        ClockSettings,
        EmailSenderSettings,
        OAuthSettings,
        PayoutExportsSettings,
        PayoutWorkerSettings,
        PullWindowSettings,
        PullWorkflowSettings,
        QueueSettings,
        TableSettings,
        TokenKeySettings,
    )
    from sellerlink.webhooks.endpoints import EndpointService
    from sellerlink.webhooks.publisher import EventPublisher
    from sellerlink.webhooks.queue import SqsEventQueue

SECRET_MAX_AGE = 300  # seconds a secret read from Secrets Manager is kept


def table(settings: TableSettings) -> Table:
    return Table(settings.table_name, boto3.resource("dynamodb"))


def clock(settings: ClockSettings) -> Clock:
    return clock_for(settings.clock_url)


def event_queue(settings: QueueSettings) -> SqsEventQueue:
    from sellerlink.webhooks.queue import SqsEventQueue

    return SqsEventQueue(boto3.client("sqs"), settings.webhook_queue_url)


def event_publisher(settings: QueueSettings) -> EventPublisher:
    from sellerlink.webhooks.publisher import EventPublisher

    return EventPublisher(event_queue(settings))


def token_cipher(settings: TokenKeySettings) -> KmsEnvelopeCipher:
    from sellerlink.connections.cipher import KmsEnvelopeCipher

    return KmsEnvelopeCipher(boto3.client("kms"), settings.token_key_id)


def amazon_clients(settings: AmazonSettings, retries: RetryPolicy | None = None) -> AmazonClients:
    """Reads the Amazon app secret (secretsmanager:GetSecretValue)."""
    from aws_lambda_powertools.utilities import parameters

    from sellerlink.amazon.app import AmazonApp
    from sellerlink.amazon.clients import AmazonClients
    from sellerlink.amazon.transport import Transport
    from sellerlink.marketplaces import hosts_for

    secret = parameters.get_secret(settings.amazon_app_secret_arn, max_age=SECRET_MAX_AGE)
    hosts = hosts_for(settings.sandbox_url)
    return AmazonClients(app=AmazonApp.from_secret(str(secret)), hosts=hosts, transport=Transport(retries))


def token_service(
    table: Table, clock: Clock, amazon: AmazonClients, key: TokenKeySettings, *, events: ReauthEvents
) -> TokenService:
    """Tokens that refresh (kms:Decrypt): a refused refresh marks the program and announces
    `connection.needs_reauth`."""
    from sellerlink.connections.dal import ConnectionStore
    from sellerlink.connections.reauth import mark_needs_reauth
    from sellerlink.connections.tokens import TokenService
    from sellerlink.programs.dal import ProgramStore

    on_reauth = mark_needs_reauth(ProgramStore(table), clock, events)
    return TokenService(ConnectionStore(table), token_cipher(key), amazon.lwa, clock, on_reauth=on_reauth)


def catalog_import_starter(
    table: Table, clock: Clock, settings: CatalogImportSettings
) -> CatalogImportStarter:
    """Hands imports to the catalog import function (lambda:InvokeFunction, asynchronous)."""
    from sellerlink.catalog.background import AsyncImport
    from sellerlink.catalog.import_jobs import ImportJobs
    from sellerlink.catalog.importer import CatalogImportStarter
    from sellerlink.programs.dal import ProgramStore

    hand_off = AsyncImport(settings.catalog_import_function, boto3.client("lambda"))
    return CatalogImportStarter(ImportJobs(table), ProgramStore(table), clock, hand_off)


def backfill_starter(table: Table, clock: Clock, settings: PullWorkflowSettings) -> BackfillStarter:
    """Starts the attribution pull state machine (states:StartExecution) when it is configured."""
    from sellerlink.programs.dal import ProgramStore
    from sellerlink.pulls.dal import PullStore
    from sellerlink.pulls.starter import BackfillStarter, StepFunctionsExecutions

    arn = settings.attribution_pull_arn
    executions = StepFunctionsExecutions(arn, boto3.client("stepfunctions")) if arn else None
    return BackfillStarter(PullStore(table), ProgramStore(table), executions, clock)


def onboarding(
    table: Table,
    clock: Clock,
    amazon: AmazonClients,
    tokens: TokenService,
    settings: OAuthSettings,
    catalog: CatalogImportStarter,
    backfill: Callable[[Program], None],
) -> OnboardingContext:
    """Reads the OAuth state signing secret (secretsmanager:GetSecretValue)."""
    from aws_lambda_powertools.utilities import parameters
    from pydantic import SecretStr

    from sellerlink.connections.dal import ConnectionStore
    from sellerlink.onboarding.context import OnboardingContext
    from sellerlink.onboarding.oauth_state import StateStore
    from sellerlink.programs.dal import ProgramStore

    key = SecretStr(str(parameters.get_secret(settings.oauth_state_secret_arn, max_age=SECRET_MAX_AGE)))
    return OnboardingContext(
        programs=ProgramStore(table),
        connections=ConnectionStore(table),
        states=StateStore(table, key, clock),
        tokens=tokens,
        amazon=amazon,
        clock=clock,
        public_api_url=settings.public_api_url,
        catalog=catalog,
        backfill=backfill,
    )


def email_sender(settings: EmailSenderSettings) -> SesEmailSender:
    """E-mail through SES (sesv2:SendEmail) from the stack's identity and configuration set."""
    from sellerlink.email.sender import SesEmailSender

    return SesEmailSender(boto3.client("sesv2"), settings.email_sender, settings.email_configuration_set)


def payout_tasks(settings: PayoutWorkerSettings) -> AsyncRunTasks:
    """Builds and exports run in the payout worker (lambda:InvokeFunction, asynchronous)."""
    from sellerlink.payouts.background import AsyncRunTasks

    return AsyncRunTasks(settings.payout_worker_function, boto3.client("lambda"))


def s3_client() -> object:
    """S3 signing with Signature Version 4 (pre-signed URLs too: SigV2 is not accepted everywhere)."""
    from botocore.config import Config

    return boto3.client("s3", config=Config(signature_version="s3v4"))


def payout_files(settings: PayoutExportsSettings, clock: Clock) -> S3RunFiles:
    """The exports bucket's files: pre-signed download links (s3:GetObject, signed by the caller)."""
    from sellerlink.payouts.storage import S3RunFiles

    return S3RunFiles(s3_client(), settings.payout_exports_bucket, clock)


def payout_review(table: Table, clock: Clock, worker: PayoutWorkerSettings) -> RunReview:
    """Reading, approving and exporting runs (the export is handed to the payout worker)."""
    from sellerlink.ledger.dal import LedgerStore
    from sellerlink.payouts.dal import PayoutStore
    from sellerlink.payouts.entries import LedgerPayableEntries
    from sellerlink.payouts.review import RunReview
    from sellerlink.programs.dal import ProgramStore

    entries = LedgerPayableEntries(LedgerStore(table), table)
    return RunReview(ProgramStore(table), PayoutStore(table), entries, clock, payout_tasks(worker))


def payout_requests(table: Table, clock: Clock, worker: PayoutWorkerSettings) -> RunRequests:
    """A month's run, built by the payout worker."""
    from sellerlink.payouts.dal import PayoutStore
    from sellerlink.payouts.runs import RunRequests
    from sellerlink.programs.dal import ProgramStore

    return RunRequests(ProgramStore(table), PayoutStore(table), clock, payout_tasks(worker))


def payout_reconciliation(
    table: Table, clock: Clock, review: RunReview, queue: QueueSettings
) -> Reconciliation:
    """The provider's results applied (`payout.paid`, `payout.failed` on the postbacks queue)."""
    from sellerlink.ledger.dal import LedgerStore
    from sellerlink.payouts.dal import PayoutStore
    from sellerlink.payouts.entries import LedgerPayableEntries
    from sellerlink.payouts.results import Reconciliation

    entries = LedgerPayableEntries(LedgerStore(table), table)
    return Reconciliation(review, PayoutStore(table), entries, clock, event_publisher(queue))


def on_demand_pulls(
    table: Table, clock: Clock, workflow: PullWorkflowSettings, window: PullWindowSettings
) -> OnDemandPulls:
    """Pulls started from a request (states:StartExecution, states:DescribeExecution)."""
    from sellerlink.programs.dal import ProgramStore
    from sellerlink.pulls.dal import PullStore
    from sellerlink.pulls.starter import OnDemandPulls, StepFunctionsExecutions

    arn = workflow.attribution_pull_arn
    executions = StepFunctionsExecutions(arn, boto3.client("stepfunctions")) if arn else None
    return OnDemandPulls(PullStore(table), ProgramStore(table), executions, clock, window.pull_window_days)


def amazon_onboarding(
    table: Table,
    clock: Clock,
    settings: AmazonSettings,
    key: TokenKeySettings,
    oauth: OAuthSettings,
    catalog: CatalogImportStarter,
    events: ReauthEvents,
    workflow: PullWorkflowSettings,
) -> OnboardingContext:
    """Everything the onboarding routes use: Amazon's clients, tokens, the OAuth state secret, and
    the history backfill once a chosen Ads profile measures the program."""
    amazon = amazon_clients(settings)
    tokens = token_service(table, clock, amazon, key, events=events)
    return onboarding(table, clock, amazon, tokens, oauth, catalog, backfill_starter(table, clock, workflow))


def endpoint_service(
    table: Table, clock: Clock, queue: QueueSettings, key: TokenKeySettings, local_mode: bool
) -> EndpointService:
    """Webhook endpoints: signing secrets sealed with the token key, events and replays queued."""
    from sellerlink.webhooks.dal import DeliveryStore, EndpointStore
    from sellerlink.webhooks.endpoints import EndpointService
    from sellerlink.webhooks.publisher import EventPublisher
    from sellerlink.webhooks.secretbox import SecretBox
    from sellerlink.webhooks.targets import SystemResolver

    events = event_queue(queue)
    return EndpointService(
        EndpointStore(table),
        DeliveryStore(table),
        events,
        EventPublisher(events),
        SecretBox(token_cipher(key)),
        SystemResolver(),
        clock,
        local_mode,
    )
