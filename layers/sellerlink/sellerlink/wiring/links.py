"""LinksFunction (functions/links): tracking links, single and bulk.

AWS calls:
- DynamoDB, the table: BatchGetItem (creating links: the caller's API key with the program, its
  partner policy, the membership and the products, in one request; existing links), GetItem
  (the caller's API key on the other routes; a link),
  PutItem (conditional: a new link), BatchWriteItem (bulk links), UpdateItem (activate,
  deactivate), Query (the table; GSI1 for a partner's links, GSI2 for the program's partner
  policy).
- SQS, the postbacks queue: SendMessage (as SendMessageBatch): `link.created`.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

from pydantic import Field

from sellerlink.accounts.authentication import Authenticator
from sellerlink.accounts.dal import AccountStore
from sellerlink.api.dependencies import LinkDependencies
from sellerlink.catalog.dal import ProductStore
from sellerlink.links.dal import LinkStore
from sellerlink.links.logic import LinkStores
from sellerlink.links.reading import IssueReader
from sellerlink.partners.dal import PartnerStore
from sellerlink.programs.dal import ProgramStore
from sellerlink.settings import ClockSettings, FunctionSettings, QueueSettings, TableSettings
from sellerlink.wiring import adapters

if TYPE_CHECKING:
    from sellerlink.webhooks.publisher import EventPublisher


class Settings(FunctionSettings):
    table: TableSettings = Field(default_factory=TableSettings)
    clock: ClockSettings = Field(default_factory=ClockSettings)
    queue: QueueSettings = Field(default_factory=QueueSettings)


settings = cache(Settings)


@cache
def events() -> EventPublisher:
    return adapters.event_publisher(settings().queue)


@cache
def dependencies() -> LinkDependencies:
    table, clock = adapters.table(settings().table), adapters.clock(settings().clock)
    partners = PartnerStore(table)
    stores = LinkStores(
        LinkStore(table),
        partners,
        ProgramStore(table),
        ProductStore(table),
        clock,
        IssueReader(table, partners),
    )
    return LinkDependencies(authenticate=Authenticator(AccountStore(table)), stores=stores, events=events)
