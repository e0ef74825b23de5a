"""Builds the onboarding context from a function's settings: the composition root of the
functions that talk to Amazon on a brand's behalf."""

from __future__ import annotations

import json
from typing import Any

import boto3
from aws_lambda_powertools.utilities import parameters
from pydantic import SecretStr

from sellerlink.amazon.app import AmazonApp
from sellerlink.amazon.transport import RetryPolicy, Transport
from sellerlink.catalog.dal import ProductStore
from sellerlink.clock import Clock
from sellerlink.connections.cipher import KmsEnvelopeCipher
from sellerlink.connections.dal import ConnectionStore
from sellerlink.connections.tokens import TokenService
from sellerlink.marketplaces import hosts_for
from sellerlink.onboarding.connections import mark_needs_reauth
from sellerlink.onboarding.context import AmazonClients, OnboardingContext
from sellerlink.onboarding.import_jobs import ImportJobs
from sellerlink.onboarding.oauth_state import StateStore
from sellerlink.programs.dal import ProgramStore
from sellerlink.settings import AmazonSettings
from sellerlink.table import Table
from sellerlink.webhooks.wiring import publish


class AsyncImport:
    """Hands a catalog import to the background function (an asynchronous Lambda invocation)."""

    def __init__(self, function_name: str, client: Any = None) -> None:
        self._function, self._client = function_name, client or boto3.client("lambda")

    def __call__(self, account_id: str, program_id: str) -> None:
        payload = json.dumps({"account_id": account_id, "program_id": program_id})
        self._client.invoke(FunctionName=self._function, InvocationType="Event", Payload=payload)


def build_onboarding(
    settings: AmazonSettings, clock: Clock, table: Table, retries: RetryPolicy | None = None
) -> OnboardingContext:
    amazon = AmazonClients(
        app=AmazonApp.from_secret(str(parameters.get_secret(settings.amazon_app_secret_arn, max_age=300))),
        hosts=hosts_for(settings.sandbox_url),
        transport=Transport(retries),
    )
    programs, connections = ProgramStore(table), ConnectionStore(table)
    cipher = KmsEnvelopeCipher(boto3.client("kms"), settings.token_key_id)
    signing_key = SecretStr(str(parameters.get_secret(settings.oauth_state_secret_arn, max_age=300)))
    return OnboardingContext(
        programs=programs,
        products=ProductStore(table),
        connections=connections,
        states=StateStore(table, signing_key, clock),
        tokens=TokenService(
            connections, cipher, amazon.lwa, clock, on_reauth=mark_needs_reauth(programs, clock, publish)
        ),
        amazon=amazon,
        clock=clock,
        public_api_url=settings.public_api_url,
        sp_api_draft=settings.sp_api_draft_app,
        imports=ImportJobs(table),
        invoke_import=AsyncImport(settings.catalog_import_function),
    )
