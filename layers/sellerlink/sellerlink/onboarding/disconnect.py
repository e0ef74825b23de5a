"""Disconnecting an Amazon account: its tokens are deleted and the checklist reopens."""

from __future__ import annotations

from sellerlink.accounts.models import Principal
from sellerlink.accounts.permissions import require_editor
from sellerlink.connections.models import ConnectionKind
from sellerlink.onboarding.context import OnboardingContext
from sellerlink.programs.logic import get_program
from sellerlink.programs.models import ConnectionState, Program


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
