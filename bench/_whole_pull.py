"""A whole attribution pull through the local stack, and the same pull again on unchanged data.

The program is onboarded by OAuth at the sandbox like any other. Its partners' memberships are
written straight to the table (links need not exist: a partner's ad group id depends on the
program and the partner only), and what Amazon measured for them is put straight into the
sandbox's event store: each partner has 12 clicks a day (over Amazon's 10-click threshold) and
a purchase of each ASIN, which gives per partner and day one ADGROUP row, one CREATIVE row and
one PRODUCTS row per ASIN. Then `POST /v1/programs/{id}/pulls` runs the shipped workflow on
moto's Step Functions, with every fetch and ledger step in a Lambda handler, twice.

DynamoDB requests are counted by the emulator, per function role (a transaction counts once per
item, as IAM authorizes it); each function runs in its own processes, so its seconds are its own,
though the emulator serves every function from one process.

Part of `bench/pull.py`; alone: `.venv/bin/python bench/_whole_pull.py [--rows 100000]`.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from sellerlink.links.identifiers import identifiers
from sellerlink.partners.dal import PartnerStore
from sellerlink.partners.models import Membership, MembershipStatus
from sellerlink.table import Table
from sellerlink_local.drivers.amazon_user import SandboxAmazon, onboard
from sellerlink_local.drivers.client import SellerlinkClient
from sellerlink_local.sandbox.ads.event_store import CLICK, PURCHASE, Fact
from sellerlink_local.sandbox.shoppers.last_click import DAY, day_of
from sellerlink_local.stack.runtime import LocalStack, StackOptions

TODAY = datetime(2026, 3, 31, 12, tzinfo=UTC)
CLICKS_PER_DAY = 12
PUBLISHER = "Sellerlink Affiliates"
GIVE_UP_SECONDS = 30 * 60


PULL_FUNCTIONS = ("PlanPullsFunction", "FetchReportsFunction", "ApplyLedgerFunction", "SummarizePullFunction")


@dataclass
class PullMeter:
    """Seconds in each of the pull's functions (each runs in its own processes, as on Lambda) and
    the DynamoDB requests the emulator allowed their roles, between `clear()` and `read()`."""

    stack: LocalStack
    seconds: Counter[str] = field(default_factory=Counter)
    requests: Counter[str] = field(default_factory=Counter)

    def clear(self) -> None:
        self.seconds, self.requests = self._seconds(), self._requests()

    def read(self) -> tuple[Counter[str], Counter[str]]:
        return self._seconds() - self.seconds, self._requests() - self.requests

    def _seconds(self) -> Counter[str]:
        assert self.stack.lambdas is not None
        return Counter({name: self.stack.lambdas.seconds[name] for name in PULL_FUNCTIONS})

    def _requests(self) -> Counter[str]:
        found: Counter[str] = Counter()
        for function in PULL_FUNCTIONS:
            found.update(
                {a: n for a, n in self.stack.calls_of(function).items() if a.startswith("dynamodb:")}
            )
        return found


def brand_program(stack: LocalStack, asins: int) -> tuple[SellerlinkClient, str, dict[str, Any]]:
    """An active program with 8% default terms, onboarded at the sandbox; its admin and account."""
    amazon = SandboxAmazon(stack.sandbox_url)
    amazon.control("PUT", "clock", {"now": TODAY.isoformat().replace("+00:00", "Z")})
    brand = amazon.create_brand("Bench Brand", catalog_size=asins)
    operator = SellerlinkClient(stack.api_url, stack.operator_key)
    created = operator.post("/v1/accounts", {"name": "Bench Brand", "edition": "pro"})
    admin = operator.with_key(created["admin_key"]["key"])
    program = admin.post(
        "/v1/programs",
        {"marketplace": "US", "seller_type": "3P", "brand_name": "Bench Brand", "brand_registry": True},
    )
    path = f"/v1/programs/{program['program_id']}"
    onboard(admin, program["program_id"], brand["login"])
    admin.call("PUT", f"{path}/terms", json={"default": {"type": "percent", "value": "8"}})
    return admin, created["account"]["account_id"], admin.post(f"{path}/activate")


def add_partners(stack: LocalStack, account_id: str, program_id: str, count: int) -> list[str]:
    """Approved memberships written straight to the table; the partners' ids."""
    partners = PartnerStore(Table(stack.resource("Table"), stack.dynamodb()))
    now = TODAY
    ids = [f"ptr_bench{p:06d}" for p in range(count)]
    for partner_id in ids:
        partners.add_membership(
            Membership(
                account_id=account_id,
                program_id=program_id,
                partner_id=partner_id,
                partner_name=partner_id,
                status=MembershipStatus.APPROVED,
                created_at=now,
                updated_at=now,
            )
        )
    return ids


