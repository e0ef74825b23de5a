"""What the routes of each HTTP function receive, and the caller. The function's composition root
(`sellerlink.wiring.<function>`) builds its dependencies once per container; the handler appends
them to the resolver context as `deps`. Collaborators that call AWS or Amazon beyond the table
are factories (`events()`, `pulls()`, `onboarding()`...): built on first use, then kept.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeVar

from aws_lambda_powertools.event_handler import APIGatewayHttpResolver
from aws_lambda_powertools.event_handler.api_gateway import Router

from sellerlink.accounts.authentication import Authenticator, DeferredCaller
from sellerlink.accounts.models import Principal
from sellerlink.table import Item

if TYPE_CHECKING:  # the types of the dependencies: a function imports only what it serves
    from sellerlink.accounts.dal import AccountStore
    from sellerlink.catalog.dal import ProductStore
    from sellerlink.catalog.importer import CatalogImportStarter
    from sellerlink.clock import Clock
    from sellerlink.connections.cipher import TokenCipher
    from sellerlink.earnings.balances import BalanceStores
    from sellerlink.earnings.report import EarningsStores
    from sellerlink.email.links import LinkTokens
    from sellerlink.ledger.adjustments import AdjustmentEvents, BrandAdjustments
    from sellerlink.links.logic import LinkEvents, LinkStores
    from sellerlink.marketplace.members import MemberStores
    from sellerlink.notifications.dal import NotificationStore
    from sellerlink.onboarding.context import OnboardingContext
    from sellerlink.partners.dal import PartnerStore
    from sellerlink.partners.invitations import InvitationDesk
    from sellerlink.partners.logic import MembershipEvents
    from sellerlink.payouts.dal import PayoutStore
    from sellerlink.payouts.results import Reconciliation
    from sellerlink.payouts.review import FileLinks, RunReview
    from sellerlink.payouts.runs import RunRequests
    from sellerlink.programs.dal import ProgramStore
    from sellerlink.pulls.starter import OnDemandPulls
    from sellerlink.reports.logic import ReportStores
    from sellerlink.terms.dal import TermsStore
    from sellerlink.webhooks.endpoints import EndpointService
    from sellerlink.webhooks.inbound import CallbackReceiver

Deps = TypeVar("Deps")


@dataclass(frozen=True)
class ApiDependencies:
    """functions/api: accounts, programs, onboarding, partners, terms, pulls, reports."""

    authenticate: Callable[[str | None], Principal]

    clock: Clock
    accounts: AccountStore
    programs: ProgramStore
    partners: PartnerStore
    terms: TermsStore
    products: ProductStore
    reports: ReportStores
    adjustments: BrandAdjustments
    members: MemberStores
    balances: BalanceStores
    earnings: EarningsStores
    notifications: NotificationStore
    links: LinkTokens
    invitations: InvitationDesk
    allow_signup: bool
    sp_api_draft_app: bool
    membership_events: Callable[[], MembershipEvents]
    ledger_events: Callable[[], AdjustmentEvents]
    catalog_imports: Callable[[], CatalogImportStarter]
    pulls: Callable[[], OnDemandPulls]
    onboarding: Callable[[], OnboardingContext]


@dataclass(frozen=True)
class LinkDependencies:
    """functions/links: tracking links (creating one reads the caller's key with its other items)."""

    authenticate: Authenticator

    stores: LinkStores
    events: Callable[[], LinkEvents]


@dataclass(frozen=True)
class OAuthDependencies:
    """functions/oauth: Amazon's redirects after consent."""

    onboarding: Callable[[], OnboardingContext]


@dataclass(frozen=True)
class PayoutDependencies:
    """functions/payouts: payout profiles and settings, runs, files, results, partner payouts."""

    authenticate: Callable[[str | None], Principal]

    clock: Clock
    programs: ProgramStore
    payouts: PayoutStore
    requests: RunRequests
    review: RunReview
    reconciliation: Callable[[], Reconciliation]
    cipher: Callable[[], TokenCipher]
    links: Callable[[], FileLinks]


@dataclass(frozen=True)
class WebhookDependencies:
    """functions/webhooks: endpoints, delivery logs, replays, inbound brand callbacks."""

    authenticate: Callable[[str | None], Principal]

    endpoints: EndpointService
    receiver: CallbackReceiver
    programs: ProgramStore


def deps(router: Router, kind: type[Deps]) -> Deps:
    found = router.context.get("deps")
    if not isinstance(found, kind):
        raise RuntimeError(f"the handler must append {kind.__name__} to the resolver context as deps")
    return found


def request_host(router: Router) -> str:
    """The host the request came to (API Gateway's `requestContext.domainName`)."""
    return str(router.current_event.raw_event.get("requestContext", {}).get("domainName", ""))


def principal(router: Router | APIGatewayHttpResolver) -> Principal:
    """The caller, from the request's API key (401 without a known one); once per request."""
    found = router.context.get("principal")
    if isinstance(found, Principal):
        return found
    authenticate = getattr(router.context.get("deps"), "authenticate", None)
    if authenticate is None:
        raise RuntimeError("this function's dependencies cannot authenticate a caller")
    caller: Principal = authenticate(router.current_event.headers.get("authorization"))
    router.context["principal"] = caller
    return caller


def deferred_caller(router: Router) -> DeferredCaller:
    """The caller of a route that reads its key together with its other items (see
    `DeferredCaller`); once checked, it is the request's principal, as `principal` would give."""
    found = router.context.get("principal")
    if isinstance(found, Principal):
        return DeferredCaller.checked(found)
    authenticator = getattr(router.context.get("deps"), "authenticate", None)
    if not isinstance(authenticator, Authenticator):
        raise RuntimeError("this function's dependencies cannot read a caller's key with other items")
    caller = authenticator.deferred(router.current_event.headers.get("authorization"))

    def check(item: Item | None) -> Principal:
        checked = caller.check(item)
        router.context["principal"] = checked
        return checked

    return DeferredCaller(caller.claimed, caller.key, check)
