"""What the dashboard's pages receive: the same stores and services as the API's routes, built
once per container by `sellerlink.wiring.dashboard`. Services that call AWS or Amazon beyond the
table are factories, built on first use."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sellerlink.accounts.dal import AccountStore
from sellerlink.catalog.dal import ProductStore
from sellerlink.catalog.importer import CatalogImportStarter
from sellerlink.clock import Clock
from sellerlink.connections.cipher import TokenCipher
from sellerlink.dashboard.dal import PersonStore
from sellerlink.dashboard.sessions import Sessions
from sellerlink.dashboard.signin import SignIn
from sellerlink.earnings.balances import BalanceStores
from sellerlink.earnings.report import EarningsStores
from sellerlink.links.logic import LinkEvents, LinkStores
from sellerlink.marketplace.members import MemberStores
from sellerlink.onboarding.context import OnboardingContext
from sellerlink.partners.dal import PartnerStore
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


@dataclass(frozen=True)
class DashboardDependencies:
    sessions: Sessions
    sign_in: SignIn
    people: PersonStore
    public_url: str
    clock: Clock
    accounts: AccountStore
    programs: ProgramStore
    partners: PartnerStore
    terms: TermsStore
    products: ProductStore
    reports: ReportStores
    links: LinkStores
    members: MemberStores
    balances: BalanceStores
    earnings: EarningsStores
    payouts: PayoutStore
    sp_api_draft_app: bool
    membership_events: Callable[[], MembershipEvents]
    link_events: Callable[[], LinkEvents]
    catalog_imports: Callable[[], CatalogImportStarter]
    pulls: Callable[[], OnDemandPulls]
    onboarding: Callable[[], OnboardingContext]
    endpoints: Callable[[], EndpointService]
    payout_review: Callable[[], RunReview]
    payout_requests: Callable[[], RunRequests]
    payout_reconciliation: Callable[[], Reconciliation]
    payout_files: Callable[[], FileLinks]
    payout_cipher: Callable[[], TokenCipher]