def seed_amazon(
    stack: LocalStack, program: dict[str, Any], asins: list[str], partner_ids: list[str], days: int
) -> int:
    """What Amazon measured for each partner over the last `days` days; how many facts."""
    state, rng = stack.sandbox.state, random.Random(1)
    profile_id = int(program["onboarding"]["ads_profile_id"])
    asin_ids = [state.store.asin_id(asin) for asin in asins]
    facts = 0
    with state.lock:
        profile = state.store.facts(profile_id)
        for partner_id in partner_ids:
            ids = identifiers(program["program_id"], partner_id, "", None)
            key_id = profile.key_id((ids.campaign_id, ids.ad_group_id, PUBLISHER, ids.creative_id))
            for offset in range(1, days + 1):
                at = int((TODAY - timedelta(days=offset)).replace(hour=1).timestamp())
                day = day_of(at)
                for _ in range(CLICKS_PER_DAY):
                    state.store.add(profile_id, day, Fact(at + DAY, key_id, CLICK))
                for position, asin_id in enumerate(asin_ids):
                    sales = rng.randint(1_000, 10_000) / 100
                    purchase = Fact(at + DAY, key_id, PURCHASE, asin_id, position > 0, 1, 1, sales)
                    state.store.add(profile_id, day, purchase)
                facts += CLICKS_PER_DAY + len(asin_ids)
    return facts


def backfills_done(admin: SellerlinkClient, program_id: str) -> None:
    """Connecting Amazon started the program's backfill pulls; they finish before Amazon's data
    is seeded, so that the measured pull is the one that writes the ledger."""
    started = time.perf_counter()
    while any(p["status"] == "RUNNING" for p in admin.get(f"/v1/programs/{program_id}/pulls")["pulls"]):
        if time.perf_counter() - started > GIVE_UP_SECONDS:
            raise TimeoutError(f"the backfill of {program_id} still runs")
        time.sleep(0.5)


def timed_pull(admin: SellerlinkClient, program_id: str) -> tuple[dict[str, Any], float]:
    path = f"/v1/programs/{program_id}/pulls"
    started = time.perf_counter()
    pull_id = admin.post(path)["pull_id"]
    while True:
        pull = admin.get(f"{path}/{pull_id}")
        seconds = time.perf_counter() - started
        if pull["status"] != "RUNNING":
            return dict(pull), seconds
        if seconds > GIVE_UP_SECONDS:
            raise TimeoutError(f"pull {pull_id} still RUNNING after {seconds:.0f} s: {pull}")
        time.sleep(0.5)


def measure(rows: int, days: int, asins: int) -> dict[str, float]:
    """Prints the figures; returns the first pull's seconds, the re-run's, and the ledger step's
    DynamoDB requests per 1,000 rows on the first pull."""
    partners = math.ceil(rows / (days * (2 + asins)))
    stack = LocalStack(StackOptions(api_port=0, aws_port=0, sandbox_port=0)).start()
    meter = PullMeter(stack)
    figures: dict[str, float] = {}
    try:
        admin, account_id, program = brand_program(stack, asins)
        backfills_done(admin, program["program_id"])  # else the first pull waits for the ledger
        partner_ids = add_partners(stack, account_id, program["program_id"], partners)
        products = admin.get(f"/v1/programs/{program['program_id']}/products")["products"]
        facts = seed_amazon(stack, program, [p["asin"] for p in products], partner_ids, days)
        print(f"whole pull: {partners:,} partners, {days} days, {asins} ASINs: {facts:,} facts at Amazon")
        for attempt in ("first pull", "same pull again, unchanged data"):
            meter.clear()
            pull, seconds = timed_pull(admin, program["program_id"])
            print(
                f"  {attempt}: {pull['status']} in {seconds:.1f} s wall time: {pull['rows_read']:,} report "
                f"rows in {pull['pages_read']} pages, {pull['entries_appended']:,} entries appended"
                + (f" ({pull['error']})" if pull.get("error") else "")
            )
            spent, requests = meter.read()
            print(
                "    time in functions: " + ", ".join(f"{name[:-8]} {s:.1f} s" for name, s in spent.items())
            )
            per_thousand = {
                name.split(":")[1]: round(count * 1000 / max(pull["rows_read"], 1), 1)
                for name, count in sorted(requests.items())
            }
            print(f"    the pull's DynamoDB requests per 1,000 rows: {per_thousand}")
            figures["first_seconds" if not figures else "rerun_seconds"] = round(seconds, 1)
            figures.setdefault("requests_per_1000_rows", round(sum(per_thousand.values()), 1))
    finally:
        stack.stop()
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--days", type=int, default=30)
    parser.add_argument("--asins", type=int, default=3)
    parser.add_argument("--json", action="store_true", help="end with the figures as one JSON line")
    args = parser.parse_args()
    figures = measure(args.rows, args.days, args.asins)
    if args.json:
        print(json.dumps(figures))


if __name__ == "__main__":
    main()
