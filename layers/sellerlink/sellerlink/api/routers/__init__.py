"""One router per resource."""

from sellerlink.api.routers import accounts, programs

ROUTERS = (accounts.router, programs.router)
