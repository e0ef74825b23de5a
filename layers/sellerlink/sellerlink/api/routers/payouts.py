"""Payout profiles (partners), program payout settings (brands), and a partner's payouts."""

from __future__ import annotations

from aws_lambda_powertools.event_handler.api_gateway import Router
from pydantic import Field

from sellerlink.accounts.permissions import require_partner
from sellerlink.api.dependencies import PayoutDependencies, deps, principal
from sellerlink.api.problems import ERROR_RESPONSES
from sellerlink.model import Model
from sellerlink.observability import MetricUnit, metrics
from sellerlink.payouts import profiles, program_settings
from sellerlink.payouts.models import PartnerPayout, PayoutSettings, ProfileInput, ProfileView, SettingsUpdate
from sellerlink.payouts.review import partner_payouts

router = Router()
TAGS = ["Payouts"]


class SettingsView(PayoutSettings):
    account_id: str = Field(exclude=True)


class PartnerPayoutList(Model):
    payouts: list[PartnerPayout]


def _deps() -> PayoutDependencies:
    return deps(router, PayoutDependencies)


@router.put("/v1/partner/payout-profile", tags=TAGS, responses=ERROR_RESPONSES)
def set_payout_profile(body: ProfileInput) -> ProfileView:
    """Partner: how it is paid (bank_transfer, paypal, wise, other), with the details the method
    needs. The details are sealed with KMS and only ever shown masked."""
    d = _deps()
    partner_id = require_partner(principal(router))
    view = profiles.set_profile(d.payouts, d.cipher(), d.clock, partner_id, body)
    metrics.add_metric(name="PayoutProfilesSet", unit=MetricUnit.Count, value=1)
    return view


@router.get("/v1/partner/payout-profile", tags=TAGS, responses=ERROR_RESPONSES)
def get_payout_profile() -> ProfileView:
    """Partner: its payout profile, details masked."""
    return profiles.get_profile(_deps().payouts, require_partner(principal(router)))


@router.get("/v1/partner/payouts", tags=TAGS, responses=ERROR_RESPONSES)
def list_partner_payouts() -> PartnerPayoutList:
    """Partner: its payouts in every program (status, amount, currency, date, reference), newest first."""
    return PartnerPayoutList(payouts=partner_payouts(_deps().payouts, principal(router)))


@router.get("/v1/programs/<program_id>/payout-settings", tags=TAGS, responses=ERROR_RESPONSES)
def get_payout_settings(program_id: str) -> SettingsView:
    """The program's minimum payout per currency (default 50.00), payout day, carry-forward of
    negative balances and automatic runs."""
    d = _deps()
    found = program_settings.read(d.programs, d.payouts, principal(router), program_id)
    return SettingsView.model_validate(found.model_dump())


@router.put("/v1/programs/<program_id>/payout-settings", tags=TAGS, responses=ERROR_RESPONSES)
def set_payout_settings(program_id: str, body: SettingsUpdate) -> SettingsView:
    """Admin: change the payout settings (fields left out keep their value)."""
    d = _deps()
    found = program_settings.change(d.programs, d.payouts, principal(router), program_id, body)
    return SettingsView.model_validate(found.model_dump())
