"""One router per resource. The API function serves ROUTERS; the links function LINK_ROUTERS;
the OAuth function (Amazon's public redirects) OAUTH_ROUTERS."""

from sellerlink.api.routers import (
    accounts,
    callbacks,
    links,
    oauth,
    onboarding,
    partners,
    programs,
    pulls,
    reports,
    terms,
    webhooks,
)

ROUTERS = (
    accounts.router,
    programs.router,
    onboarding.router,
    partners.router,
    terms.router,
    pulls.router,
    reports.router,
)
LINK_ROUTERS = (links.router,)
OAUTH_ROUTERS = (oauth.router,)
# The webhooks function (functions/webhooks): endpoints, delivery logs, replays, inbound callbacks.
WEBHOOK_ROUTERS = (webhooks.router, callbacks.router)
DOCUMENTED_ROUTERS = ROUTERS + LINK_ROUTERS + OAUTH_ROUTERS + WEBHOOK_ROUTERS
