"""The schedule, on-demand pulls' refusals, and the reports (JSON, CSV, partner scope)."""

from __future__ import annotations

import csv
import io
from typing import Any

from sellerlink_local.drivers.client import SellerlinkClient
from tests.e2e.attribution_flow import MeasuredProgram
from tests.e2e.conftest import OnboardedProgram, assert_problem


def sale_day(measured: MeasuredProgram, partner: str, day: str, price: float, link: str = "") -> None:
    shopper = measured.shopper(f"{partner}-{day}-{link}")
    events = measured.clicks(partner, 12, day, f"{partner}-{day}-{link}")
    events.append(
        {
            "type": "purchase",
            "at": f"{day}T11:00:00Z",
            "shopper": f"{shopper}0",
            "asin": measured.asins[0],
            "units": 1,
            "unit_price": price,
            "order_id": f"{shopper}-order",
        }
    )
    measured.sandbox.events(events)


def test_the_daily_schedule_pulls_every_active_program_and_one_failure_stops_no_other(
    stack: Any,
    measured: MeasuredProgram,
    onboarded_program: OnboardedProgram,
    api: SellerlinkClient,
    operator: SellerlinkClient,
) -> None:
    # Given a measured program with a sale, and an active program whose Amazon connection is missing
    partner = measured.add_partner(api, operator, "Scheduled")
    sale_day(measured, partner, "2026-03-01", 80.0)
    measured.sandbox.set_clock("2026-03-04T12:00:00Z")
    # When EventBridge Scheduler's daily event fires (the local runtime fires it on demand)
    execution = stack.wait_for_execution(stack.fire_schedule("AttributionPullStateMachineDailyPull"))
    # Then the run succeeds, the measured program is paid, and the broken one is recorded as failed
    assert execution["status"] == "SUCCEEDED", execution
    pulls = measured.admin.get(measured.path("/pulls"))["pulls"]
    assert pulls[0]["trigger"] == "schedule" and pulls[0]["status"] == "SUCCEEDED"
    assert [e["amount"] for e in measured.ledger()] == ["8.00"]
    (broken,) = onboarded_program.admin.get(onboarded_program.path("/pulls"))["pulls"]
    assert broken["status"] == "FAILED" and "not connected" in broken["error"]


def test_an_on_demand_pull_answers_202_and_its_status_shows_what_it_read(measured: MeasuredProgram) -> None:
    measured.sandbox.set_clock("2026-03-04T12:00:00Z")
    answer = measured.admin.request("POST", measured.path("/pulls"), json={"from": "2026-02-20"})
    assert answer.status_code == 202, answer.text
    started = answer.json()
    assert started["status"] == "RUNNING" and started["trigger"] == "api"
    assert (started["from_date"], started["to_date"]) == ("2026-02-20", "2026-03-04")
    done = measured.wait(started["pull_id"])
    assert done["status"] == "SUCCEEDED" and done["pages_read"] >= 3 and done["finished_at"]


def test_a_pull_outside_what_amazon_keeps_is_refused(measured: MeasuredProgram) -> None:
    measured.sandbox.set_clock("2026-03-04T12:00:00Z")
    cases = [
        ({"from": "2026-03-03", "to": "2026-03-01"}, "is after 'to'"),
        ({"from": "2025-01-01"}, "Amazon keeps attribution data 13 months"),
        ({"to": "2026-03-09"}, "is in the future"),
    ]
    for body, detail in cases:
        assert_problem(measured.admin.request("POST", measured.path("/pulls"), json=body), 422, detail)
    missing = measured.admin.request("GET", measured.path("/pulls/pull-nope"))
    assert_problem(missing, 404, "There is no pull pull-nope")


def test_a_viewer_cannot_pull_and_a_program_without_amazon_ads_cannot_be_pulled(
    measured: MeasuredProgram, api: SellerlinkClient
) -> None:
    viewer = api.with_key(measured.admin.post("/v1/keys", {"role": "viewer", "name": "Vic"})["key"])
    assert_problem(viewer.request("POST", measured.path("/pulls")), 403, "read-only")
    unconnected = measured.admin.post(
        "/v1/programs",
        {"marketplace": "DE", "seller_type": "3P", "brand_name": "Acme", "brand_registry": True},
    )
    answer = measured.admin.request("POST", f"/v1/programs/{unconnected['program_id']}/pulls")
    assert_problem(answer, 409, "connect Amazon Ads before pulling")


