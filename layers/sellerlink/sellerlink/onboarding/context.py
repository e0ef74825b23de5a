"""What the onboarding flows need (the API's onboarding routes, Amazon's OAuth redirects): built
once per function by its wiring."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sellerlink.amazon.clients import AmazonClients
from sellerlink.catalog.importer import CatalogImportStarter
from sellerlink.clock import Clock
from sellerlink.connections.dal import ConnectionStore
from sellerlink.connections.models import ConnectionKind
from sellerlink.connections.tokens import TokenService
from sellerlink.onboarding.oauth_state import StateStore
from sellerlink.programs.dal import ProgramStore
from sellerlink.programs.models import Program

CALLBACK_PATHS = {
    ConnectionKind.AMAZON_ADS: "/oauth/amazon-ads/callback",
    ConnectionKind.SELLING_PARTNER: "/oauth/selling-partner/callback",
}
START_PATHS = {
    ConnectionKind.AMAZON_ADS: "/oauth/amazon-ads/start",
    ConnectionKind.SELLING_PARTNER: "/oauth/selling-partner/start",
}


@dataclass(frozen=True)
class OnboardingContext:
    programs: ProgramStore
    connections: ConnectionStore
    states: StateStore
    tokens: TokenService
    amazon: AmazonClients
    clock: Clock
    public_api_url: str
    catalog: CatalogImportStarter
    backfill: Callable[[Program], None]

    def redirect_uri(self, kind: ConnectionKind, request_host: str) -> str:
        """Where Amazon sends the brand back: the deployment's public URL (a custom domain), else
        the host the brand's request came to (the execute-api URL; the template cannot name it
        without a dependency cycle between the API and its functions)."""
        return _base(self.public_api_url, request_host) + CALLBACK_PATHS[kind]

    def start_uri(self, kind: ConnectionKind, request_host: str) -> str:
        """Sellerlink's start endpoint, which binds the state to the browser and goes to Amazon."""
        return _base(self.public_api_url, request_host) + START_PATHS[kind]


def _base(public_api_url: str, request_host: str) -> str:
    return (public_api_url or f"https://{request_host}").rstrip("/")
