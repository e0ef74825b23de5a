"""Builds the pull steps from the function's settings: the composition root of the pull functions."""

from __future__ import annotations

from sellerlink.attribution.dal import FactStore
from sellerlink.clock import Clock
from sellerlink.ledger.dal import LedgerStore
from sellerlink.onboarding.wiring import build_onboarding
from sellerlink.partners.dal import PartnerStore
from sellerlink.pulls.dal import PullStore
from sellerlink.pulls.steps import PAGE_RETRIES, PullSteps
from sellerlink.settings import PullSettings
from sellerlink.table import Table
from sellerlink.terms.dal import TermsStore
from sellerlink.webhooks.wiring import publish


def build_steps(settings: PullSettings, clock: Clock, table: Table) -> PullSteps:
    onboarding = build_onboarding(settings, clock, table, PAGE_RETRIES)
    return PullSteps(
        pulls=PullStore(table),
        programs=onboarding.programs,
        partners=PartnerStore(table),
        terms=TermsStore(table),
        ledger=LedgerStore(table),
        facts=FactStore(table),
        clock=clock,
        tokens=onboarding.tokens,
        reports=onboarding.amazon.ads,
        window_days=settings.pull_window_days,
        pages_per_step=settings.pull_pages_per_step,
        page_size=settings.pull_page_size,
        publish=publish,
    )