def test_reports_by_partner_date_asin_and_shared_id_with_csv_and_partner_scope(
    measured: MeasuredProgram, api: SellerlinkClient, operator: SellerlinkClient
) -> None:
    # Given two partners with sales on March 1 and 2, one of them through a SharedID link
    first = measured.add_partner(api, operator, "Alpha")
    second = measured.add_partner(api, operator, "Beta", shared_id="newsletter")
    sale_day(measured, first, "2026-03-01", 50.0)
    sale_day(measured, second, "2026-03-02", 20.0)
    measured.sandbox.set_clock("2026-03-04T12:00:00Z")
    pull = measured.pull()
    path = measured.path("/reports/performance")
    # When the brand reads the report by partner
    report = measured.admin.get(path, params={"group_by": "partner", "from": "2026-03-01"})
    # Then each partner has its numbers, commission, BRB and net cost; data as of the pull
    rows = {row["partner_id"]: row for row in report["rows"]}
    assert (rows[first]["sales"], rows[first]["commission"], rows[first]["brb"]) == ("50.00", "5.00", "5.00")
    assert rows[first]["net_cost"] == "0.00" and rows[first]["clicks"] == 12
    assert pull["started_at"] <= report["data_as_of"] <= pull["finished_at"]  # the sandbox clock runs on
    assert report["provisional_from"] == "2026-03-02"
    by_date = measured.admin.get(path, params={"group_by": "date", "from": "2026-03-01"})["rows"]
    assert [(r["event_date"], r["provisional"]) for r in by_date] == [
        ("2026-03-01", False),
        ("2026-03-02", True),
    ]
    by_asin = measured.admin.get(path, params={"group_by": "asin", "from": "2026-03-01"})["rows"]
    assert [(r["asin"], r["sales"], r["commission"]) for r in by_asin] == [
        (measured.asins[0], "70.00", "7.00")
    ]
    shared = measured.admin.get(path, params={"group_by": "shared_id", "from": "2026-03-01"})["rows"]
    assert [(r["shared_id"], r["clicks"], r["sales"]) for r in shared] == [("newsletter", 12, "20.00")]
    # And as CSV
    answer = measured.admin.request(
        "GET", path, params={"group_by": "partner", "from": "2026-03-01"}, headers={"Accept": "text/csv"}
    )
    assert answer.headers["Content-Type"].startswith("text/csv")
    lines = list(csv.DictReader(io.StringIO(answer.text)))
    assert {line["partner_id"]: line["commission"] for line in lines} == {first: "5.00", second: "2.00"}
    # And a partner reads only itself, and may not ask for another partner
    own = measured.partners[second].get(path, params={"group_by": "partner", "from": "2026-03-01"})
    assert [r["partner_id"] for r in own["rows"]] == [second]
    # And never sees the brand's margin, in JSON or in CSV
    assert not {"brb", "net_cost"} & {key for row in own["rows"] for key in row}
    own_csv = measured.partners[second].request(
        "GET", path, params={"group_by": "partner", "from": "2026-03-01"}, headers={"Accept": "text/csv"}
    )
    header = own_csv.text.splitlines()[0].split(",")
    assert own_csv.status_code == 200 and "commission" in header and not {"brb", "net_cost"} & set(header)
    assert [e["partner_id"] for e in measured.ledger(measured.partners[second])] == [second]
    other = measured.partners[second].request("GET", measured.path("/ledger"), params={"partner_id": first})
    assert_problem(other, 403, "reads its own numbers only")


def test_the_ledger_pages_with_a_cursor_and_filters(
    measured: MeasuredProgram, api: SellerlinkClient, operator: SellerlinkClient
) -> None:
    partner = measured.add_partner(api, operator, "Pager")
    for day in ("2026-03-01", "2026-03-02", "2026-03-03"):
        sale_day(measured, partner, day, 10.0)
    measured.sandbox.set_clock("2026-03-06T12:00:00Z")
    measured.pull()
    first = measured.admin.get(measured.path("/ledger"), params={"limit": 2})
    assert [e["event_date"] for e in first["entries"]] == ["2026-03-01", "2026-03-02"]
    rest = measured.admin.get(measured.path("/ledger"), params={"limit": 2, "cursor": first["next_cursor"]})
    assert [e["event_date"] for e in rest["entries"]] == ["2026-03-03"] and rest["next_cursor"] is None
    one_day = measured.admin.get(measured.path("/ledger"), params={"from": "2026-03-02", "to": "2026-03-02"})
    assert [(e["kind"], e["amount"], e["currency"]) for e in one_day["entries"]] == [
        ("created", "1.00", "USD")
    ]
    assert measured.admin.get(measured.path("/ledger"), params={"kind": "reversed"})["entries"] == []
    ppv = measured.admin.get("/v1/ppv", params={"month": "2026-03"})
    assert ppv["commissions"] == {"USD": "3.00"}
    bad = measured.admin.request("GET", measured.path("/ledger"), params={"cursor": "nonsense"})
    assert_problem(bad, 422, "The cursor is not one this API gave out")
