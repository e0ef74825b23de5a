"""Tracking links on the local stack: warm single-link latency, and one 5,000-ASIN bulk request.

Prints figures, asserts nothing about time. DynamoDB requests are counted by the emulator, as it
authorized the links function's role.
"""

from __future__ import annotations

import statistics
import time
from datetime import UTC, datetime

from sellerlink.catalog.dal import ProductStore
from sellerlink.catalog.models import Product
from sellerlink.programs.dal import ProgramStore
from sellerlink.programs.models import ConnectionState
from sellerlink.table import Table
from sellerlink_local.drivers.client import SellerlinkClient
from sellerlink_local.stack.runtime import LocalStack, StackOptions

PRODUCTS = 5000
SINGLE_REQUESTS = 200
TEMPLATE = (
    "maas=maas_adg_api_ENTITYBENCH_static_9_99&ref_=aa_maas&tag=maas"
    "&aa_campaignid={insertCampaignId}&aa_adgroupid={insertAdGroupId}&aa_creativeid={insertAdiD}"
)


def onboard(stack: LocalStack, account_id: str, program_id: str, asins: list[str]) -> None:
    table = Table(stack.resource("Table"), stack.dynamodb())
    programs = ProgramStore(table)
    program = programs.get(account_id, program_id)
    assert program is not None
    now = datetime.now(UTC)
    onboarding = program.onboarding.model_copy(
        update={
            "amazon_ads": ConnectionState.CONNECTED,
            "ads_profile_id": "1",
            "advertiser_id": "ENTITYBENCH",
            "tag_template": TEMPLATE,
            "selling_partner": ConnectionState.CONNECTED,
            "catalog_imported_at": now,
        }
    )
    programs.save(program.model_copy(update={"onboarding": onboarding}))
    ProductStore(table).upsert(
        account_id, program_id, [Product(asin=a, title=a, imported_at=now) for a in asins]
    )


def dynamodb_requests(stack: LocalStack) -> int:
    """The links function's DynamoDB requests so far, as the emulator authorized them."""
    return sum(n for action, n in stack.calls_of("LinksFunction").items() if action.startswith("dynamodb:"))


def setup(stack: LocalStack) -> tuple[SellerlinkClient, str, list[str]]:
    api = SellerlinkClient(stack.api_url)
    operator = api.with_key(stack.operator_key)
    created = operator.post("/v1/accounts", {"name": "Bench Brand", "edition": "pro"})
    admin = api.with_key(created["admin_key"]["key"])
    program = admin.post(
        "/v1/programs",
        {"marketplace": "US", "seller_type": "3P", "brand_name": "Bench", "brand_registry": True},
    )
    program_id = program["program_id"]
    asins = [f"B0BENCH{n:03d}" if n < 1000 else f"B0B{n:07d}" for n in range(PRODUCTS)]
    onboard(stack, created["account"]["account_id"], program_id, asins)
    admin.call("PUT", f"/v1/programs/{program_id}/terms", json={"default": {"type": "percent", "value": "8"}})
    admin.post(f"/v1/programs/{program_id}/activate")
    made = operator.post("/v1/partners", {"name": "Bench Partner"})
    partner = api.with_key(made["key"]["key"])
    partner.post(f"/v1/programs/{program_id}/applications")
    admin.post(f"/v1/programs/{program_id}/partners/{made['partner']['partner_id']}/approve")
    return partner, program_id, asins


def main() -> None:
    stack = LocalStack(StackOptions(api_port=0, aws_port=0, sandbox_port=0)).start()
    try:
        partner, program_id, asins = setup(stack)
        path = f"/v1/programs/{program_id}/links"
        for asin in asins[:20]:  # warm up
            partner.post(path, {"asin": asin})
        latencies = []
        for n in range(SINGLE_REQUESTS):
            start = time.perf_counter()
            partner.post(path, {"asin": asins[n % 50], "shared_id": f"s{n}"})
            latencies.append((time.perf_counter() - start) * 1000)
        quantiles = statistics.quantiles(latencies, n=100)
        p50, p99 = quantiles[49], quantiles[98]
        print(f"single link, warm, {SINGLE_REQUESTS} requests: p50 {p50:.1f} ms, p99 {p99:.1f} ms")
        before, start = dynamodb_requests(stack), time.perf_counter()
        answer = partner.post(f"{path}/bulk", {"asins": asins, "shared_id": "bulk"})
        wall = time.perf_counter() - start
        print(
            f"bulk, {len(asins):,} ASINs: {len(answer['links']):,} links, {len(answer['errors'])} errors, "
            f"{wall:.2f} s wall, {dynamodb_requests(stack) - before} DynamoDB requests "
            "(the key, program and membership reads, BatchGetItem of products and links, BatchWriteItem)"
        )
    finally:
        stack.stop()


if __name__ == "__main__":
    main()
