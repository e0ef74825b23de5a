"""The demo's second half: 45 simulated days of shoppers, a pull every day, and the money.

`story.py` calls `simulate_and_pull` once the program is onboarded and its partners have links.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta
from typing import Any

import requests

from sellerlink_local.demo.tables import partner_table
from sellerlink_local.drivers.client import SellerlinkClient
from sellerlink_local.stack.runtime import LocalStack

DAYS = 45


def simulate_and_pull(
    say: Callable[[str], None],
    stack: LocalStack,
    admin: SellerlinkClient,
    program: dict[str, Any],
    links: Sequence[dict[str, Any]],
) -> datetime:
    """Simulates and pulls DAYS days from the first of next month; that first day."""
    base = f"/v1/programs/{program['program_id']}"
    start = _first_of_next_month(_now(stack))
    control(stack, "PUT", "clock", {"now": _iso(start)})
    simulated = control(
        stack,
        "POST",
        "simulate",
        {
            "urls": [link["url"] for link in links],
            "start": _iso(start),
            "days": DAYS,
            "clicks_per_day": 8,
            "seed": 6,
        },
    )
    say(
        f"  The sandbox simulates {simulated['events']:,} shopper events over {DAYS} days "
        f"from {start:%Y-%m-%d}"
    )
    say("  (clicks, views, carts, purchases, Subscribe & Save, brand halo, returns restated by Amazon).")
    appended = 0
    for day in range(1, DAYS + 1):
        control(stack, "PUT", "clock", {"advance_days": 1})
        pull = pull_now(admin, base)
        appended += pull["entries_appended"]
        if day % 15 == 0 or pull["status"] != "SUCCEEDED":
            say(
                f"  day {day:>2}: daily pull {pull['status']}, {pull['rows_read']} rows, "
                f"{appended} entries so far"
            )
    _partner_table(say, admin, base, program, start)
    _statement(say, admin, base, program, start)
    return start


def _partner_table(
    say: Callable[[str], None], admin: SellerlinkClient, base: str, program: dict[str, Any], start: datetime
) -> None:
    names = {m["partner_id"]: m["partner_name"] for m in admin.get(f"{base}/partners")["memberships"]}
    report = admin.get(
        f"{base}/reports/performance",
        params={
            "group_by": "partner",
            "from": f"{start:%Y-%m-%d}",
            "to": f"{start + timedelta(days=DAYS):%Y-%m-%d}",
        },
    )
    currency = program.get("currency", report["currency"])
    say("")
    say(f"  Per partner, {DAYS} days ({currency}; data as of {report['data_as_of']}):")
    for line in partner_table(report["rows"], names):
        say(line)


def _statement(
    say: Callable[[str], None], admin: SellerlinkClient, base: str, program: dict[str, Any], start: datetime
) -> None:
    month = f"{start:%Y-%m}"
    statement = admin.get(f"{base}/statements", params={"month": month})
    names = {m["partner_id"]: m["partner_name"] for m in admin.get(f"{base}/partners")["memberships"]}
    state = "final" if statement["complete"] else f"locked through {statement['locked_through']}"
    say("")
    say(f"  Payout statement {month} ({state}; locked entries only):")
    for line in statement["partners"]:
        name = names.get(line["partner_id"], line["partner_id"])
        say(
            f"    {name:<20}{line['entries']:>5} entries  sales {line['sales']:>10}  "
            f"commission {line['commission']:>9}"
        )
    say(f"    {'total':<20}{'':>34}commission {statement['total_commission']:>9} {statement['currency']}")


def pull_now(admin: SellerlinkClient, base: str, **window: str) -> dict[str, Any]:
    """An on-demand pull of the program at `base` (optionally `from`/`to`), once it has finished."""
    pull = admin.post(f"{base}/pulls", window or None)
    while pull["status"] == "RUNNING":
        time.sleep(0.1)
        pull = admin.get(f"{base}/pulls/{pull['pull_id']}")
    return dict(pull)


def control(stack: LocalStack, method: str, path: str, body: Any) -> Any:
    answer = requests.request(method, f"{stack.sandbox_url}/_sandbox/{path}", json=body, timeout=120)
    answer.raise_for_status()
    return answer.json()


def _now(stack: LocalStack) -> datetime:
    now = requests.get(f"{stack.sandbox_url}/_sandbox/clock", timeout=10).json()["now"]
    return datetime.fromisoformat(now.replace("Z", "+00:00"))


def _first_of_next_month(now: datetime) -> datetime:
    """The simulation starts on a month's first day, so the statement covers that month from its start."""
    return (now.replace(day=28) + timedelta(days=4)).replace(day=1, hour=0, minute=0, second=0, microsecond=0)


def _iso(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")
