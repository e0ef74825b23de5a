"""One router per resource. The API function serves ROUTERS; the links function serves LINK_ROUTERS."""

from sellerlink.api.routers import accounts, links, partners, programs, terms

ROUTERS = (accounts.router, programs.router, partners.router, terms.router)
LINK_ROUTERS = (links.router,)
DOCUMENTED_ROUTERS = ROUTERS + LINK_ROUTERS
