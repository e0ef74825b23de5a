"""A partner's money through the HTTP gateway, after real pulls: memberships with names and
balances, and earnings across programs that add up to the ledger for the same period."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

from sellerlink_local.drivers.client import SellerlinkClient
from tests.e2e.attribution_flow import MeasuredProgram
from tests.e2e.conftest import OnboardedProgram, PartnerFactory, assert_problem
from tests.e2e.test_pulls_and_reports import sale_day

FEBRUARY = {"from": "2026-02-01", "to": "2026-02-28"}


def ledger_total(measured: MeasuredProgram, partner_id: str, **query: str) -> Decimal:
    return sum((Decimal(e["amount"]) for e in measured.ledger(partner_id=partner_id, **query)), Decimal(0))


def test_memberships_carry_names_and_balances_that_lock_with_time(
    measured: MeasuredProgram, api: SellerlinkClient, operator: SellerlinkClient
) -> None:
    # Given a partner with sales on two days of February, pulled
    partner_id = measured.add_partner(api, operator, "Alpha")
    sale_day(measured, partner_id, "2026-02-02", 50.0)
    sale_day(measured, partner_id, "2026-02-03", 30.0)
    measured.sandbox.set_clock("2026-02-05T12:00:00Z")
    assert measured.pull()["status"] == "SUCCEEDED"
    partner = measured.partners[partner_id]
    # When it reads its memberships now, and after the lock period (32 days) has passed
    (now,) = partner.get("/v1/partner/memberships")["memberships"]
    measured.sandbox.set_clock("2026-03-08T12:00:00Z")
    (later,) = partner.get("/v1/partner/memberships")["memberships"]
    # Then each shows the program's name, brand, marketplace and currency, and the balance moves
    program = measured.admin.get(measured.path())
    assert (
        now["program_id"],
        now["program_name"],
        now["brand_name"],
        now["marketplace"],
        now["currency"],
    ) == (
        measured.program_id,
        program["name"],
        program["brand_name"],
        "US",
        "USD",
    )
    total = ledger_total(measured, partner_id)
    assert total == Decimal("8.00") and now["status"] == "approved"
    assert now["balance"] == {"currency": "USD", "pending": "8.00", "locked": "0.00", "paid": "0.00"}
    # March 8 - 32 days = February 4: both sale days are locked, nothing is paid yet
    assert later["balance"] == {"currency": "USD", "pending": "0.00", "locked": "8.00", "paid": "0.00"}


def test_earnings_add_up_to_the_ledger_for_the_same_period(
    measured: MeasuredProgram, api: SellerlinkClient, operator: SellerlinkClient
) -> None:
    # Given two partners with sales in February, pulled
    alpha = measured.add_partner(api, operator, "Alpha")
    beta = measured.add_partner(api, operator, "Beta", shared_id="newsletter")
    sale_day(measured, alpha, "2026-02-02", 50.0)
    sale_day(measured, alpha, "2026-02-10", 20.0)
    sale_day(measured, beta, "2026-02-03", 90.0)
    measured.sandbox.set_clock("2026-02-12T12:00:00Z")
    assert measured.pull()["status"] == "SUCCEEDED"
    partner = measured.partners[alpha]
    # When the first reads its earnings per program, per date and per link
    by_program = partner.get("/v1/partner/earnings", params={**FEBRUARY, "group_by": "program"})
    by_date = partner.get("/v1/partner/earnings", params={**FEBRUARY, "group_by": "date"})
    by_link = partner.get("/v1/partner/earnings", params={**FEBRUARY, "group_by": "link"})
    # Then its commission is its ledger's over the same period, and the other partner's is not in it
    (row,) = by_program["rows"]
    assert (row["program_id"], row["currency"], row["clicks"], row["purchases"], row["sales"]) == (
        measured.program_id,
        "USD",
        24,
        2,
        "70.00",
    )
    assert Decimal(row["commission"]) == ledger_total(measured, alpha, **FEBRUARY) == Decimal("7.00")
    assert by_program["totals"] == [
        {"currency": "USD", "clicks": 24, "purchases": 2, "sales": "70.00", "commission": "7.00"}
    ]
    dates = {r["event_date"]: r["commission"] for r in by_date["rows"]}
    assert dates == {"2026-02-02": "5.00", "2026-02-10": "2.00"}
    assert [r["provisional"] for r in by_date["rows"]] == [False, True]  # within 48 hours of Feb 12
    (link,) = by_link["rows"]
    assert (link["link_id"], link["clicks"], link["commission"]) == (
        measured.links[alpha]["link_id"],
        24,
        None,
    )
    assert not {"brb", "net_cost"} & set(row) and beta not in str(by_program)


def test_earnings_as_csv(
    measured: MeasuredProgram, api: SellerlinkClient, operator: SellerlinkClient
) -> None:
    partner_id = measured.add_partner(api, operator, "Alpha")
    sale_day(measured, partner_id, "2026-02-02", 50.0)
    measured.sandbox.set_clock("2026-02-05T12:00:00Z")
    measured.pull()
    answer = measured.partners[partner_id].request(
        "GET", "/v1/partner/earnings", params={**FEBRUARY, "group_by": "date"}, headers={"Accept": "text/csv"}
    )
    assert answer.status_code == 200 and answer.headers["Content-Type"].startswith("text/csv")
    (line,) = list(csv.DictReader(io.StringIO(answer.text)))
    assert (line["event_date"], line["currency"], line["commission"], line["below_threshold"]) == (
        "2026-02-02",
        "USD",
        "5.00",
        "False",
    )


def test_earnings_for_a_range_that_ends_before_it_starts_is_422(new_partner: PartnerFactory) -> None:
    answer = new_partner().request(
        "GET", "/v1/partner/earnings", params={"from": "2026-03-02", "to": "2026-03-01"}
    )
    assert_problem(answer, 422, "'from' (2026-03-02) is after 'to' (2026-03-01); swap them.")


def test_earnings_over_more_than_400_days_is_422(new_partner: PartnerFactory) -> None:
    answer = new_partner().request(
        "GET", "/v1/partner/earnings", params={"from": "2024-01-01", "to": "2026-01-01"}
    )
    assert_problem(answer, 422, "Ask for at most 400 days at a time; split the range.")


def test_earnings_by_an_unknown_grouping_is_422(new_partner: PartnerFactory) -> None:
    answer = new_partner().request("GET", "/v1/partner/earnings", params={"group_by": "asin"})
    assert_problem(answer, 422, "group_by: Input should be 'program', 'date' or 'link'")


def test_a_brand_key_has_no_partner_money(onboarded_program: OnboardedProgram) -> None:
    for path in ("/v1/partner/earnings", "/v1/partner/memberships"):
        answer = onboarded_program.admin.request("GET", path)
        assert_problem(answer, 403, "This route is for partners; use a partner API key.")
