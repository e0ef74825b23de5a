"""CatalogImportFunction (functions/catalog_import): imports a program's catalog from SP-API in
the background, and hands what is left to a fresh invocation of itself.

AWS calls:
- DynamoDB, the table: GetItem, PutItem, DeleteItem (the import job), BatchWriteItem (products),
  UpdateItem (the program's checklist; a connection Amazon no longer accepts), Query (products).
- KMS, the token key: Decrypt (opening the Seller/Vendor Central refresh token).
- Secrets Manager: GetSecretValue on the Amazon app secret (AMAZON_APP_SECRET_ARN).
- SQS, the postbacks queue: SendMessage (as SendMessageBatch): `connection.needs_reauth`.
- Lambda: InvokeFunction (asynchronous) on itself (its own name, from the Lambda context).
"""

from __future__ import annotations

from functools import cache

import boto3
from pydantic import Field

from sellerlink.catalog.background import AsyncImport
from sellerlink.catalog.dal import ProductStore
from sellerlink.catalog.import_jobs import ImportJobs
from sellerlink.catalog.importer import CatalogImporter
from sellerlink.programs.dal import ProgramStore
from sellerlink.settings import (
    AmazonSettings,
    ClockSettings,
    FunctionSettings,
    QueueSettings,
    TableSettings,
    TokenKeySettings,
)
from sellerlink.wiring import adapters


class Settings(FunctionSettings):
    table: TableSettings = Field(default_factory=TableSettings)
    clock: ClockSettings = Field(default_factory=ClockSettings)
    amazon: AmazonSettings = Field(default_factory=AmazonSettings)
    token_key: TokenKeySettings = Field(default_factory=TokenKeySettings)
    queue: QueueSettings = Field(default_factory=QueueSettings)


settings = cache(Settings)


@cache
def importer() -> CatalogImporter:
    table, clock = adapters.table(settings().table), adapters.clock(settings().clock)
    amazon = adapters.amazon_clients(settings().amazon)
    tokens = adapters.token_service(
        table, clock, amazon, settings().token_key, events=adapters.event_publisher(settings().queue)
    )
    return CatalogImporter(
        ImportJobs(table),
        ProgramStore(table),
        ProductStore(table),
        tokens,
        amazon.selling_partner,
        amazon.seller_reports,
        clock,
    )


@cache
def continuation(function_name: str) -> AsyncImport:
    """The rest of the job, handed to a fresh invocation of this function."""
    return AsyncImport(function_name, boto3.client("lambda"))
