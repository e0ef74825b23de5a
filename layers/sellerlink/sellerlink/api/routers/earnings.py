"""A partner's own money: its memberships with their balances, and its earnings across programs."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.api_gateway import Router
from aws_lambda_powertools.event_handler.openapi.params import Query

from sellerlink.api.dependencies import ApiDependencies, deps, principal
from sellerlink.api.problems import ERROR_RESPONSES
from sellerlink.api.responses import answer, json_or_csv
from sellerlink.earnings.balances import memberships
from sellerlink.earnings.models import EarningsGroupBy, EarningsReport, EarningsRow, PartnerMembershipList
from sellerlink.earnings.report import earnings_report

router = Router()
TAGS = ["Partner earnings"]


@router.get("/v1/partner/memberships", tags=TAGS, responses=ERROR_RESPONSES)
def list_own_memberships() -> PartnerMembershipList:
    """Partner: its programs (name, brand, marketplace, currency), where each membership stands, and
    its balance in each: pending, locked (not paid) and paid."""
    d = deps(router, ApiDependencies)
    return PartnerMembershipList(memberships=memberships(d.balances, principal(router)))


@router.get("/v1/partner/earnings", tags=TAGS, responses=json_or_csv(EarningsReport))
def partner_earnings(
    group_by: Annotated[EarningsGroupBy, Query()] = EarningsGroupBy.PROGRAM,
    from_date: Annotated[date | None, Query(alias="from")] = None,
    to_date: Annotated[date | None, Query(alias="to")] = None,
) -> Response[EarningsReport | str]:
    """Partner: clicks, purchases, sales and commission across all its programs per program, date or
    link (default: the last 30 days), totals per currency; JSON, or CSV with `Accept: text/csv`."""
    d = deps(router, ApiDependencies)
    report = earnings_report(d.earnings, principal(router), group_by, from_date, to_date)
    return answer(router, report, list(report.rows), EarningsRow)
