"""What every route needs: the caller and the stores. The handler builds them once."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any

from aws_lambda_powertools.event_handler.api_gateway import Router

from sellerlink.accounts.dal import AccountStore
from sellerlink.accounts.models import Principal
from sellerlink.clock import Clock, clock_for
from sellerlink.errors import Unauthorized
from sellerlink.programs.dal import ProgramStore
from sellerlink.settings import ApiSettings
from sellerlink.table import Table

if TYPE_CHECKING:
    from sellerlink.onboarding.context import OnboardingContext


@dataclass(frozen=True)
class Dependencies:
    settings: ApiSettings
    clock: Clock
    accounts: AccountStore
    programs: ProgramStore
    table: Table

    @classmethod
    def build(cls, settings: ApiSettings, clock: Clock, resource: Any = None) -> Dependencies:
        table = Table(settings.table_name, resource)
        return cls(
            settings=settings,
            clock=clock,
            accounts=AccountStore(table),
            programs=ProgramStore(table),
            table=table,
        )

    @classmethod
    def from_environment(cls) -> Dependencies:
        """What a function's handler builds once per container, from its settings."""
        settings = ApiSettings()  # type: ignore[call-arg]
        return cls.build(settings, clock_for(settings.clock_url))

    @cached_property
    def onboarding(self) -> OnboardingContext:
        """Built on first use: only the onboarding routes need Amazon, KMS and the app secrets."""
        from sellerlink.onboarding.wiring import build_onboarding

        return build_onboarding(self.settings, self.clock, self.table)


def deps(router: Router) -> Dependencies:
    found = router.context.get("deps")
    if not isinstance(found, Dependencies):
        raise RuntimeError("the handler must append Dependencies to the resolver context")
    return found


def principal(router: Router) -> Principal:
    """The caller, as the Lambda authorizer described it in the request context."""
    authorizer = router.current_event.raw_event.get("requestContext", {}).get("authorizer") or {}
    context = authorizer.get("lambda") or {}
    if not context.get("kind"):
        raise Unauthorized("Send your API key as 'Authorization: Bearer <key>'.")
    return Principal.model_validate(context)
