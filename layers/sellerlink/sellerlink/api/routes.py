"""Which HTTP function serves which routers (template.yaml routes the paths to the functions).

Each group imports only its own routers, so a function's cold start loads only what it serves.
"""

from __future__ import annotations

from aws_lambda_powertools.event_handler.api_gateway import Router


def api_routers() -> tuple[Router, ...]:
    """functions/api: accounts, programs, onboarding, partners, terms, pulls, reports, the partners'
    marketplace and earnings, e-mail settings and the pages of e-mailed links."""
    from sellerlink.api.routers import (
        accounts,
        earnings,
        invitations,
        marketplace,
        notifications,
        onboarding,
        partners,
        programs,
        pulls,
        reports,
        terms,
    )

    return (
        accounts.router,
        programs.router,
        onboarding.router,
        partners.router,
        terms.router,
        pulls.router,
        reports.router,
        marketplace.router,
        earnings.router,
        notifications.router,
        invitations.router,
    )


def link_routers() -> tuple[Router, ...]:
    """functions/links: tracking links, single and bulk."""
    from sellerlink.api.routers import links

    return (links.router,)


def oauth_routers() -> tuple[Router, ...]:
    """functions/oauth: Amazon's public redirects after consent."""
    from sellerlink.api.routers import oauth

    return (oauth.router,)


def webhook_routers() -> tuple[Router, ...]:
    """functions/webhooks: endpoints, delivery logs, replays, inbound brand callbacks."""
    from sellerlink.api.routers import callbacks, webhooks

    return (webhooks.router, callbacks.router)


def payout_routers() -> tuple[Router, ...]:
    """functions/payouts: payout profiles and settings, runs, files, results, partner payouts."""
    from sellerlink.api.routers import payout_runs, payouts

    return (payouts.router, payout_runs.router)


def documented_routers() -> tuple[Router, ...]:
    """Every route of the HTTP API, for the OpenAPI document."""
    return api_routers() + link_routers() + oauth_routers() + webhook_routers() + payout_routers()
