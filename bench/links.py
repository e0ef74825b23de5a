"""Tracking links on the local stack: warm single-link latency beside the gateway's no-op answer,
and one 5,000-ASIN bulk request.

The no-op is the gateway's own 404 for a path no route serves: the same HTTP client, server and
request parsing, no function and no AWS call, so it is the floor of any answer. Single links and
no-ops alternate, so a busy machine slows both alike. Prints figures and their targets, asserts
nothing about time, and writes bench/results/links.json (git-ignored). DynamoDB requests are
counted by the emulator, as it authorized the links function's role.
"""

from __future__ import annotations

import json
import os
import statistics
import time
from datetime import UTC, datetime
from pathlib import Path

from sellerlink.catalog.dal import ProductStore
from sellerlink.catalog.models import Product
from sellerlink.programs.dal import ProgramStore
from sellerlink.programs.models import ConnectionState
from sellerlink.table import Table
from sellerlink_local.drivers.client import SellerlinkClient
from sellerlink_local.stack.runtime import LocalStack, StackOptions

PRODUCTS = 5000
SINGLE_REQUESTS = 200
NOOP_PATH = "/bench/no-route-here"  # no route: the gateway answers 404 itself
SINGLE_TARGET = 3.0  # x the gateway no-op
BULK_TARGET = 2.0  # seconds for 5,000 links
RESULTS = Path(__file__).parent / "results"
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


def p50(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=100)[49]


def singles(stack: LocalStack, partner: SellerlinkClient, path: str, asins: list[str]) -> dict[str, float]:
    for asin in asins[:20]:  # warm up
        partner.post(path, {"asin": asin})
        partner.request("GET", NOOP_PATH)
    links: list[float] = []
    noops: list[float] = []
    before = dynamodb_requests(stack)
    for n in range(SINGLE_REQUESTS):
        start = time.perf_counter()
        partner.post(path, {"asin": asins[n % 50], "shared_id": f"s{n}"})
        links.append((time.perf_counter() - start) * 1000)
        start = time.perf_counter()
        assert partner.request("GET", NOOP_PATH).status_code == 404
        noops.append((time.perf_counter() - start) * 1000)
    calls = (dynamodb_requests(stack) - before) / SINGLE_REQUESTS
    return {
        "single_link_p50_ms": round(p50(links), 2),
        "single_link_p99_ms": round(statistics.quantiles(links, n=100)[98], 2),
        "gateway_noop_p50_ms": round(p50(noops), 2),
        "single_link_dynamodb_requests": round(calls, 2),
    }


def bulk(stack: LocalStack, partner: SellerlinkClient, path: str, asins: list[str]) -> dict[str, float]:
    assert stack.lambdas is not None
    inside = stack.lambdas.seconds["LinksFunction"]
    before, start = dynamodb_requests(stack), time.perf_counter()
    answer = partner.post(f"{path}/bulk", {"asins": asins, "shared_id": "bulk"})
    wall = time.perf_counter() - start
    inside = stack.lambdas.seconds["LinksFunction"] - inside
    assert len(answer["links"]) == len(asins) and not answer["errors"], "every bench ASIN makes a link"
    calls = dynamodb_requests(stack) - before
    return {
        "bulk_5000_seconds": round(wall, 3),
        "bulk_5000_function_seconds": round(inside, 3),
        "bulk_5000_dynamodb_requests": calls,
    }


def report(figures: dict[str, float]) -> None:
    link, noop = figures["single_link_p50_ms"], figures["gateway_noop_p50_ms"]
    print(f"links bench (load average {os.getloadavg()[0]:.1f})")
    print(
        f"single link, warm, p50 {link:.1f} ms (p99 {figures['single_link_p99_ms']:.1f})"
        f" | gateway no-op p50 {noop:.1f} ms | {link / noop:.1f}x (target <= {SINGLE_TARGET}x)"
        f" | {figures['single_link_dynamodb_requests']:.1f} DynamoDB requests per link"
    )
    print(
        f"bulk, {PRODUCTS:,} ASINs: {figures['bulk_5000_seconds']:.2f} s (target <= {BULK_TARGET} s),"
        f" {figures['bulk_5000_function_seconds']:.2f} s of it in the links function"
        f" | {figures['bulk_5000_dynamodb_requests']} DynamoDB requests (floor: 50 product and 50 link"
        " BatchGetItem, 200 BatchWriteItem for 5,000 new links)"
    )


def main() -> None:
    stack = LocalStack(StackOptions(api_port=0, aws_port=0, sandbox_port=0)).start()
    try:
        partner, program_id, asins = setup(stack)
        path = f"/v1/programs/{program_id}/links"
        figures = {**singles(stack, partner, path, asins), **bulk(stack, partner, path, asins)}
        link, noop = figures["single_link_p50_ms"], figures["gateway_noop_p50_ms"]
        figures["single_link_vs_noop"] = round(link / noop, 2)
        report(figures)
        RESULTS.mkdir(exist_ok=True)
        (RESULTS / "links.json").write_text(json.dumps(figures, indent=2) + "\n")
    finally:
        stack.stop()


if __name__ == "__main__":
    main()
