"""A whole attribution pull through the local stack, and the same pull again on unchanged data.

The program is onboarded by OAuth at the sandbox like any other. Its partners' memberships are
written straight to the table (links need not exist: a partner's ad group id depends on the
program and the partner only), and what Amazon measured for them is put straight into the
sandbox's event store: each partner has 12 clicks a day (over Amazon's 10-click threshold) and
a purchase of each ASIN, which gives per partner and day one ADGROUP row, one CREATIVE row and
one PRODUCTS row per ASIN. Then `POST /v1/programs/{id}/pulls` runs the shipped workflow on
moto's Step Functions, with every fetch and ledger step in a Lambda handler, twice.

DynamoDB requests are counted in this process (every handler runs here) on botocore's
`before-call.dynamodb` event; the ledger's and the facts' writes are told apart by sort key.
Everything shares one process and one GIL, so each function's seconds include waiting for the
others (the postbacks consumer fans the first pull's events out while its ledger step writes).

Part of `bench/pull.py`; alone: `.venv/bin/python bench/_whole_pull.py [--rows 100000]`.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import boto3

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
_running = threading.local()


@dataclass
class PullMeter:
    """Seconds in each Lambda function, and the DynamoDB requests of the pull's own functions with
    the ledger entries and facts they write. The API's answers to the bench's polling, the
    postbacks consumer and the emulator's own work are not counted."""

    seconds: Counter[str] = field(default_factory=Counter)
    requests: Counter[str] = field(default_factory=Counter)
    written: Counter[str] = field(default_factory=Counter)

    def install(self, stack: LocalStack) -> None:
        if boto3.DEFAULT_SESSION is None:
            boto3.setup_default_session()
        assert boto3.DEFAULT_SESSION is not None
        boto3.DEFAULT_SESSION.events.register("before-call.dynamodb", self._count)
        invoke = stack.dispatcher.invoke

        def timed(name: str, event: dict[str, Any]) -> Any:
            _running.function, started = name, time.perf_counter()
            try:
                return invoke(name, event)
            finally:
                self.seconds[name] += time.perf_counter() - started
                _running.function = None

        stack.dispatcher.invoke = timed  # type: ignore[method-assign]

    def clear(self) -> None:
        self.seconds.clear()
        self.requests.clear()
        self.written.clear()

    def _count(self, model: Any, params: dict[str, Any], **_: Any) -> None:
        if getattr(_running, "function", None) not in PULL_FUNCTIONS:
            return
        self.requests[model.name] += 1
        for item in _written_items(model.name, json.loads(params["body"] or b"{}")):
            self.written[str(item.get("SK", {}).get("S", "")).split("#", 1)[0]] += 1


def _written_items(operation: str, params: dict[str, Any]) -> list[dict[str, Any]]:
    if operation == "PutItem":
        return [params["Item"]]
    if operation == "BatchWriteItem":
        requests = [w for ws in params["RequestItems"].values() for w in ws]
        return [w["PutRequest"]["Item"] for w in requests if "PutRequest" in w]
    if operation == "TransactWriteItems":
        return [t["Put"]["Item"] for t in params["TransactItems"] if "Put" in t]
    return []


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


def add_partners(account_id: str, program_id: str, count: int) -> list[str]:
    """Approved memberships written straight to the table; the partners' ids."""
    partners = PartnerStore(Table(os.environ["TABLE_NAME"]))
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


def measure(rows: int, days: int, asins: int) -> None:
    partners = math.ceil(rows / (days * (2 + asins)))
    meter = PullMeter()
    stack = LocalStack(StackOptions(api_port=0, aws_port=0, sandbox_port=0)).start()
    meter.install(stack)
    try:
        admin, account_id, program = brand_program(stack, asins)
        partner_ids = add_partners(account_id, program["program_id"], partners)
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
            spent = meter.seconds.items()
            print("    time in functions: " + ", ".join(f"{name[:-8]} {s:.1f} s" for name, s in spent))
            per_thousand = {
                name: round(count * 1000 / max(pull["rows_read"], 1), 1)
                for name, count in sorted(meter.requests.items())
            }
            print(
                f"    the pull's DynamoDB requests per 1,000 rows: {per_thousand}; items written: "
                f"{meter.written['LEDGER']:,} ledger entries, {meter.written['FACT']:,} facts, "
                f"{meter.written['PAGE']:,} staged pages"
            )
    finally:
        stack.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--days", type=int, default=30)
    parser.add_argument("--asins", type=int, default=3)
    args = parser.parse_args()
    measure(args.rows, args.days, args.asins)


if __name__ == "__main__":
    main()
