"""Disconnecting an Amazon account: its tokens are deleted and the checklist reopens."""

from __future__ import annotations

from collections.abc import Callable

from sellerlink.accounts.models import Principal
from sellerlink.accounts.permissions import require_editor
from sellerlink.clock import Clock
from sellerlink.connections.models import Connection, ConnectionKind
from sellerlink.errors import Conflict
from sellerlink.onboarding.catalog_import import start_import
from sellerlink.onboarding.context import OnboardingContext
from sellerlink.programs.dal import ProgramStore
from sellerlink.programs.logic import get_program
from sellerlink.programs.models import CatalogImportProgress, ConnectionState, Program
from sellerlink.webhooks.events import WebhookEvent, needs_reauth_event


def disconnect(
    ctx: OnboardingContext, principal: Principal, program_id: str, kind: ConnectionKind
) -> Program:
    require_editor(principal, "disconnect Amazon accounts")
    program = get_program(ctx.programs, principal, program_id)
    ctx.connections.delete(program.account_id, program.program_id, kind)
    ctx.tokens.forget(program.account_id, program.program_id, kind)
    if kind is ConnectionKind.AMAZON_ADS:
        return ctx.programs.update_onboarding(
            program.account_id,
            program.program_id,
            amazon_ads=ConnectionState.NOT_CONNECTED,
            ads_profile_id=None,
            profile_candidates=[],
        )
    return ctx.programs.update_onboarding(
        program.account_id,
        program.program_id,
        selling_partner=ConnectionState.NOT_CONNECTED,
        selling_partner_id=None,
    )


def mark_needs_reauth(
    programs: ProgramStore, clock: Clock, publish: Callable[[list[WebhookEvent]], None]
) -> Callable[[Connection], None]:
    """What the token service does when Amazon refuses a refresh: the checklist shows it and the
    brand's webhooks hear `connection.needs_reauth`."""

    def mark(connection: Connection) -> None:
        field = "amazon_ads" if connection.kind is ConnectionKind.AMAZON_ADS else "selling_partner"
        programs.update_onboarding(
            connection.account_id, connection.program_id, **{field: ConnectionState.NEEDS_REAUTH}
        )
        publish(
            needs_reauth_event(
                connection.account_id, connection.program_id, str(connection.kind), clock.now()
            )
        )

    return mark


def reimport_catalog(ctx: OnboardingContext, principal: Principal, program_id: str) -> CatalogImportProgress:
    require_editor(principal, "import the catalog")
    program = get_program(ctx.programs, principal, program_id)
    if program.onboarding.selling_partner is not ConnectionState.CONNECTED:
        raise Conflict("Connect Seller or Vendor Central first; the catalog is read from there.")
    return start_import(ctx, program)
