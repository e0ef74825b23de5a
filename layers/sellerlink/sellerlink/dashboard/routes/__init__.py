"""One router per area of the dashboard; `sellerlink.dashboard.routes.all_routers` lists them."""

from __future__ import annotations

from aws_lambda_powertools.event_handler.api_gateway import Router


def all_routers() -> tuple[Router, ...]:
    from sellerlink.dashboard.routes import (
        account,
        brand_partners,
        catalog,
        ledger,
        overview,
        partner_money,
        partner_programs,
        partner_settings,
        payout_runs,
        postbacks,
        program_settings,
        reports,
        signin,
        static,
        terms,
        webhooks,
    )

    return (
        static.router,
        signin.router,
        overview.router,
        brand_partners.router,
        terms.router,
        catalog.router,
        reports.router,
        ledger.router,
        payout_runs.router,
        webhooks.router,
        program_settings.router,
        account.router,
        partner_programs.router,
        partner_money.router,
        postbacks.router,
        partner_settings.router,
    )
